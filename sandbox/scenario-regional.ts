/**
 * The regional services of the scenario (CloudTrail, AWS Config, GuardDuty, KMS, EC2): the names
 * and ids of their resources, the clean baseline of day 0 (it passes every cloudtrail.*, config.*,
 * guardduty.*, kms.* and ec2.* check), and their light daily life (trail deliveries, GuardDuty
 * findings raised and archived within the triage window, now and then a new compliant security
 * group). Everything is a pure function of the seed, size and day.
 *
 * The world holds the resources a collector configured with `[...regions, optInRegion]` records:
 * every `<service>.region` of the answering regions, and of the opt-in region the account has not
 * enabled with `refused` set (REFUSAL_JSON for CloudTrail, Config, GuardDuty and KMS; REFUSAL_EC2
 * with optInStatus not-opted-in for EC2) and every other field empty or null.
 */
import type {
  CloudTrailRegion,
  CloudTrailTrail,
  ConfigRecorder,
  ConfigRegion,
  Ec2Region,
  Ec2SecurityGroup,
  GuardDutyFinding,
  GuardDutyRegion,
  IpPermission,
  KmsKey,
  KmsRegion,
  PolicyDocument,
  RegionRefusal,
  S3Bucket,
} from '../model/resources.ts';
import { regionResourceId, securityGroupArn } from '../model/resources.ts';
import { hash32, hashHex } from './prng.ts';
import type { PlannedFinding, ScenarioContext } from './scenario-context.ts';
import { DAY_MS, HOUR_MS, appWord, bucketArn, cleanBucket, eventTime, iso, userArn, uuidFrom } from './scenario-context.ts';
import type { World } from './scenario-world.ts';

/** How JSON and REST-JSON services (CloudTrail, Config, GuardDuty, KMS) refuse a region not enabled for the account. */
export const REFUSAL_JSON: RegionRefusal = { errorCode: 'UnrecognizedClientException', errorMessage: 'The security token included in the request is invalid.' };
/** How EC2 refuses it. */
export const REFUSAL_EC2: RegionRefusal = { errorCode: 'AuthFailure', errorMessage: 'AWS was not able to validate the provided access credentials' };
/** Opt-in regions DescribeRegions lists as not opted in (the scenario's optInRegion is one of them). */
export const OTHER_OPT_IN_REGIONS = ['af-south-1', 'ap-east-1', 'eu-south-1', 'me-south-1'];

export const REGIONAL_SERVICES = ['cloudtrail', 'config', 'guardduty', 'kms', 'ec2'] as const;
export type RegionalService = (typeof REGIONAL_SERVICES)[number];

export const homeRegion = (ctx: ScenarioContext): string => ctx.regions[0] as string;
/** The region of the single-region trail (always the second region). */
export const regionalTrailRegion = (ctx: ScenarioContext): string => ctx.regions[1] as string;
export const regionId = (ctx: ScenarioContext, service: RegionalService, region: string): string => regionResourceId('aws', service, region, ctx.accountId);

// ---- CloudTrail ----
export const auditBucketName = (ctx: ScenarioContext): string => `${ctx.org}-audit-logs`;
export const mainTrailName = (ctx: ScenarioContext): string => `${ctx.org}-audit`;
export const regionalTrailName = (ctx: ScenarioContext): string => `${ctx.org}-residency-${regionalTrailRegion(ctx)}`;
export const trailArn = (ctx: ScenarioContext, region: string, name: string): string => `arn:aws:cloudtrail:${region}:${ctx.accountId}:trail/${name}`;
export const mainTrailArn = (ctx: ScenarioContext): string => trailArn(ctx, homeRegion(ctx), mainTrailName(ctx));
export const regionalTrailArn = (ctx: ScenarioContext): string => trailArn(ctx, regionalTrailRegion(ctx), regionalTrailName(ctx));
export const trailLogGroupArn = (ctx: ScenarioContext, name: string, region: string): string => `arn:aws:logs:${region}:${ctx.accountId}:log-group:aws-cloudtrail-logs-${name}:*`;

