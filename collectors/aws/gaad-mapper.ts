/**
 * Maps GetAccountAuthorizationDetails pages (the SDK's shapes) to model resources: users, groups,
 * roles and managed policies (local and AWS-managed; only the default version's document is kept).
 * No I/O, so it is tested with plain objects.
 *
 * A tolerant reader: a field the answer leaves out (as some AWS emulators do) is derived where the
 * answer still says it exactly (a name or path from the ARN, the default version from the version
 * marked default, an UpdateDate from the CreateDate), or recorded as null where nothing does and
 * the model allows it (a managed policy's PolicyId: no check reads it); each is noted as an anomaly
 * on the operation's provenance record. Only what cannot be evidenced fails the mapping
 * (GaadMappingError): an entity without an ARN, a required id, a date, a default document.
 */
import type { GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import type {
  AttachedPolicy,
  IamGroup,
  IamManagedPolicy,
  IamRole,
  IamUser,
  InlinePolicy,
} from '../../model/resources.ts';
import { parseIamArn, type IamArnKind } from './iam-arn.ts';
import { toIsoUtc } from './iso-time.ts';
import { decodePolicyDocument } from './policy-document.ts';
import { noteResponseAnomaly, type AnomalyNote } from './provenance-recorder.ts';

export type GaadPage = Pick<
  GetAccountAuthorizationDetailsCommandOutput,
  'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'
>;

export class GaadMappingError extends Error {
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super(`GetAccountAuthorizationDetails ${where}: ${detail}`);
    this.name = 'GaadMappingError';
  }
}

export type IamEntity = IamUser | IamGroup | IamRole | IamManagedPolicy;

function need<T>(value: T | undefined | null, where: string, field: string): T {
  if (value === undefined || value === null) throw new GaadMappingError(where, `field ${field} is missing`);
  return value;
}

function time(value: Date | undefined, where: string, field: string): string {
  const iso = toIsoUtc(value);
  if (!iso) throw new GaadMappingError(where, `field ${field} is missing or not a time`);
  return iso;
}

export const DERIVED_FROM_ARN = 'derived from the ARN';
export const RECORDED_AS_NULL = 'recorded as null: the answer does not say it';

/** The name (or path) an ARN gives, when the answer left it out; fails when the ARN does not give it either. */
function fromArn(
  value: string | undefined,
  arn: string,
  kind: IamArnKind,
  part: 'name' | 'path',
  where: string,
  field: string,
  note: AnomalyNote,
): string {
  if (value !== undefined && value !== null) return value;
  const parts = parseIamArn(arn, kind);
  if (!parts) throw new GaadMappingError(where, `field ${field.replace(/^.*\./, '')} is missing and the ARN ${arn} does not give it`);
  note(field, DERIVED_FROM_ARN, arn);
  return parts[part];
}

function attached(
  list: { PolicyArn?: string; PolicyName?: string }[] | undefined,
  where: string,
  listField: string,
  note: AnomalyNote,
): AttachedPolicy[] {
  return (list ?? []).map((p) => {
    const arn = need(p.PolicyArn, where, 'PolicyArn');
    return { arn, name: fromArn(p.PolicyName, arn, 'policy', 'name', where, `${listField}.PolicyName`, note) };
  });
}

function inline(
  list: { PolicyName?: string; PolicyDocument?: string }[] | undefined,
  where: string,
): InlinePolicy[] {
  return (list ?? []).map((p) => {
    const name = need(p.PolicyName, where, 'PolicyName');
    return { name, document: decodePolicyDocument(p.PolicyDocument, `${where} inline policy ${name}`) };
  });
}

function tags(list: { Key?: string; Value?: string }[] | undefined): { key: string; value: string }[] {
  return (list ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}

/** Is this an AWS-managed policy ARN (arn:<partition>:iam::aws:policy/...)? */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[a-z-]+:iam::aws:policy\//.test(arn);
}

/**
 * Maps every page in order. Throws GaadMappingError naming the entity when a field that cannot be
 * derived is missing. `note` receives each anomaly; by default it goes to the provenance record of
 * the operation running (the IAM collector maps each page inside its GAAD operation).
 */
