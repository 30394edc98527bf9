/**
 * Maps GetAccountAuthorizationDetails pages (the SDK's shapes) to model resources: users, groups,
 * roles and managed policies (local and AWS-managed; only the default version's document is kept).
 * Pure: no I/O, so it is tested with plain objects.
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
import { toIsoUtc } from './iso-time.ts';
import { decodePolicyDocument } from './policy-document.ts';

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

function attached(
  list: { PolicyArn?: string; PolicyName?: string }[] | undefined,
  where: string,
): AttachedPolicy[] {
  return (list ?? []).map((p) => ({
    arn: need(p.PolicyArn, where, 'PolicyArn'),
    name: need(p.PolicyName, where, 'PolicyName'),
  }));
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

/** Maps every page in order. Throws GaadMappingError naming the entity when a field is missing. */
export function mapGaadPages(pages: readonly GaadPage[]): IamEntity[] {
  const out: IamEntity[] = [];
  for (const page of pages) {
    for (const u of page.UserDetailList ?? []) {
      const where = `user ${u.Arn ?? u.UserName ?? '?'}`;
      out.push({
        type: 'aws.iam.user',
        id: need(u.Arn, where, 'Arn'),
        name: need(u.UserName, where, 'UserName'),
        userId: need(u.UserId, where, 'UserId'),
        path: u.Path ?? '/',
        createDate: time(u.CreateDate, where, 'CreateDate'),
        groups: [...(u.GroupList ?? [])],
        attachedPolicies: attached(u.AttachedManagedPolicies, where),
        inlinePolicies: inline(u.UserPolicyList, where),
        permissionsBoundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
        tags: tags(u.Tags),
      });
    }
    for (const g of page.GroupDetailList ?? []) {
      const where = `group ${g.Arn ?? g.GroupName ?? '?'}`;
      out.push({
        type: 'aws.iam.group',
        id: need(g.Arn, where, 'Arn'),
        name: need(g.GroupName, where, 'GroupName'),
        groupId: need(g.GroupId, where, 'GroupId'),
        path: g.Path ?? '/',
        createDate: time(g.CreateDate, where, 'CreateDate'),
        attachedPolicies: attached(g.AttachedManagedPolicies, where),
        inlinePolicies: inline(g.GroupPolicyList, where),
      });
    }
    for (const r of page.RoleDetailList ?? []) {
      const where = `role ${r.Arn ?? r.RoleName ?? '?'}`;
      out.push({
        type: 'aws.iam.role',
        id: need(r.Arn, where, 'Arn'),
        name: need(r.RoleName, where, 'RoleName'),
        roleId: need(r.RoleId, where, 'RoleId'),
        path: r.Path ?? '/',
        createDate: time(r.CreateDate, where, 'CreateDate'),
        assumeRolePolicy: decodePolicyDocument(r.AssumeRolePolicyDocument, `${where} trust policy`),
        attachedPolicies: attached(r.AttachedManagedPolicies, where),
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
      const defaultVersionId = need(p.DefaultVersionId, where, 'DefaultVersionId');
      const versions = p.PolicyVersionList ?? [];
      const dflt =
        versions.find((v) => v.IsDefaultVersion) ?? versions.find((v) => v.VersionId === defaultVersionId);
      if (!dflt)
        throw new GaadMappingError(where, `no default version (${defaultVersionId}) in PolicyVersionList`);
      out.push({
        type: 'aws.iam.policy',
        id: arn,
        name: need(p.PolicyName, where, 'PolicyName'),
        policyId: need(p.PolicyId, where, 'PolicyId'),
        path: p.Path ?? '/',
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
