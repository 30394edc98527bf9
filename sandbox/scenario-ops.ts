/**
 * Operations on a World that keep related resources consistent, as IAM does: membership counts,
 * policy attachment counts (an AWS-managed policy appears in GetAccountAuthorizationDetails only
 * while attached), boundary usage, credential report rows, the account summary.
 */
import type { AttachedPolicy, IamCredentials, IamUser, InlinePolicy, PolicyDocument, Resource } from '../model/resources.ts';
import type { LifecycleEventKind } from './lifecycle-events.ts';
import type { ScenarioContext } from './scenario-context.ts';
import { AWS_POLICIES, DAY_MS, NA, NO_INFO, dateOf, iso, iamAccountId, inactiveKey, policyArn, profileOf, rootArn, userArn } from './scenario-context.ts';
import { iamUniqueId } from './prng.ts';
import type { World } from './scenario-world.ts';

export type PrincipalKind = 'user' | 'group' | 'role';
const principalType = { user: 'aws.iam.user', group: 'aws.iam.group', role: 'aws.iam.role' } as const;

function record(w: World, kind: LifecycleEventKind, principalKind: PrincipalKind, principalArn: string, target: string | null): void {
  w.events?.push({ day: w.day, kind, principalKind, principalArn, target });
}

export interface NewUser {
  name: string;
  createdMs: number;
  groups: string[];
  /** Key and password state; defaults: key created with the user, never used. */
  keyRotatedMs?: number;
  keyLastUsedMs?: number | null;
  passwordLastUsedMs?: number | null;
}

export function createUser(ctx: ScenarioContext, w: World, u: NewUser): void {
  const p = profileOf(ctx, u.name);
  const arn = userArn(ctx, u.name);
  const user: IamUser = {
    type: 'aws.iam.user',
    id: arn,
    name: u.name,
    userId: iamUniqueId('AIDA', ctx.seed, 'user', u.name),
    path: '/',
    createDate: iso(u.createdMs),
    groups: [...u.groups].sort(),
    attachedPolicies: [],
    inlinePolicies: [],
    permissionsBoundaryArn: ctx.boundaryArn,
    tags: [{ key: 'team', value: u.groups[0] ?? 'unassigned' }],
  };
  w.put(user);
  record(w, 'user-created', 'user', arn, null);
  w.addUserName(u.name);
  for (const g of u.groups) w.groupMembers.set(g, (w.groupMembers.get(g) ?? 0) + 1);
  changeBoundaryUsage(w, ctx.boundaryArn, +1);
  const rotated = u.keyRotatedMs ?? u.createdMs;
  const used = u.keyLastUsedMs ?? null;
  const pwChanged = rotated;
  const creds: IamCredentials = {
    type: 'aws.iam.credentials',
    id: arn,
    user: u.name,
    isRoot: false,
    userCreationTime: iso(u.createdMs),
    passwordEnabled: p.hasPassword,
    passwordLastUsed: p.hasPassword ? (u.passwordLastUsedMs != null ? dateOf(u.passwordLastUsedMs) : NO_INFO) : NA,
    passwordLastChanged: p.hasPassword ? dateOf(pwChanged) : NA,
    passwordNextRotation: p.hasPassword ? dateOf(pwChanged + 90 * DAY_MS) : NA,
    mfaActive: true,
    accessKey1: {
      active: true,
      lastRotated: dateOf(rotated),
      lastUsedDate: used != null ? dateOf(used) : NA,
      lastUsedRegion: used != null ? 'us-east-1' : null,
      lastUsedService: used != null ? usedService(p.h) : null,
    },
    accessKey2: inactiveKey(),
    cert1Active: false,
    cert2Active: false,
  };
  w.put(creds);
}

function usedService(h: number): string {
  return ['s3', 'sts', 'dynamodb', 'iam', 'sqs'][h % 5] as string;
}

export function deleteUser(ctx: ScenarioContext, w: World, name: string): void {
  const arn = userArn(ctx, name);
  const user = w.must('aws.iam.user', arn);
  for (const g of user.groups) w.groupMembers.set(g, (w.groupMembers.get(g) ?? 1) - 1);
  for (const a of user.attachedPolicies) changeAttachment(w, a.arn, -1);
  if (user.permissionsBoundaryArn) changeBoundaryUsage(w, user.permissionsBoundaryArn, -1);
  w.remove('aws.iam.credentials', arn);
  w.remove('aws.iam.user', arn);
  record(w, 'user-deleted', 'user', arn, null);
  w.removeUserName(name);
}