// ---- KMS ----
export const keyArn = (ctx: ScenarioContext, region: string, keyId: string): string => `arn:aws:kms:${region}:${ctx.accountId}:key/${keyId}`;
/** The ledger signing key (alias/binder-ledger): served by SandboxKms, listed as an account key of the home region. */
export const ledgerKeyId = (ctx: ScenarioContext): string => uuidFrom(ctx.seed, 'kms-ledger');
export const cloudtrailKeyId = (ctx: ScenarioContext): string => uuidFrom(ctx.seed, 'kms-cloudtrail');
export const appKeyId = (ctx: ScenarioContext, region: string, i: number): string => uuidFrom(ctx.seed, 'kms-app', region, i);
export const appKeyCount = (ctx: ScenarioContext): number => Math.min(16, Math.max(2, Math.round(ctx.size.roles / 25)));

// ---- EC2 ----
export const vpcCount = (ctx: ScenarioContext): number => Math.min(6, Math.max(1, Math.round(Math.log10(ctx.size.users)) - 1));
export const vpcId = (ctx: ScenarioContext, region: string, v: number): string => `vpc-${hashHex('vpc', ctx.seed, region, v).slice(0, 17)}`;
export const sgId = (ctx: ScenarioContext, region: string, v: number, name: string): string => `sg-${hashHex('sg', ctx.seed, region, v, name).slice(0, 17)}`;
export const sgArn = (ctx: ScenarioContext, region: string, groupId: string): string => securityGroupArn('aws', region, ctx.accountId, groupId);
/** Extra service security groups per VPC. */
export const serviceGroupCount = (ctx: ScenarioContext): number => Math.min(50, 1 + Math.floor(ctx.size.roles / 100));

export function defaultKeyPolicy(ctx: ScenarioContext, extra: Record<string, unknown>[] = []): PolicyDocument {
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.accountId}:root` }, Action: 'kms:*', Resource: '*' }, ...extra],
  };
}

function cloudtrailKeyPolicy(ctx: ScenarioContext): PolicyDocument {
  return defaultKeyPolicy(ctx, [
    {
      Sid: 'Allow CloudTrail to encrypt logs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': [mainTrailArn(ctx), regionalTrailArn(ctx)] }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ctx.accountId}:trail/*` } },
    },
    { Sid: 'Allow CloudTrail to describe key', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*' },
  ]);
}

function ledgerKeyPolicy(ctx: ScenarioContext): PolicyDocument {
  return defaultKeyPolicy(ctx, [
    { Sid: 'Allow binder to sign the ledger', Effect: 'Allow', Principal: { AWS: userArn(ctx, ctx.collectorName) }, Action: ['kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'], Resource: '*' },
  ]);
}

const keyCreated = (ctx: ScenarioContext, ...parts: (string | number)[]): string => iso(ctx.accountCreatedMs + (20 + (hash32('key-created', ctx.seed, ...parts) % 600)) * DAY_MS + 10 * HOUR_MS);

function customerKey(ctx: ScenarioContext, region: string, keyId: string, description: string, spec: { keySpec: string; keyUsage: string }, policy: PolicyDocument): KmsKey {
  const symmetric = spec.keySpec === 'SYMMETRIC_DEFAULT';
  return {
    type: 'aws.kms.key',
    id: keyArn(ctx, region, keyId),
    keyId,
    region,
    description,
    keyManager: 'CUSTOMER',
    keySpec: spec.keySpec,
    keyUsage: spec.keyUsage,
    keyState: 'Enabled',
    origin: 'AWS_KMS',
    multiRegion: false,
    creationDate: keyCreated(ctx, region, keyId),
    deletionDate: null,
    rotationEnabled: symmetric ? true : null,
    rotationPeriodDays: symmetric ? 365 : null,
    policy,
  };
}

const AWS_MANAGED_KEYS: [string, string][] = [
  ['ebs', 'Default key that protects my EBS volumes when no other key is defined'],
  ['s3', 'Default key that protects my S3 objects when no other key is defined'],
];