export function mapGaadPages(pages: readonly GaadPage[], note: AnomalyNote = noteResponseAnomaly): IamEntity[] {
  const out: IamEntity[] = [];
  for (const page of pages) {
    for (const u of page.UserDetailList ?? []) {
      const where = `user ${u.Arn ?? u.UserName ?? '?'}`;
      const arn = need(u.Arn, where, 'Arn');
      out.push({
        type: 'aws.iam.user',
        id: arn,
        name: fromArn(u.UserName, arn, 'user', 'name', where, 'UserDetailList[].UserName', note),
        userId: need(u.UserId, where, 'UserId'),
        path: u.Path ?? '/',
        createDate: time(u.CreateDate, where, 'CreateDate'),
        groups: [...(u.GroupList ?? [])],
        attachedPolicies: attached(u.AttachedManagedPolicies, where, 'UserDetailList[].AttachedManagedPolicies[]', note),
        inlinePolicies: inline(u.UserPolicyList, where),
        permissionsBoundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
        tags: tags(u.Tags),
      });
    }
    for (const g of page.GroupDetailList ?? []) {
      const where = `group ${g.Arn ?? g.GroupName ?? '?'}`;
      const arn = need(g.Arn, where, 'Arn');
      out.push({
        type: 'aws.iam.group',
        id: arn,
        name: fromArn(g.GroupName, arn, 'group', 'name', where, 'GroupDetailList[].GroupName', note),
        groupId: need(g.GroupId, where, 'GroupId'),
        path: g.Path ?? '/',
        createDate: time(g.CreateDate, where, 'CreateDate'),
        attachedPolicies: attached(g.AttachedManagedPolicies, where, 'GroupDetailList[].AttachedManagedPolicies[]', note),
        inlinePolicies: inline(g.GroupPolicyList, where),
      });
    }
    for (const r of page.RoleDetailList ?? []) {
      const where = `role ${r.Arn ?? r.RoleName ?? '?'}`;
      const arn = need(r.Arn, where, 'Arn');
      out.push({
        type: 'aws.iam.role',
        id: arn,
        name: fromArn(r.RoleName, arn, 'role', 'name', where, 'RoleDetailList[].RoleName', note),
        roleId: need(r.RoleId, where, 'RoleId'),
        path: r.Path ?? '/',
        createDate: time(r.CreateDate, where, 'CreateDate'),
        assumeRolePolicy: decodePolicyDocument(r.AssumeRolePolicyDocument, `${where} trust policy`),
        attachedPolicies: attached(r.AttachedManagedPolicies, where, 'RoleDetailList[].AttachedManagedPolicies[]', note),
        inlinePolicies: inline(r.RolePolicyList, where),
        permissionsBoundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
        lastUsedDate: toIsoUtc(r.RoleLastUsed?.LastUsedDate),
        lastUsedRegion: r.RoleLastUsed?.Region ?? null,
        tags: tags(r.Tags),
      });
    }
    for (const p of page.Policies ?? []) {
      const where = `policy ${p.Arn ?? p.PolicyName ?? '?'}`;
      const arn = need(p.Arn, where, 'Arn');
      const versions = p.PolicyVersionList ?? [];
      const dflt =
        versions.find((v) => v.IsDefaultVersion) ??
        (p.DefaultVersionId === undefined ? undefined : versions.find((v) => v.VersionId === p.DefaultVersionId));
      if (!dflt)
        throw new GaadMappingError(where, `no default version (${p.DefaultVersionId ?? 'DefaultVersionId missing'}) in PolicyVersionList`);
      let defaultVersionId = p.DefaultVersionId;
      if (defaultVersionId === undefined) {
        defaultVersionId = need(dflt.VersionId, where, 'DefaultVersionId');
        note('Policies[].DefaultVersionId', 'taken from the version marked IsDefaultVersion', arn);
      }
      if (p.PolicyId === undefined) note('Policies[].PolicyId', RECORDED_AS_NULL, arn);
      if (p.UpdateDate === undefined && p.CreateDate !== undefined) note('Policies[].UpdateDate', 'taken from CreateDate', arn);
      out.push({
        type: 'aws.iam.policy',
        id: arn,
        name: fromArn(p.PolicyName, arn, 'policy', 'name', where, 'Policies[].PolicyName', note),
        policyId: p.PolicyId ?? null,
        path: fromArn(p.Path, arn, 'policy', 'path', where, 'Policies[].Path', note),
        isAwsManaged: isAwsManagedPolicyArn(arn),
        attachmentCount: p.AttachmentCount ?? 0,
        permissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount ?? 0,
        isAttachable: p.IsAttachable ?? true,
        defaultVersionId,
        document: decodePolicyDocument(
          dflt.Document,
          `${where} version ${dflt.VersionId ?? defaultVersionId}`,
        ),
        createDate: time(p.CreateDate, where, 'CreateDate'),
        updateDate: time(p.UpdateDate ?? p.CreateDate, where, 'UpdateDate'),
      });
    }
  }
  return out;
}
