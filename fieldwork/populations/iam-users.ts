/** Every IAM user as of a date, with its access, from the day's last snapshot. */
import { z } from 'zod';
import { resourcesOfType, type IamCredentials } from '../../model/resources.ts';
import { SnapshotRowBase, type AsOfPopulationDefinition } from '../population-types.ts';
import { USER_ACCESS_COLUMNS, userAccess } from './user-access.ts';

export const UserAccessFields = z.object({
  userName: z.string(),
  createDate: z.string(),
  groups: z.array(z.string()),
  attachedPolicies: z.array(z.string()),
  inlinePolicies: z.array(z.string()),
  groupPolicies: z.array(z.string()),
  permissionsBoundaryArn: z.string().nullable(),
  mfaActive: z.boolean().nullable(),
  consoleAccess: z.boolean().nullable(),
  passwordLastUsed: z.string().nullable(),
  activeAccessKeys: z.number().int().nullable(),
  accessKey1Active: z.boolean().nullable(),
  accessKey1AgeDays: z.number().int().nullable(),
  accessKey1LastUsed: z.string().nullable(),
  accessKey2Active: z.boolean().nullable(),
  accessKey2AgeDays: z.number().int().nullable(),
  accessKey2LastUsed: z.string().nullable(),
  lastActivity: z.string().nullable(),
});

export const IamUserRow = SnapshotRowBase.extend(UserAccessFields.shape);
export type IamUserRow = z.infer<typeof IamUserRow>;

export const iamUsers: AsOfPopulationDefinition<IamUserRow> = {
  name: 'iam-users',
  description: 'every IAM user as of a date with its access: groups, attached, inline and group policies, MFA, console, access keys with ages, last activity',
  criteria: ['CC6.1', 'CC6.2', 'CC6.3'],
  takes: 'as-of',
  evidence: 'snapshot',
  row: IamUserRow,
  columns: ['key', ...USER_ACCESS_COLUMNS, 'resourceType', 'resourceId', 'snapshotId', 'snapshotSha256'],
  excerptTypes: ['aws.iam.user', 'aws.iam.credentials'],
  async build({ store, snapshot }) {
    const { resources } = await store.loadSnapshot(snapshot.id);
    const groups = new Map(resourcesOfType(resources, 'aws.iam.group').map((g) => [g.name, g]));
    const creds = new Map<string, IamCredentials>(resourcesOfType(resources, 'aws.iam.credentials').map((c) => [c.id, c]));
    return resourcesOfType(resources, 'aws.iam.user').map((u) => ({
      key: u.name,
      ...userAccess(u, creds.get(u.id), groups, snapshot.capturedAt),
      resourceType: u.type,
      resourceId: u.id,
      snapshotId: snapshot.id,
      snapshotSha256: snapshot.snapshotSha256,
    }));
  },
};