export function addUserToGroup(ctx: ScenarioContext, w: World, name: string, group: string): void {
  w.update('aws.iam.user', userArn(ctx, name), (u) => ({ ...u, groups: [...u.groups, group].sort() }));
  record(w, 'group-member-added', 'user', userArn(ctx, name), group);
  w.groupMembers.set(group, (w.groupMembers.get(group) ?? 0) + 1);
}

export function removeUserFromGroup(ctx: ScenarioContext, w: World, name: string, group: string): void {
  w.update('aws.iam.user', userArn(ctx, name), (u) => ({ ...u, groups: u.groups.filter((g) => g !== group) }));
  record(w, 'group-member-removed', 'user', userArn(ctx, name), group);
  w.groupMembers.set(group, (w.groupMembers.get(group) ?? 1) - 1);
}

/** Attach a managed policy to a principal; an AWS-managed policy comes into view with its first attachment. */
export function attachPolicy(w: World, kind: PrincipalKind, principalArn: string, policy: AttachedPolicy): void {
  w.update(principalType[kind], principalArn, (p: Resource) => ({ ...p, attachedPolicies: [...(p as IamUser).attachedPolicies, policy] }) as never);
  changeAttachment(w, policy.arn, +1);
  record(w, 'policy-attached', kind, principalArn, policy.arn);
}

export function detachPolicy(w: World, kind: PrincipalKind, principalArn: string, arn: string): void {
  w.update(principalType[kind], principalArn, (p: Resource) => ({ ...p, attachedPolicies: (p as IamUser).attachedPolicies.filter((a) => a.arn !== arn) }) as never);
  changeAttachment(w, arn, -1);
  record(w, 'policy-detached', kind, principalArn, arn);
}

/** Put (add or replace) an inline policy on a principal. */
export function putInlinePolicy(w: World, kind: PrincipalKind, principalArn: string, policy: InlinePolicy): void {
  w.update(principalType[kind], principalArn, (p: Resource) => ({ ...p, inlinePolicies: [...(p as IamUser).inlinePolicies.filter((i) => i.name !== policy.name), policy] }) as never);
  record(w, 'inline-policy-put', kind, principalArn, policy.name);
}

export function deleteInlinePolicy(w: World, kind: PrincipalKind, principalArn: string, name: string): void {
  w.update(principalType[kind], principalArn, (p: Resource) => ({ ...p, inlinePolicies: (p as IamUser).inlinePolicies.filter((i) => i.name !== name) }) as never);
  record(w, 'inline-policy-deleted', kind, principalArn, name);
}

export function awsPolicyRef(name: keyof typeof AWS_POLICIES): AttachedPolicy {
  return { arn: (AWS_POLICIES[name] as (typeof AWS_POLICIES)[string]).arn, name };
}

function changeAttachment(w: World, arn: string, delta: number): void {
  const existing = w.get('aws.iam.policy', arn);
  if (!existing) {
    const entry = Object.entries(AWS_POLICIES).find(([, p]) => p.arn === arn);
    if (!entry || delta < 0) throw new Error(`scenario: day ${w.day}: attachment change on unknown policy ${arn}`);
    const [name, p] = entry;
    w.put({
      type: 'aws.iam.policy',
      id: arn,
      name,
      policyId: p.policyId,
      path: p.path,
      isAwsManaged: true,
      attachmentCount: delta,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      defaultVersionId: p.defaultVersionId,
      document: p.document,
      createDate: p.createDate,
      updateDate: p.updateDate,
    });
    return;
  }
  const count = existing.attachmentCount + delta;
  if (count < 0) throw new Error(`scenario: day ${w.day}: negative attachment count on ${arn}`);
  if (existing.isAwsManaged && count === 0 && existing.permissionsBoundaryUsageCount === 0) w.remove('aws.iam.policy', arn);
  else w.put({ ...existing, attachmentCount: count });
}

function changeBoundaryUsage(w: World, arn: string, delta: number): void {
  w.update('aws.iam.policy', arn, (p) => ({ ...p, permissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount + delta }));
}

export function createCustomerPolicy(ctx: ScenarioContext, w: World, name: string, document: PolicyDocument, atMs: number): string {
  const arn = policyArn(ctx, name);
  w.put({
    type: 'aws.iam.policy',
    id: arn,
    name,
    policyId: iamUniqueId('ANPA', ctx.seed, 'policy', name),
    path: '/',
    isAwsManaged: false,
    attachmentCount: 0,
    permissionsBoundaryUsageCount: 0,
    isAttachable: true,
    defaultVersionId: 'v1',
    document,
    createDate: iso(atMs),
    updateDate: iso(atMs),
  });
  return arn;
}