export function kmsKeysOf(ctx: ScenarioContext, region: string): KmsKey[] {
  const SYM = { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' };
  const keys: KmsKey[] = [customerKey(ctx, region, uuidFrom(ctx.seed, 's3key', region), `S3 default encryption (${region})`, SYM, defaultKeyPolicy(ctx))];
  for (let i = 1; i <= appKeyCount(ctx); i++) keys.push(customerKey(ctx, region, appKeyId(ctx, region, i), `${appWord(ctx, 200 + i)} data key ${i}`, SYM, defaultKeyPolicy(ctx)));
  if (region === homeRegion(ctx)) {
    keys.push(customerKey(ctx, region, cloudtrailKeyId(ctx), 'CloudTrail log files', SYM, cloudtrailKeyPolicy(ctx)));
    keys.push(customerKey(ctx, region, ledgerKeyId(ctx), 'binder evidence ledger signing key (alias/binder-ledger)', { keySpec: 'ECC_NIST_EDWARDS25519', keyUsage: 'SIGN_VERIFY' }, ledgerKeyPolicy(ctx)));
    keys.push(customerKey(ctx, region, uuidFrom(ctx.seed, 'kms-hmac', region), 'webhook signatures', { keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' }, defaultKeyPolicy(ctx)));
  } else {
    keys.push(customerKey(ctx, region, uuidFrom(ctx.seed, 'kms-rsa', region), 'document signing', { keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }, defaultKeyPolicy(ctx)));
  }
  for (const [service, description] of AWS_MANAGED_KEYS) {
    const keyId = uuidFrom(ctx.seed, 'kms-aws', region, service);
    keys.push({
      type: 'aws.kms.key',
      id: keyArn(ctx, region, keyId),
      keyId,
      region,
      description,
      keyManager: 'AWS',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      keyState: 'Enabled',
      origin: 'AWS_KMS',
      multiRegion: false,
      creationDate: keyCreated(ctx, region, service),
      deletionDate: null,
      rotationEnabled: null,
      rotationPeriodDays: null,
      policy: null,
    });
  }
  return keys;
}

/** AWS-managed key aliases (alias/aws/<service>) by key id, for ListAliases-free readers (the EBS default key). */
export const awsManagedKeyId = (ctx: ScenarioContext, region: string, service: string): string => uuidFrom(ctx.seed, 'kms-aws', region, service);

// ---- trails and the audit bucket ----
export function auditBucketPolicy(ctx: ScenarioContext, name: string): PolicyDocument {
  const arn = bucketArn(name);
  const trails = [mainTrailArn(ctx), regionalTrailArn(ctx)];
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: arn, Condition: { StringEquals: { 'aws:SourceArn': trails } } },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${arn}/AWSLogs/${ctx.accountId}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trails } },
      },
      { Sid: 'AWSConfigBucketPermissionsCheck', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: arn, Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId } } },
      {
        Sid: 'AWSConfigBucketDelivery',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${arn}/AWSLogs/${ctx.accountId}/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': ctx.accountId } },
      },
    ],
  };
}

/** The dedicated audit log bucket (CloudTrail and Config deliver there); clean as every other bucket. */
export function auditBucket(ctx: ScenarioContext): S3Bucket {
  const name = auditBucketName(ctx);
  const b = cleanBucket(ctx, name, homeRegion(ctx), ctx.accountCreatedMs + 3 * DAY_MS, false);
  return { ...b, policy: auditBucketPolicy(ctx, name) };
}

const deliveryTime = (ctx: ScenarioContext, d: number, salt: string): string => iso(eventTime(ctx, d, 23, 40 + (hash32('delivery', ctx.seed, salt, d) % 19)));

function trailBase(ctx: ScenarioContext, name: string, region: string): CloudTrailTrail {
  return {
    type: 'aws.cloudtrail.trail',
    id: trailArn(ctx, region, name),
    name,
    homeRegion: region,
    ownerAccountId: ctx.accountId,
    isMultiRegionTrail: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    kmsKeyId: keyArn(ctx, homeRegion(ctx), cloudtrailKeyId(ctx)),
    s3BucketName: auditBucketName(ctx),
    s3KeyPrefix: null,
    snsTopicArn: null,
    cloudWatchLogsLogGroupArn: trailLogGroupArn(ctx, name, region),
    status: { isLogging: true, latestDeliveryError: null, latestDeliveryTime: deliveryTime(ctx, 0, name), startLoggingTime: iso(ctx.accountCreatedMs + 3 * DAY_MS + 2 * HOUR_MS), stopLoggingTime: null },
    eventSelectors: [],
    advancedEventSelectors: [],
  };
}

