/**
 * The fixed facts of one scenario (account, names, times, per-user habits) and the constructors of
 * clean resources. Everything here is a pure function of the seed and size.
 */
import type { IamCredentials, PolicyDocument, ReportDate, S3Bucket } from '../model/resources.ts';
import { hash32, hashHex } from './prng.ts';
import type { ScenarioSize } from './scenario-sizes.ts';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** Snapshots are taken at 02:00 UTC; events of day d happen on the previous calendar day after 03:00. */
export const SNAPSHOT_HOUR = 2;

export interface UserProfile {
  hasPassword: boolean;
  virtualMfa: boolean;
  /** Days between uses of the user's credentials, and the phase of that cycle. */
  actPeriod: number;
  actPhase: number;
  /** Days between key (and password) rotations, and the phase. */
  rotPeriod: number;
  rotPhase: number;
  /** A per-user number that spreads minutes. */
  h: number;
  /** Planted habits: no activity from this day on; no rotation in [from, to). */
  stopActivityFrom?: number;
  noRotation?: [number, number];
}

/** A GuardDuty finding with the days it is visible: created on day createdDay, archived from day archivedDay (null: never). */
export interface PlannedFinding {
  region: string;
  id: string;
  type: string;
  severity: number;
  title: string;
  resourceType: string;
  createdDay: number;
  createdMs: number;
  updatedMs: number;
  archivedDay: number | null;
}

export interface ScenarioContext {
  seed: string;
  accountId: string;
  startMs: number;
  days: number;
  size: Required<ScenarioSize>;
  org: string;
  ownerCanonicalId: string;
  accountCreatedMs: number;
  collectorName: string;
  boundaryArn: string;
  replicationRoleArn: string;
  regions: string[];
  /** An opt-in region the account has not enabled: every regional service refuses requests signed for it. */
  optInRegion: string;
  /** GuardDuty findings the plants add (scenario-regional.ts reads them with the daily schedule). */
  plantedFindings: PlannedFinding[];
  /** Users that daily churn never removes (planted subjects, the collector, pinned group members). */
  protectedUsers: Set<string>;
  /** The group the "group emptied" plant empties: joiners never join it. */
  pinnedGroup: string;
  profileOverrides: Map<string, Partial<UserProfile>>;
  profileCache: Map<string, UserProfile>;
}

const ORG_WORDS = ['northwind', 'contoso', 'globex', 'initech', 'umbrella', 'acme', 'hooli', 'vandelay', 'stark', 'wayne', 'tyrell', 'cyberdyne'];
export const FIRST_NAMES = ['maria', 'james', 'li', 'fatima', 'olga', 'kwame', 'sofia', 'arjun', 'emma', 'noah', 'aiko', 'lucas', 'zara', 'mateo', 'ines', 'omar', 'chloe', 'ivan', 'priya', 'tomas', 'hana', 'felix', 'nadia', 'diego'];
export const LAST_NAMES = ['garcia', 'smith', 'chen', 'khan', 'petrova', 'mensah', 'rossi', 'patel', 'muller', 'jones', 'tanaka', 'silva', 'ahmed', 'lopez', 'dubois', 'haddad', 'martin', 'novak', 'singh', 'berg', 'kim', 'weber', 'ali', 'costa'];
export const GROUP_WORDS = ['engineering', 'platform', 'data', 'security', 'finance', 'support', 'sales', 'marketing', 'people', 'legal', 'operations', 'quality', 'design', 'research'];
const APP_WORDS = ['orders', 'billing', 'catalog', 'search', 'payments', 'identity', 'reports', 'ingest', 'notify', 'ledger', 'media', 'export'];
const BUCKET_KINDS = ['data', 'backups', 'assets', 'analytics', 'reports', 'uploads', 'archive', 'artifacts'];

export function makeContext(seed: string, size: Required<ScenarioSize>, startMs: number, days: number): ScenarioContext {
  const h = hashHex('account', seed);
  const accountId = String(100000000000 + (parseInt(h.slice(0, 12), 16) % 900000000000));
  const org = `${ORG_WORDS[hash32('org', seed) % ORG_WORDS.length]}-${accountId.slice(-4)}`;
  return {
    seed,
    accountId,
    startMs,
    days,
    size,
    org,
    ownerCanonicalId: hashHex('canonical', seed),
    accountCreatedMs: startMs - (700 + (hash32('acct-age', seed) % 700)) * DAY_MS + 13 * HOUR_MS,
    collectorName: 'binder-collector',
    boundaryArn: `arn:aws:iam::${accountId}:policy/UserPermissionsBoundary`,
    replicationRoleArn: `arn:aws:iam::${accountId}:role/s3-replication`,
    regions: size.buckets >= 40 ? ['us-east-1', 'eu-west-1', 'us-west-2'] : ['us-east-1', 'eu-west-1'],
    optInRegion: 'ap-east-1',
    plantedFindings: [],
    protectedUsers: new Set(),
    pinnedGroup: GROUP_WORDS[3] as string,
    profileOverrides: new Map(),
    profileCache: new Map(),
  };
}