export function deleteCustomerPolicy(w: World, arn: string): void {
  const p = w.must('aws.iam.policy', arn);
  if (p.attachmentCount !== 0 || p.permissionsBoundaryUsageCount !== 0) throw new Error(`scenario: day ${w.day}: cannot delete attached policy ${arn}`);
  w.remove('aws.iam.policy', arn);
}

/** A new default version (the previous one is deleted, as IaC pipelines that keep one version do). */
export function editPolicy(w: World, arn: string, document: PolicyDocument, atMs: number): void {
  w.update('aws.iam.policy', arn, (p) => ({ ...p, document, defaultVersionId: `v${Number(p.defaultVersionId.slice(1)) + 1}`, updateDate: iso(atMs) }));
}

export function updateCredentials(ctx: ScenarioContext, w: World, name: string, change: (c: IamCredentials) => IamCredentials): void {
  w.update('aws.iam.credentials', userArn(ctx, name), change);
}

export function rotateKey(ctx: ScenarioContext, w: World, name: string, atMs: number): void {
  const p = profileOf(ctx, name);
  updateCredentials(ctx, w, name, (c) => ({
    ...c,
    accessKey1: { active: true, lastRotated: dateOf(atMs), lastUsedDate: NA, lastUsedRegion: null, lastUsedService: null },
    ...(p.hasPassword ? { passwordLastChanged: dateOf(atMs), passwordNextRotation: dateOf(atMs + 90 * DAY_MS) } : {}),
  }));
}

export function useCredentials(ctx: ScenarioContext, w: World, name: string, atMs: number): void {
  const p = profileOf(ctx, name);
  updateCredentials(ctx, w, name, (c) => ({
    ...c,
    accessKey1: { ...c.accessKey1, lastUsedDate: dateOf(atMs), lastUsedRegion: 'us-east-1', lastUsedService: usedService(p.h) },
    ...(p.hasPassword ? { passwordLastUsed: dateOf(atMs - 3 * 3_600_000) } : {}),
  }));
}

/** GetAccountSummary's SummaryMap, recomputed from the state (only written when it changed). */
export function refreshSummary(ctx: ScenarioContext, w: World): void {
  const t = w.stats.byType;
  const users = t['aws.iam.user'] ?? 0;
  const groups = t['aws.iam.group'] ?? 0;
  const roles = t['aws.iam.role'] ?? 0;
  const policies = w.customerPolicies;
  const versionsInUse = w.stats.policyUses;
  const mfa = w.stats.mfaActive;
  const root = w.must('aws.iam.credentials', rootArn(ctx));
  const quota = (n: number, base: number): number => Math.max(base, Math.ceil((n * 1.5) / 1000) * 1000);
  const summary: Record<string, number> = {
    AccessKeysPerUserQuota: 2,
    AccountAccessKeysPresent: root.accessKey1.active || root.accessKey2.active ? 1 : 0,
    AccountMFAEnabled: root.mfaActive ? 1 : 0,
    AccountPasswordPresent: 1,
    AccountSigningCertificatesPresent: 0,
    AssumeRolePolicySizeQuota: 2048,
    AttachedPoliciesPerGroupQuota: 10,
    AttachedPoliciesPerRoleQuota: 10,
    AttachedPoliciesPerUserQuota: 10,
    GlobalEndpointTokenVersion: 1,
    GroupPolicySizeQuota: 5120,
    Groups: groups,
    GroupsPerUserQuota: 10,
    GroupsQuota: quota(ctx.size.groups, 300),
    InstanceProfiles: 0,
    InstanceProfilesQuota: 1000,
    MFADevices: mfa,
    MFADevicesInUse: mfa,
    Policies: policies,
    PoliciesQuota: quota(ctx.size.customerPolicies, 1500),
    PolicySizeQuota: 6144,
    PolicyVersionsInUse: versionsInUse,
    PolicyVersionsInUseQuota: 10000,
    Providers: 1,
    RolePolicySizeQuota: 10240,
    Roles: roles,
    RolesQuota: quota(ctx.size.roles, 1000),
    ServerCertificates: w.must('aws.iam.account', iamAccountId(ctx)).serverCertificateCount ?? 0,
    ServerCertificatesQuota: 20,
    SigningCertificatesPerUserQuota: 2,
    UserPolicySizeQuota: 2048,
    Users: users,
    UsersQuota: quota(ctx.size.users, 5000),
    VersionsPerPolicyQuota: 5,
  };
  const account = w.must('aws.iam.account', iamAccountId(ctx));
  if (JSON.stringify(account.summary) !== JSON.stringify(summary)) w.put({ ...account, summary });
}