const fieldSelector = (field: string, equals: string[]): CloudTrailTrail['advancedEventSelectors'][number]['fieldSelectors'][number] => ({
  field,
  equals,
  notEquals: [],
  startsWith: [],
  notStartsWith: [],
  endsWith: [],
  notEndsWith: [],
});

/** The organization's audit trail: multi-region, home region first, advanced selectors (management events, S3 data events of the audit bucket). */
export function mainTrail(ctx: ScenarioContext): CloudTrailTrail {
  return {
    ...trailBase(ctx, mainTrailName(ctx), homeRegion(ctx)),
    advancedEventSelectors: [
      { name: 'Management events', fieldSelectors: [fieldSelector('eventCategory', ['Management'])] },
      {
        name: 'Audit bucket object events',
        fieldSelectors: [fieldSelector('eventCategory', ['Data']), fieldSelector('resources.type', ['AWS::S3::Object']), { ...fieldSelector('resources.ARN', []), startsWith: [`${bucketArn(auditBucketName(ctx))}/`] }],
      },
    ],
  };
}

/** A single-region trail (data residency) in the second region, with basic selectors. */
export function regionalTrail(ctx: ScenarioContext): CloudTrailTrail {
  const region = regionalTrailRegion(ctx);
  return {
    ...trailBase(ctx, regionalTrailName(ctx), region),
    isMultiRegionTrail: false,
    includeGlobalServiceEvents: false,
    s3KeyPrefix: region,
    eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [], dataResourceTypes: ['AWS::S3::Object'] }],
  };
}

// ---- GuardDuty findings ----
const LOW_FINDINGS: [string, number, string, string][] = [
  ['Recon:EC2/PortProbeUnprotectedPort', 2, 'Unprotected port on EC2 instance is being probed.', 'Instance'],
  ['UnauthorizedAccess:EC2/SSHBruteForce', 2, 'SSH brute force attacks against an EC2 instance.', 'Instance'],
  ['Policy:IAMUser/RootCredentialUsage', 2, 'API was invoked using root credentials.', 'AccessKey'],
  ['Recon:IAMUser/MaliciousIPCaller', 5, 'Reconnaissance API was invoked from a known malicious IP address.', 'AccessKey'],
  ['Discovery:S3/AnomalousBehavior', 2, 'An S3 API commonly used to discover objects was invoked in an anomalous way.', 'S3Bucket'],
];
const HIGH_FINDINGS: [string, number, string, string][] = [
  ['CryptoCurrency:EC2/BitcoinTool.B!DNS', 8, 'EC2 instance is querying a domain name that is associated with Bitcoin-related activity.', 'Instance'],
  ['Backdoor:EC2/C&CActivity.B!DNS', 8, 'EC2 instance is querying a domain name associated with a known command and control server.', 'Instance'],
  ['UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', 8, 'Credentials for an EC2 instance role are used from an external IP address.', 'AccessKey'],
  ['Impact:S3/MaliciousIPCaller', 7, 'An S3 API commonly used to tamper with data was invoked from a known malicious IP address.', 'S3Bucket'],
];

export function findingId(...parts: (string | number)[]): string {
  return hashHex('finding', ...parts).slice(0, 32);
}

/** A finding raised on day createdDay (hour from the hash), archived from day archivedDay. */
export function plannedFinding(ctx: ScenarioContext, region: string, salt: string, kind: [string, number, string, string], createdDay: number, archivedDay: number | null): PlannedFinding {
  const h = hash32('finding', ctx.seed, region, salt);
  const createdMs = eventTime(ctx, createdDay, 4 + (h % 12), h % 60);
  return { region, id: findingId(ctx.seed, region, salt), type: kind[0], severity: kind[1], title: kind[2], resourceType: kind[3], createdDay, createdMs, updatedMs: createdMs + (h % 5) * HOUR_MS, archivedDay };
}

export const PLANTED_HIGH_FINDING = HIGH_FINDINGS[0] as [string, number, string, string];

const findingCache = new WeakMap<ScenarioContext, Map<string, PlannedFinding[]>>();

/**
 * Every finding of a region over the scenario (and 60 days before it), by id: every 6 to 11 days
 * one is raised; one in three is high severity and archived within 1 to 4 days (well inside the
 * triage window), the others are archived after 20 to 40 days. Plus the plants' findings.
 */