export function profileOf(ctx: ScenarioContext, name: string): UserProfile {
  const hit = ctx.profileCache.get(name);
  if (hit) return hit;
  const h = hash32('profile', ctx.seed, name);
  const actPeriod = 7 + (h % 8);
  const rotPeriod = 50 + ((h >>> 8) % 21);
  let p: UserProfile = {
    hasPassword: (h >>> 16) % 5 !== 0,
    virtualMfa: (h >>> 20) % 5 < 3,
    actPeriod,
    actPhase: (h >>> 4) % actPeriod,
    rotPeriod,
    rotPhase: (h >>> 12) % rotPeriod,
    h,
  };
  if (name === ctx.collectorName) p = { ...p, hasPassword: false, actPeriod: 1, actPhase: 0 };
  const o = ctx.profileOverrides.get(name);
  if (o) p = { ...p, ...o };
  ctx.profileCache.set(name, p);
  return p;
}

/** The instant of an event of day d (on the calendar day before snapshot d). */
export function eventTime(ctx: ScenarioContext, d: number, hour: number, minute = 0): number {
  return ctx.startMs + (d - 1) * DAY_MS + hour * HOUR_MS + minute * 60_000;
}

const dayPrefixes = new Map<number, string>();
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** ISO 8601 UTC with milliseconds, as Date.prototype.toISOString (which is slow in bulk). */
export function iso(ms: number): string {
  const dayNo = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(dayNo);
  if (prefix === undefined) {
    prefix = new Date(dayNo * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(dayNo, prefix);
  }
  const rest = ms - dayNo * DAY_MS;
  const h = Math.floor(rest / HOUR_MS);
  const m = Math.floor((rest % HOUR_MS) / 60_000);
  const sec = Math.floor((rest % 60_000) / 1000);
  const milli = rest % 1000;
  return `${prefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

export function dayString(ctx: ScenarioContext, d: number): string {
  return iso(ctx.startMs + d * DAY_MS).slice(0, 10);
}

/** Activity (credential use) happens late in the day; rotations in the morning. */
export const activityHour = (p: UserProfile, d: number): [number, number] => [20 + ((p.h + d * 7) % 4), (p.h + d * 13) % 60];
export const rotationHour = (p: UserProfile, d: number): [number, number] => [9 + ((p.h + d * 5) % 4), (p.h + d * 17) % 60];

export function isActivityDay(p: UserProfile, d: number): boolean {
  if (p.stopActivityFrom !== undefined && d >= p.stopActivityFrom) return false;
  return (d + p.actPhase) % p.actPeriod === 0;
}

export function isRotationDay(p: UserProfile, d: number): boolean {
  if (p.stopActivityFrom !== undefined && d >= p.stopActivityFrom) return false;
  if (p.noRotation && d >= p.noRotation[0] && d < p.noRotation[1]) return false;
  return (d + p.rotPhase) % p.rotPeriod === 0;
}

/** The last day <= 0 on which a cycle (period, phase) fires, i.e. (d + phase) % period === 0. */
export function lastCycleDayAtOrBefore0(period: number, phase: number): number {
  return -(phase % period);
}

// ---- ARNs and names ----
export const userArn = (ctx: ScenarioContext, name: string): string => `arn:aws:iam::${ctx.accountId}:user/${name}`;
export const groupArn = (ctx: ScenarioContext, name: string): string => `arn:aws:iam::${ctx.accountId}:group/${name}`;
export const roleArn = (ctx: ScenarioContext, name: string): string => `arn:aws:iam::${ctx.accountId}:role/${name}`;
export const policyArn = (ctx: ScenarioContext, name: string): string => `arn:aws:iam::${ctx.accountId}:policy/${name}`;
export const rootArn = (ctx: ScenarioContext): string => `arn:aws:iam::${ctx.accountId}:root`;
export const bucketArn = (name: string): string => `arn:aws:s3:::${name}`;
/** The IAM account settings resource (password policy, summary): not the root user's ARN. */
export const iamAccountId = (ctx: ScenarioContext): string => `arn:aws:iam::${ctx.accountId}:account-settings`;
export const accountBpaId = (ctx: ScenarioContext): string => `arn:aws:s3:::account/${ctx.accountId}`;
export const logBucketName = (ctx: ScenarioContext, region: string): string => `${ctx.org}-access-logs-${region}`;
export const dataBucketName = (ctx: ScenarioContext, seq: number): string =>
  `${ctx.org}-${BUCKET_KINDS[hash32('kind', ctx.seed, seq) % BUCKET_KINDS.length]}-${String(seq).padStart(4, '0')}`;
export const appWord = (ctx: ScenarioContext, i: number): string => APP_WORDS[hash32('app', ctx.seed, i) % APP_WORDS.length] as string;

export function groupName(i: number): string {
  const word = GROUP_WORDS[i % GROUP_WORDS.length] as string;
  return i < GROUP_WORDS.length ? word : `${word}-${String(Math.floor(i / GROUP_WORDS.length)).padStart(2, '0')}`;
}

// ---- policy documents ----
const SERVICES: { service: string; actions: string[]; arn: (ctx: ScenarioContext, w: string, n: number) => string }[] = [
  { service: 's3', actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], arn: (c, _w, n) => `arn:aws:s3:::${dataBucketName(c, n)}/*` },
  { service: 'dynamodb', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], arn: (c, w, n) => `arn:aws:dynamodb:us-east-1:${c.accountId}:table/${w}-${n}` },
  { service: 'sqs', actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], arn: (c, w) => `arn:aws:sqs:us-east-1:${c.accountId}:${w}-events` },
  { service: 'logs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], arn: (c, w) => `arn:aws:logs:us-east-1:${c.accountId}:log-group:/app/${w}:*` },
  { service: 'kms', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], arn: (c, _w, n) => `arn:aws:kms:us-east-1:${c.accountId}:key/${uuidFrom(c.seed, 'kms', n)}` },
  { service: 'secretsmanager', actions: ['secretsmanager:GetSecretValue'], arn: (c, w) => `arn:aws:secretsmanager:us-east-1:${c.accountId}:secret:${w}/db-AbCdEf` },
];

/** A least-privilege document: named actions on named resources; `version` changes it a little. */
export function leastPrivilegeDocument(ctx: ScenarioContext, index: number, version: number): PolicyDocument {
  const h = hash32('doc', ctx.seed, index);
  const word = appWord(ctx, index);
  const count = 1 + (h % 2) + (version > 1 ? 1 : 0);
  const statements = [];
  for (let k = 0; k < count; k++) {
    const svc = SERVICES[(h + k * 7 + (version - 1) * 3) % SERVICES.length] as (typeof SERVICES)[number];
    const nActions = 1 + ((h >>> (k + 3)) % svc.actions.length);
    statements.push({
      Sid: `${svc.service.replace(/[^a-z]/g, '')}${k}v${version}`,
      Effect: 'Allow',
      Action: svc.actions.slice(0, nActions),
      Resource: svc.arn(ctx, word, (h >>> 5) % 50),
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

export function boundaryDocument(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowedServices', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'dynamodb:GetItem', 'dynamodb:Query', 'sqs:SendMessage', 'logs:PutLogEvents', 'sts:AssumeRole'], Resource: '*' },
      { Sid: 'NoIamChanges', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    ],
  };
}

/** AWS-managed policies the organization uses (documents shortened, shapes real). */
export const AWS_POLICIES: Record<string, { arn: string; path: string; policyId: string; defaultVersionId: string; createDate: string; updateDate: string; document: PolicyDocument }> = {
  AdministratorAccess: {
    arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    path: '/',
    policyId: 'ANPAIWMBCKSKIEE64ZLYK',
    defaultVersionId: 'v1',
    createDate: '2015-02-06T18:39:46.000Z',
    updateDate: '2015-02-06T18:39:46.000Z',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
  ReadOnlyAccess: {
    arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    path: '/',
    policyId: 'ANPAILL3HVNFSB6DCOWYQ',
    defaultVersionId: 'v118',
    createDate: '2015-02-06T18:39:48.000Z',
    updateDate: '2025-11-20T17:02:11.000Z',
    document: { Version: '2012-10-17', Statement: [{ Sid: 'ReadOnly', Effect: 'Allow', Action: ['ec2:Describe*', 's3:Get*', 's3:List*', 'iam:Get*', 'iam:List*', 'cloudtrail:Get*', 'cloudtrail:Describe*', 'cloudtrail:LookupEvents', 'logs:Describe*', 'logs:Get*'], Resource: '*' }] },
  },
  AmazonS3ReadOnlyAccess: {
    arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    path: '/',
    policyId: 'ANPAIZTJ4DXE7G6AGAE6M',
    defaultVersionId: 'v3',
    createDate: '2015-02-06T18:40:59.000Z',
    updateDate: '2023-08-10T21:31:39.000Z',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }] },
  },
  AWSLambdaBasicExecutionRole: {
    arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    path: '/service-role/',
    policyId: 'ANPAJNCQGXC42545SKXIK',
    defaultVersionId: 'v1',
    createDate: '2015-04-09T15:03:43.000Z',
    updateDate: '2015-04-09T15:03:43.000Z',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] },
  },
};

export function uuidFrom(...parts: (string | number)[]): string {
  const h = hashHex('uuid', ...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---- credential report values ----
export const NA: ReportDate = { kind: 'N/A' };
export const NO_INFO: ReportDate = { kind: 'no_information' };
export const dateOf = (ms: number): ReportDate => ({ kind: 'date', value: iso(ms) });

export function inactiveKey(): IamCredentials['accessKey1'] {
  return { active: false, lastRotated: NA, lastUsedDate: NA, lastUsedRegion: null, lastUsedService: null };
}

// ---- clean bucket ----
export function bucketPolicy(ctx: ScenarioContext, name: string, isLogBucket: boolean, withTlsDeny = true): PolicyDocument {
  const statements: Record<string, unknown>[] = [];
  if (withTlsDeny) {
    statements.push({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucketArn(name), `${bucketArn(name)}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  }
  if (isLogBucket) {
    statements.push({ Sid: 'S3ServerAccessLogs', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: `${bucketArn(name)}/*`, Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId } } });
  } else {
    statements.push({ Sid: 'AppAccess', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.accountId}:role/${appWord(ctx, hash32(name) % 1000)}-app` }, Action: ['s3:GetObject', 's3:PutObject'], Resource: `${bucketArn(name)}/*` });
  }
  return { Version: '2012-10-17', Statement: statements };
}

export function privateAcl(ctx: ScenarioContext): S3Bucket['acl'] {
  return { ownerId: ctx.ownerCanonicalId, grants: [{ granteeType: 'CanonicalUser', granteeId: ctx.ownerCanonicalId, granteeUri: null, permission: 'FULL_CONTROL' }] };
}

export const ALL_BLOCKED = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

export function cleanBucket(ctx: ScenarioContext, name: string, region: string, createdMs: number, isLogBucket: boolean): S3Bucket {
  const h = hash32('bucket', ctx.seed, name);
  return {
    type: 'aws.s3.bucket',
    id: bucketArn(name),
    name,
    region,
    creationDate: iso(createdMs),
    encryption: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: `arn:aws:kms:${region}:${ctx.accountId}:key/${uuidFrom(ctx.seed, 's3key', region)}`, bucketKeyEnabled: true }],
    versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
    publicAccessBlock: { ...ALL_BLOCKED },
    policy: bucketPolicy(ctx, name, isLogBucket),
    acl: privateAcl(ctx),
    logging: { targetBucket: logBucketName(ctx, region), targetPrefix: isLogBucket ? 'self/' : `${name}/` },
    objectLock: { enabled: true, defaultRetention: h % 3 === 0 ? null : { mode: h % 3 === 1 ? 'GOVERNANCE' : 'COMPLIANCE', days: h % 2 === 0 ? 30 : null, years: h % 2 === 0 ? null : 1 } },
    lifecycleRules: [{ id: 'expire-noncurrent-versions', status: 'Enabled' }, ...(h % 4 === 0 ? [{ id: 'abort-incomplete-uploads', status: 'Enabled' as const }] : [])],
    replication: { role: ctx.replicationRoleArn, rules: [{ id: 'disaster-recovery', status: 'Enabled', destinationBucket: `arn:aws:s3:::${name}-dr` }] },
    ownershipControls: 'BucketOwnerEnforced',
    notifications: { topicCount: h % 5 === 0 ? 1 : 0, queueCount: h % 5 === 1 || h % 5 === 3 ? 1 : 0, lambdaCount: h % 5 === 2 ? 1 : 0, eventBridgeEnabled: h % 5 >= 3 || h % 5 === 0 },
  };
}
