/**
 * The clean organization on day 0: it passes every check registered in controls/checks/index.ts (each check's one-line `fails` definition).
 */
import type { AttachedPolicy, IamAccount, IamRole, PolicyDocument } from '../model/resources.ts';
import { hash32, iamUniqueId } from './prng.ts';
import type { ScenarioContext } from './scenario-context.ts';
import {
  ALL_BLOCKED,
  DAY_MS,
  FIRST_NAMES,
  HOUR_MS,
  LAST_NAMES,
  accountBpaId,
  activityHour,
  appWord,
  boundaryDocument,
  cleanBucket,
  dataBucketName,
  dateOf,
  eventTime,
  groupArn,
  groupName,
  inactiveKey,
  iso,
  lastCycleDayAtOrBefore0,
  leastPrivilegeDocument,
  logBucketName,
  profileOf,
  roleArn,
  iamAccountId,
  rootArn,
  rotationHour,
} from './scenario-context.ts';
import { attachPolicy, awsPolicyRef, createCustomerPolicy, createUser, refreshSummary } from './scenario-ops.ts';
import { putRegionalBaseline } from './scenario-regional.ts';
import { World } from './scenario-world.ts';

export interface InitialLayout {
  /** Initial user names in creation order (index 0 is the collector). */
  users: string[];
  groups: string[];
  roles: string[];
  /** Customer policy ARNs, index 0 is the permissions boundary. */
  policies: string[];
  dataBuckets: string[];
}

export function customerPolicyName(ctx: ScenarioContext, i: number): string {
  return i === 0 ? 'UserPermissionsBoundary' : `${appWord(ctx, i + 100)}-access-${String(i).padStart(4, '0')}`;
}

export function roleName(ctx: ScenarioContext, i: number): string {
  if (i === 0) return 's3-replication';
  const kinds = ['lambda', 'ecs-task', 'ec2', 'ci-deploy'];
  return `${appWord(ctx, i)}-${kinds[i % kinds.length]}-${String(i).padStart(4, '0')}`;
}

function trustPolicy(ctx: ScenarioContext, i: number): PolicyDocument {
  if (i === 0) return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const kind = i % 4;
  if (kind === 3) {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ctx.accountId}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': `repo:${ctx.org}/${appWord(ctx, i)}:ref:refs/heads/main` } },
        },
      ],
    };
  }
  const service = ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'][kind] as string;
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
}

export interface RoleProfile {
  period: number;
  phase: number;
  neverUsed: boolean;
  h: number;
}
const roleProfiles = new WeakMap<ScenarioContext, Map<string, RoleProfile>>();

export function roleProfile(ctx: ScenarioContext, name: string): RoleProfile {
  let cache = roleProfiles.get(ctx);
  if (!cache) roleProfiles.set(ctx, (cache = new Map()));
  const hit = cache.get(name);
  if (hit) return hit;
  const h = hash32('role', ctx.seed, name);
  const period = 7 + (h % 8);
  const p = { period, phase: (h >>> 4) % period, neverUsed: name !== 's3-replication' && (h >>> 12) % 10 === 0, h };
  cache.set(name, p);
  return p;
}