export function findingsOf(ctx: ScenarioContext, region: string): PlannedFinding[] {
  let cache = findingCache.get(ctx);
  if (!cache) findingCache.set(ctx, (cache = new Map()));
  const hit = cache.get(region);
  if (hit) return hit;
  const out: PlannedFinding[] = [];
  let d = -60 + (hash32('gd-phase', ctx.seed, region) % 7);
  for (let i = 0; d < ctx.days; i++) {
    const h = hash32('gd', ctx.seed, region, i);
    const high = i % 3 === 1;
    const kind = (high ? HIGH_FINDINGS[h % HIGH_FINDINGS.length] : LOW_FINDINGS[h % LOW_FINDINGS.length]) as [string, number, string, string];
    out.push(plannedFinding(ctx, region, `n${i}`, kind, d, d + (high ? 1 + ((h >>> 8) % 4) : 20 + ((h >>> 8) % 21))));
    d += 6 + ((h >>> 16) % 6);
  }
  for (const f of ctx.plantedFindings) if (f.region === region) out.push(f);
  out.sort((a, b) => (a.id < b.id ? -1 : 1));
  cache.set(region, out);
  return out;
}

export const findingVisible = (f: PlannedFinding, day: number): boolean => f.createdDay <= day;
export const findingArchived = (f: PlannedFinding, day: number): boolean => f.archivedDay !== null && day >= f.archivedDay;

export function toFinding(f: PlannedFinding): GuardDutyFinding {
  return { id: f.id, type: f.type, severity: f.severity, title: f.title, resourceType: f.resourceType, createdAt: iso(f.createdMs), updatedAt: iso(f.updatedMs) };
}

export function openHighFindings(ctx: ScenarioContext, region: string, day: number): GuardDutyFinding[] {
  return findingsOf(ctx, region)
    .filter((f) => f.severity >= 7 && findingVisible(f, day) && !findingArchived(f, day))
    .map(toFinding);
}

export const detectorId = (ctx: ScenarioContext, region: string): string => hashHex('detector', ctx.seed, region).slice(0, 32);

const GD_FEATURES: [string, string][] = [
  ['CLOUD_TRAIL', 'ENABLED'],
  ['DNS_LOGS', 'ENABLED'],
  ['FLOW_LOGS', 'ENABLED'],
  ['S3_DATA_EVENTS', 'ENABLED'],
  ['EKS_AUDIT_LOGS', 'ENABLED'],
  ['EBS_MALWARE_PROTECTION', 'ENABLED'],
  ['RDS_LOGIN_EVENTS', 'ENABLED'],
  ['LAMBDA_NETWORK_LOGS', 'DISABLED'],
  ['RUNTIME_MONITORING', 'DISABLED'],
];

// ---- security groups ----
const cidr = (c: string, description: string | null = null): { cidr: string; description: string | null } => ({ cidr: c, description });
function perm(ipProtocol: string, from: number | null, to: number | null, parts: Partial<Pick<IpPermission, 'ipv4Ranges' | 'ipv6Ranges' | 'groupPairs'>>): IpPermission {
  return { ipProtocol, fromPort: from, toPort: to, ipv4Ranges: parts.ipv4Ranges ?? [], ipv6Ranges: parts.ipv6Ranges ?? [], prefixListIds: [], groupPairs: parts.groupPairs ?? [] };
}
const ALL_OUT = perm('-1', null, null, { ipv4Ranges: [cidr('0.0.0.0/0')] });

export function vpcCidr(ctx: ScenarioContext, region: string, v: number): string {
  return `10.${(ctx.regions.indexOf(region) * 16 + v) % 256}.0.0/16`;
}

function group(ctx: ScenarioContext, region: string, v: number, name: string, description: string, ingress: IpPermission[], egress: IpPermission[]): Ec2SecurityGroup {
  const groupId = sgId(ctx, region, v, name);
  return {
    type: 'aws.ec2.security-group',
    id: sgArn(ctx, region, groupId),
    groupId,
    groupName: name,
    description,
    vpcId: vpcId(ctx, region, v),
    region,
    ownerId: ctx.accountId,
    ingress,
    egress,
    tags: name === 'default' ? [] : [{ key: 'Name', value: name }],
  };
}

