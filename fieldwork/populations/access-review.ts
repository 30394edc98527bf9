/**
 * The access review worksheet (CC6.2, CC6.3): for each quarter of the period, every user and role
 * with its effective access as of the quarter's last snapshot in the period, and empty columns for
 * the reviewer's decision. Loads one snapshot per quarter, never the days between.
 */
import { z } from 'zod';
import { resourcesOfType, type IamCredentials, type IamRole, type PolicyDocument } from '../../model/resources.ts';
import type { SnapshotRecord } from '../../store/types.ts';
import { dayOf, quarterOf } from '../calendar.ts';
import { SnapshotRowBase, type PeriodPopulationDefinition } from '../population-types.ts';
import { userAccess } from './user-access.ts';

export const AccessReviewRow = SnapshotRowBase.extend({
  quarter: z.string(),
  /** The day of the snapshot the quarter is reviewed as of. */
  asOfDay: z.string(),
  principalType: z.enum(['user', 'role']),
  principalName: z.string(),
  createDate: z.string(),
  groups: z.array(z.string()),
  attachedPolicies: z.array(z.string()),
  inlinePolicies: z.array(z.string()),
  groupPolicies: z.array(z.string()),
  permissionsBoundaryArn: z.string().nullable(),
  mfaActive: z.boolean().nullable(),
  consoleAccess: z.boolean().nullable(),
  activeAccessKeys: z.number().int().nullable(),
  /** Roles: who may assume it (the trust policy's principals). */
  trustedPrincipals: z.array(z.string()),
  lastActivity: z.string().nullable(),
  /** For the reviewer to fill in (keep, change, remove), with who and when. */
  reviewDecision: z.null(),
  reviewer: z.null(),
  reviewedOn: z.null(),
});
export type AccessReviewRow = z.infer<typeof AccessReviewRow>;

/** The principals a trust policy names (AWS, Service, Federated), sorted. */
function trustedPrincipals(doc: PolicyDocument): string[] {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const out = new Set<string>();
  for (const s of statements as { Principal?: unknown }[]) {
    const p = s.Principal;
    if (typeof p === 'string') out.add(p);
    else if (p && typeof p === 'object') {
      for (const [kind, v] of Object.entries(p as Record<string, unknown>)) for (const x of Array.isArray(v) ? v : [v]) out.add(`${kind}: ${String(x)}`);
    }
  }
  return [...out].sort();
}

function roleRow(r: IamRole) {
  return {
    principalType: 'role' as const,
    principalName: r.name,
    createDate: r.createDate,
    groups: [],
    attachedPolicies: r.attachedPolicies.map((p) => p.arn),
    inlinePolicies: r.inlinePolicies.map((p) => p.name),
    groupPolicies: [],
    permissionsBoundaryArn: r.permissionsBoundaryArn,
    mfaActive: null,
    consoleAccess: null,
    activeAccessKeys: null,
    trustedPrincipals: trustedPrincipals(r.assumeRolePolicy),
    lastActivity: r.lastUsedDate,
  };
}

/** Each quarter's last snapshot among the period's (records in order of observation). */
export function quarterSnapshots(records: readonly SnapshotRecord[]): Map<string, SnapshotRecord> {
  const out = new Map<string, SnapshotRecord>();
  for (const r of records) out.set(quarterOf(dayOf(r.scheduledFor)), r);
  return out;
}

export const accessReview: PeriodPopulationDefinition<AccessReviewRow> = {
  name: 'access-review',
  description: 'access review worksheet (CC6.2, CC6.3): per quarter, every user and role with its effective access as of the quarter\'s last snapshot, with columns for the decision',
  criteria: ['CC6.2', 'CC6.3'],
  takes: 'period',
  evidence: 'snapshot',
  row: AccessReviewRow,
  columns: ['key', 'quarter', 'asOfDay', 'principalType', 'principalName', 'createDate', 'groups', 'attachedPolicies', 'inlinePolicies', 'groupPolicies', 'permissionsBoundaryArn', 'mfaActive', 'consoleAccess', 'activeAccessKeys', 'trustedPrincipals', 'lastActivity', 'reviewDecision', 'reviewer', 'reviewedOn', 'resourceType', 'resourceId', 'snapshotId', 'snapshotSha256'],
  excerptTypes: ['aws.iam.user', 'aws.iam.credentials', 'aws.iam.role'],
  async build({ store, records }) {
    const rows: AccessReviewRow[] = [];
    const used = quarterSnapshots(records);
    for (const [quarter, rec] of used) {
      const { resources } = await store.loadSnapshot(rec.id);
      const base = { quarter, asOfDay: dayOf(rec.scheduledFor), snapshotId: rec.id, snapshotSha256: rec.snapshotSha256, reviewDecision: null, reviewer: null, reviewedOn: null };
      const groups = new Map(resourcesOfType(resources, 'aws.iam.group').map((g) => [g.name, g]));
      const creds = new Map<string, IamCredentials>(resourcesOfType(resources, 'aws.iam.credentials').map((c) => [c.id, c]));
      for (const u of resourcesOfType(resources, 'aws.iam.user')) {
        const a = userAccess(u, creds.get(u.id), groups, rec.capturedAt);
        rows.push({
          ...base,
          key: `${quarter} user:${u.name}`,
          principalType: 'user',
          principalName: u.name,
          createDate: a.createDate,
          groups: a.groups,
          attachedPolicies: a.attachedPolicies,
          inlinePolicies: a.inlinePolicies,
          groupPolicies: a.groupPolicies,
          permissionsBoundaryArn: a.permissionsBoundaryArn,
          mfaActive: a.mfaActive,
          consoleAccess: a.consoleAccess,
          activeAccessKeys: a.activeAccessKeys,
          trustedPrincipals: [],
          lastActivity: a.lastActivity,
          resourceType: u.type,
          resourceId: u.id,
        });
      }
      for (const r of resourcesOfType(resources, 'aws.iam.role')) {
        rows.push({ ...base, key: `${quarter} role:${r.name}`, ...roleRow(r), resourceType: r.type, resourceId: r.id });
      }
    }
    return { rows, snapshots: [...used.values()] };
  },
};