export function buildInitialWorld(ctx: ScenarioContext): { world: World; layout: InitialLayout } {
  const w = World.empty(`${ctx.seed}/churn`);
  w.beginBulk();
  const { size, accountId } = ctx;
  const layout: InitialLayout = { users: [], groups: [], roles: [], policies: [], dataBuckets: [] };

  // Account-level resources.
  w.put({
    type: 'aws.iam.account',
    id: iamAccountId(ctx),
    accountId,
    passwordPolicy: strongPasswordPolicy(),
    summary: {},
    rootVirtualMfaSerials: [],
    serverCertificateCount: 0,
  });
  w.put({
    type: 'aws.iam.credentials',
    id: rootArn(ctx),
    user: '<root_account>',
    isRoot: true,
    userCreationTime: iso(ctx.accountCreatedMs),
    passwordEnabled: null,
    passwordLastUsed: dateOf(ctx.startMs - 41 * DAY_MS + 15 * HOUR_MS + 7 * 60_000),
    passwordLastChanged: { kind: 'not_supported' },
    passwordNextRotation: { kind: 'not_supported' },
    mfaActive: true,
    accessKey1: inactiveKey(),
    accessKey2: inactiveKey(),
    cert1Active: false,
    cert2Active: false,
  });
  w.put({ type: 'aws.s3.account-public-access-block', id: accountBpaId(ctx), accountId, config: { ...ALL_BLOCKED } });

  // Customer-managed policies (created before anything attaches them).
  for (let i = 0; i < size.customerPolicies; i++) {
    const name = customerPolicyName(ctx, i);
    const created = ctx.accountCreatedMs + (1 + (hash32('pc', ctx.seed, i) % 500)) * DAY_MS;
    const arn = createCustomerPolicy(ctx, w, name, i === 0 ? boundaryDocument() : leastPrivilegeDocument(ctx, i, 1), created);
    layout.policies.push(arn);
  }
  const policyRef = (i: number): AttachedPolicy => ({ arn: layout.policies[i] as string, name: customerPolicyName(ctx, i) });

  // Groups, each with one or two customer policies (never the boundary).
  for (let g = 0; g < size.groups; g++) {
    const name = groupName(g);
    layout.groups.push(name);
    w.put({
      type: 'aws.iam.group',
      id: groupArn(ctx, name),
      name,
      groupId: iamUniqueId('AGPA', ctx.seed, 'group', name),
      path: '/',
      createDate: iso(ctx.accountCreatedMs + (2 + g) * DAY_MS),
      attachedPolicies: [],
      inlinePolicies: [],
    });
    w.groupMembers.set(name, 0);
    attachPolicy(w, 'group', groupArn(ctx, name), policyRef(1 + ((g * 7) % (size.customerPolicies - 1))));
    if (g % 3 === 0) attachPolicy(w, 'group', groupArn(ctx, name), awsPolicyRef('ReadOnlyAccess'));
  }

  // Roles: every customer policy is attached to at least one role.
  for (let r = 0; r < size.roles; r++) {
    const name = roleName(ctx, r);
    layout.roles.push(name);
    const rp = roleProfile(ctx, name);
    const lastDay = lastCycleDayAtOrBefore0(rp.period, rp.phase);
    const role: IamRole = {
      type: 'aws.iam.role',
      id: roleArn(ctx, name),
      name,
      roleId: iamUniqueId('AROA', ctx.seed, 'role', name),
      path: '/',
      createDate: iso(ctx.accountCreatedMs + (5 + (rp.h % 400)) * DAY_MS),
      assumeRolePolicy: trustPolicy(ctx, r),
      attachedPolicies: [],
      inlinePolicies: [],
      permissionsBoundaryArn: null,
      lastUsedDate: rp.neverUsed ? null : iso(eventTime(ctx, lastDay, 20 + (rp.h % 4), rp.h % 60)),
      lastUsedRegion: rp.neverUsed ? null : 'us-east-1',
      tags: [{ key: 'app', value: appWord(ctx, r) }],
    };
    w.put(role);
  }
  for (let i = 0; i < size.customerPolicies; i++) attachPolicy(w, 'role', roleArn(ctx, layout.roles[i % size.roles] as string), policyRef(i));
  for (let r = 0; r < size.roles; r++) {
    const arn = roleArn(ctx, layout.roles[r] as string);
    if (r % 4 === 1) attachPolicy(w, 'role', arn, awsPolicyRef('AWSLambdaBasicExecutionRole'));
    if (r % 5 === 2) attachPolicy(w, 'role', arn, awsPolicyRef('AmazonS3ReadOnlyAccess'));
  }

  // Users: the collector first, then people. Each in one group (some in two), never the pinned
  // group except its two pinned members.
  const otherGroups = layout.groups.filter((g) => g !== ctx.pinnedGroup);
  const names = initialUserNames(ctx);
  for (let i = 0; i < size.users; i++) {
    const name = names[i] as string;
    layout.users.push(name);
    const groups = [otherGroups[i % otherGroups.length] as string];
    if (i === 1 || i === 2) groups.push(ctx.pinnedGroup);
    else if (i > 2 && hash32('g2', ctx.seed, i) % 4 === 0) {
      const second = otherGroups[hash32('g2b', ctx.seed, i) % otherGroups.length] as string;
      if (!groups.includes(second)) groups.push(second);
    }
    const p = profileOf(ctx, name);
    const createdMs = ctx.startMs - (120 + (p.h % 900)) * DAY_MS + 10 * HOUR_MS + (p.h % 60) * 60_000;
    const rotDay = lastCycleDayAtOrBefore0(p.rotPeriod, p.rotPhase);
    const actDay = lastCycleDayAtOrBefore0(p.actPeriod, p.actPhase);
    const [rh, rm] = rotationHour(p, rotDay);
    const [ah, am] = activityHour(p, actDay);
    const rotated = eventTime(ctx, rotDay, rh, rm);
    const used = eventTime(ctx, actDay, ah, am);
    createUser(ctx, w, {
      name,
      createdMs,
      groups,
      keyRotatedMs: rotated,
      keyLastUsedMs: used > rotated ? used : null,
      passwordLastUsedMs: used - 3 * HOUR_MS,
    });
  }

  // Buckets: one access-log bucket per region, the audit log bucket (CloudTrail, Config; put with
  // the regional baseline), then data buckets spread over the regions.
  const created = (n: number): number => ctx.startMs - (30 + (hash32('bc', ctx.seed, n) % 900)) * DAY_MS + 11 * HOUR_MS;
  for (const region of ctx.regions) w.put(cleanBucket(ctx, logBucketName(ctx, region), region, created(-1), true));
  const dataBuckets = size.buckets - ctx.regions.length - 1;
  for (let b = 1; b <= dataBuckets; b++) {
    const name = dataBucketName(ctx, b);
    layout.dataBuckets.push(name);
    w.put(cleanBucket(ctx, name, bucketRegion(ctx, b), created(b), false));
  }
  w.counters.bucketSeq = dataBuckets;
  // CloudTrail, Config, GuardDuty, KMS, EC2 in every region (and the refused opt-in region).
  putRegionalBaseline(ctx, w);
  w.endBulk();
  refreshSummary(ctx, w);
  w.changed.clear();
  return { world: w, layout };
}