/** A new compliant service group (churn): 8443 from the VPC, all egress. */
export function serviceGroup(ctx: ScenarioContext, region: string, v: number, name: string): Ec2SecurityGroup {
  return group(ctx, region, v, name, `${name} service`, [perm('tcp', 8443, 8443, { ipv4Ranges: [cidr(vpcCidr(ctx, region, v), 'VPC')] })], [ALL_OUT, perm('-1', null, null, { ipv6Ranges: [cidr('::/0')] })]);
}

export function securityGroupsOf(ctx: ScenarioContext, region: string): Ec2SecurityGroup[] {
  const out: Ec2SecurityGroup[] = [];
  for (let v = 0; v < vpcCount(ctx); v++) {
    const vpc = vpcCidr(ctx, region, v);
    const web = sgId(ctx, region, v, 'web-alb');
    out.push(group(ctx, region, v, 'default', 'default VPC security group', [], []));
    out.push(
      group(
        ctx,
        region,
        v,
        'web-alb',
        'public load balancer',
        [perm('tcp', 443, 443, { ipv4Ranges: [cidr('0.0.0.0/0', 'HTTPS')], ipv6Ranges: [cidr('::/0', 'HTTPS')] })],
        [perm('tcp', 8080, 8080, { ipv4Ranges: [cidr(vpc)] })],
      ),
    );
    out.push(group(ctx, region, v, 'app', 'application servers', [perm('tcp', 8080, 8080, { groupPairs: [{ groupId: web, userId: ctx.accountId }] })], [ALL_OUT]));
    out.push(group(ctx, region, v, 'db', 'PostgreSQL', [perm('tcp', 5432, 5432, { ipv4Ranges: [cidr(vpc, 'VPC')] })], []));
    out.push(group(ctx, region, v, 'bastion', 'SSH from the corporate VPN', [perm('tcp', 22, 22, { ipv4Ranges: [cidr('10.0.0.0/8', 'VPN')] })], [ALL_OUT]));
    for (let i = 1; i <= serviceGroupCount(ctx); i++) out.push(serviceGroup(ctx, region, v, `svc-${appWord(ctx, 300 + i)}-${String(i).padStart(2, '0')}`));
  }
  return out;
}

export const groupOf = (ctx: ScenarioContext, region: string, v: number, name: string): string => sgArn(ctx, region, sgId(ctx, region, v, name));
export { perm as ipPermission, cidr as ipRange };

// ---- region resources ----
function configRecorder(ctx: ScenarioContext, region: string): ConfigRecorder {
  return {
    name: 'default',
    roleArn: `arn:aws:iam::${ctx.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    allSupported: true,
    includeGlobalResourceTypes: region === homeRegion(ctx),
    resourceTypes: [],
    exclusionResourceTypes: [],
    recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
    recording: true,
    lastStatus: 'Success',
    lastErrorCode: null,
    lastStatusChangeTime: iso(ctx.accountCreatedMs + 4 * DAY_MS + 9 * HOUR_MS),
  };
}
export { configRecorder as cleanConfigRecorder };

export function cleanDeliveryChannel(ctx: ScenarioContext): ConfigRegion['deliveryChannels'][number] {
  return { name: 'default', s3BucketName: auditBucketName(ctx), snsTopicArn: null, deliveryFrequency: 'TwentyFour_Hours' };
}

function regionResources(ctx: ScenarioContext, region: string, trails: CloudTrailTrail[], keys: KmsKey[]): [CloudTrailRegion, ConfigRegion, GuardDutyRegion, KmsRegion, Ec2Region] {
  const base = { region, accountId: ctx.accountId, refused: null };
  return [
    { type: 'aws.cloudtrail.region', id: regionId(ctx, 'cloudtrail', region), ...base, trailArns: trails.filter((t) => t.isMultiRegionTrail || t.homeRegion === region).map((t) => t.id).sort() },
    { type: 'aws.config.region', id: regionId(ctx, 'config', region), ...base, recorders: [configRecorder(ctx, region)], deliveryChannels: [cleanDeliveryChannel(ctx)] },
    {
      type: 'aws.guardduty.region',
      id: regionId(ctx, 'guardduty', region),
      ...base,
      detectors: [
        {
          detectorId: detectorId(ctx, region),
          status: 'ENABLED',
          findingPublishingFrequency: 'SIX_HOURS',
          createdAt: iso(ctx.accountCreatedMs + 5 * DAY_MS + 11 * HOUR_MS),
          updatedAt: iso(ctx.accountCreatedMs + 5 * DAY_MS + 11 * HOUR_MS),
          features: GD_FEATURES.map(([name, status]) => ({ name, status })),
          openHighSeverityFindings: openHighFindings(ctx, region, 0),
        },
      ],
    },
    { type: 'aws.kms.region', id: regionId(ctx, 'kms', region), ...base, keyArns: keys.map((k) => k.id).sort() },
    { type: 'aws.ec2.region', id: regionId(ctx, 'ec2', region), ...base, optInStatus: 'opt-in-not-required', ebsEncryptionByDefault: true, ebsDefaultKmsKeyId: 'alias/aws/ebs' },
  ];
}

/** The region resources of a region that refused (not enabled for the account), exactly as a collector records them. */
export function refusedRegionResources(ctx: ScenarioContext, region: string): [CloudTrailRegion, ConfigRegion, GuardDutyRegion, KmsRegion, Ec2Region] {
  const base = { region, accountId: ctx.accountId, refused: { ...REFUSAL_JSON } };
  return [
    { type: 'aws.cloudtrail.region', id: regionId(ctx, 'cloudtrail', region), ...base, trailArns: [] },
    { type: 'aws.config.region', id: regionId(ctx, 'config', region), ...base, recorders: [], deliveryChannels: [] },
    { type: 'aws.guardduty.region', id: regionId(ctx, 'guardduty', region), ...base, detectors: [] },
    { type: 'aws.kms.region', id: regionId(ctx, 'kms', region), ...base, keyArns: [] },
    { type: 'aws.ec2.region', id: regionId(ctx, 'ec2', region), ...base, refused: { ...REFUSAL_EC2 }, optInStatus: 'not-opted-in', ebsEncryptionByDefault: null, ebsDefaultKmsKeyId: null },
  ];
}

/** Puts the clean regional baseline of day 0 into the world (and the audit bucket). */
export function putRegionalBaseline(ctx: ScenarioContext, w: World): void {
  w.put(auditBucket(ctx));
  const trails = [mainTrail(ctx), regionalTrail(ctx)];
  for (const t of trails) w.put(t);
  for (const region of ctx.regions) {
    const keys = kmsKeysOf(ctx, region);
    for (const k of keys) w.put(k);
    for (const g of securityGroupsOf(ctx, region)) w.put(g);
    for (const r of regionResources(ctx, region, trails, keys)) w.put(r);
  }
  for (const r of refusedRegionResources(ctx, ctx.optInRegion)) w.put(r);
}

/** Everyday regional changes of day d, all compliant. */
export function playRegionalChurn(ctx: ScenarioContext, w: World, d: number): void {
  // Trails that log and deliver fine deliver again every day.
  for (const arn of [mainTrailArn(ctx), regionalTrailArn(ctx)]) {
    const t = w.get('aws.cloudtrail.trail', arn);
    if (t && t.status.isLogging && t.status.latestDeliveryError === null) w.put({ ...t, status: { ...t.status, latestDeliveryTime: deliveryTime(ctx, d, t.name) } });
  }
  // GuardDuty: findings raised and archived on their schedule.
  for (const region of ctx.regions) {
    const id = regionId(ctx, 'guardduty', region);
    const r = w.get('aws.guardduty.region', id);
    if (!r || r.detectors.length === 0) continue;
    const open = openHighFindings(ctx, region, d);
    const before = (r.detectors[0] as GuardDutyRegion['detectors'][number]).openHighSeverityFindings;
    if (open.length === before.length && open.every((f, i) => f.id === before[i]?.id)) continue;
    w.put({ ...r, detectors: r.detectors.map((det, i) => (i === 0 ? { ...det, openHighSeverityFindings: open } : det)) });
  }
  // Now and then a new service security group, configured like the others.
  if (d % 47 === 23) {
    const n = Math.floor(d / 47);
    const region = ctx.regions[n % ctx.regions.length] as string;
    w.put(serviceGroup(ctx, region, 0, `svc-new-${String(d).padStart(3, '0')}`));
  }
}