/** The initial users' names by index (0: the collector); stable so plants can name their subjects. */
export function initialUserNames(ctx: ScenarioContext): string[] {
  const names: string[] = [ctx.collectorName];
  const taken = new Set(names);
  for (let i = 1; i < ctx.size.users; i++) {
    const h = hash32('name', ctx.seed, i);
    const base = `${FIRST_NAMES[h % FIRST_NAMES.length]}.${LAST_NAMES[(h >>> 8) % LAST_NAMES.length]}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    names.push(name);
  }
  return names;
}

/** Regions: most buckets in us-east-1; the first planted buckets always there. */
export function bucketRegion(ctx: ScenarioContext, seq: number): string {
  if (seq <= 4) return 'us-east-1';
  const r = hash32('region', ctx.seed, seq) % 100;
  if (r < 75) return 'us-east-1';
  if (r < 90 || ctx.regions.length < 3) return 'eu-west-1';
  return 'us-west-2';
}

export function strongPasswordPolicy(): NonNullable<IamAccount['passwordPolicy']> {
  return {
    minimumPasswordLength: 14,
    requireSymbols: true,
    requireNumbers: true,
    requireUppercaseCharacters: true,
    requireLowercaseCharacters: true,
    allowUsersToChangePassword: true,
    expirePasswords: true,
    maxPasswordAge: 90,
    passwordReusePrevention: 24,
    hardExpiry: false,
  };
}
