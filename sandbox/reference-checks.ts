/**
 * A reference reading of every check registered in controls/checks/index.ts (each check's one-line `fails` definition), used only to derive the scenario's
 * answer key (and to prove the clean organization passes everything). It is deliberately
 * independent of controls/checks/: when the two disagree on the scenario, one of them has read the
 * one-line spec differently, and the test that compares them says where.
 *
 * Semantics assumed (documented for the checks helper):
 *  - "allows X": an Allow statement with an Action pattern (glob, case-insensitive) matching X;
 *    so Action "*" allows "cloudtrail:*" and "aws-marketplace:Subscribe".
 *  - "* on *": an Allow with Action "*" (literally) and Resource "*".
 *  - Ages: failing when asOf - date > N days (strictly more), N from CheckSettings defaults.
 *  - Time checks count from last used, or if never used (N/A, no_information) from last rotated /
 *    password last changed.
 *  - user-permissions-boundary is evaluated as if required (the clean org always has one).
 *  - Legitimate uses are not failures: a customer policy used only as a permissions boundary grants
 *    nothing (no admin / cloudtrail / marketplace / attached-to-role finding); a service-linked role
 *    (path /aws-service-role/...) has no inline-policy finding, an Identity Center role
 *    (/aws-reserved/sso.amazonaws.com/...) none for having one; a user with no password, key or
 *    signing certificate needs no MFA; an empty group holding no policy grants nothing; a bucket
 *    that receives server access logs need not log itself; an ELB access-log bucket on SSE-S3 is not
 *    asked for KMS; a bucket another bucket replicates into is not asked to replicate; a wildcard
 *    principal limited to access points (s3:DataAccessPointAccount / Arn) is not open; attaching or
 *    writing user and role policies only on targets with a named boundary (iam:PermissionsBoundary)
 *    is no escalation unless the same policy can delete a boundary or set one freely.
 */
import type { CheckId } from '../controls/checks/index.ts';
import type { CloudTrailRegion, CloudTrailTrail, GuardDutyRegion, IamCredentials, IamGroup, IamManagedPolicy, InlinePolicy, PolicyDocument, PublicAccessBlockConfig, ReportDate, Resource, ResourceType, S3Bucket } from '../model/resources.ts';
import { cloudtrailRegionFailures, regionalStaticFailures, untriagedFinding } from './reference-regional.ts';
import { PRIVESC_SETS, allowsAction, allowsStarOnStar, globMatches, hasTlsDeny, privescSetAllowed, statementsOf, unlimitedWildcardAllows, type Statement as PolicyStatement } from './policy-logic.ts';

export interface ReferenceSettings {
  accessKeyUnusedDays: number;
  passwordUnusedDays: number;
  accessKeyMaxAgeDays: number;
  minPasswordLength: number;
  passwordReusePrevention: number;
  maxPasswordAgeDays: number;
  /** guardduty.high-findings-triaged: days a high-severity finding may stay open (default 7). */
  findingTriageDays: number;
}

export const DEFAULT_REFERENCE_SETTINGS: ReferenceSettings = {
  accessKeyUnusedDays: 90,
  passwordUnusedDays: 90,
  accessKeyMaxAgeDays: 90,
  minPasswordLength: 14,
  passwordReusePrevention: 24,
  maxPasswordAgeDays: 90,
  findingTriageDays: 7,
};

export interface ReferenceFailure {
  checkId: CheckId;
  resourceType: ResourceType;
  resourceId: string;
  reason: string;
}

const DAY = 86_400_000;
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const PUBLIC_GROUPS = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];

type Fail = [CheckId, string];

/** Service-linked roles: AWS writes their policies, the account cannot; every inline-policy check skips them. */
function isServiceLinked(path: string): boolean {
  return path.startsWith('/aws-service-role/');
}

/** Roles IAM Identity Center provisions: their inline policy is a permission set's, kept in Identity Center. */
function isIdentityCenter(path: string): boolean {
  return path.startsWith('/aws-reserved/sso.amazonaws.com/');
}

function inlineFailures(inline: InlinePolicy[], rolePath: string | null = null): Fail[] {
  const out: Fail[] = [];
  if (inline.length === 0 || (rolePath !== null && isServiceLinked(rolePath))) return out;
  if (rolePath === null || !isIdentityCenter(rolePath)) out.push(['iam.no-inline-policies', `${inline.length} inline policies: ${inline.map((p) => p.name).join(', ')}`]);
  const admin = inline.find((p) => allowsStarOnStar(p.document));
  if (admin) out.push(['iam.inline-policy-no-admin', `inline policy ${admin.name} allows * on *`]);
  for (const p of inline) {
    const set = privescSet(p.document);
    if (set) {
      out.push(['iam.inline-policy-no-privesc', `inline policy ${p.name} allows ${set.join(' + ')}`]);
      break;
    }
  }
  const mk = inline.find((p) => allowsAction(p.document, 'aws-marketplace:Subscribe', true));
  if (mk) out.push(['iam.no-marketplace-subscribe-all', `inline policy ${mk.name} allows aws-marketplace:Subscribe on *`]);
  return out;
}

const BOUNDARY_CONFINABLE = ['iam:attachuserpolicy', 'iam:attachrolepolicy', 'iam:putuserpolicy', 'iam:putrolepolicy'];

/** The Allow only reaches targets that carry a named permissions boundary (Condition on iam:PermissionsBoundary). */
function tiedToBoundary(s: PolicyStatement): boolean {
  return Object.entries(s.condition ?? {}).some(
    ([op, test]) => ['stringequals', 'stringlike', 'arnequals', 'arnlike'].includes(op.toLowerCase()) && !!test && typeof test === 'object' && Object.keys(test).some((k) => k.toLowerCase() === 'iam:permissionsboundary'),
  );
}

/**
 * The privilege-escalation set a document allows, reading delegated permission management as AWS
 * documents it: attaching or writing policies only on targets with a named boundary grants nothing
 * beyond the boundary, unless the same document can delete a boundary or set one freely.
 */
function privescSet(doc: PolicyDocument): readonly string[] | null {
  const statements = statementsOf(doc).filter((s) => s.effect === 'Allow');
  const allowed = (action: string, unless?: (s: PolicyStatement) => boolean): boolean => statements.some((s) => s.actions.some((a) => globMatches(a, action)) && !unless?.(s));
  const escapes = allowed('iam:DeleteUserPermissionsBoundary') || allowed('iam:DeleteRolePermissionsBoundary') || allowed('iam:PutUserPermissionsBoundary', tiedToBoundary) || allowed('iam:PutRolePermissionsBoundary', tiedToBoundary);
  if (escapes) return privescSetAllowed(doc);
  for (const set of PRIVESC_SETS) if (set.every((a) => allowed(a, BOUNDARY_CONFINABLE.includes(a.toLowerCase()) ? tiedToBoundary : undefined))) return set;
  return null;
}

function policyFailures(p: IamManagedPolicy): Fail[] {
  const out: Fail[] = [];
  if (p.isAwsManaged) {
    if (p.attachmentCount > 0 && allowsStarOnStar(p.document)) out.push(['iam.aws-policy-no-admin-attached', `${p.name} grants *:* and is attached ${p.attachmentCount} times`]);
    return out;
  }
  // A boundary grants nothing: what its document allows is no grant (its shape is usually "*" with Denies).
  const grants = !onlyABoundary(p);
  if (grants && allowsStarOnStar(p.document)) out.push(['iam.customer-policy-no-admin', `${p.name} allows * on *`]);
  if (grants && allowsAction(p.document, 'cloudtrail:*')) out.push(['iam.customer-policy-no-cloudtrail-all', `${p.name} allows cloudtrail:*`]);
  if (grants && allowsAction(p.document, 'aws-marketplace:Subscribe', true)) out.push(['iam.no-marketplace-subscribe-all', `${p.name} allows aws-marketplace:Subscribe on *`]);
  if (p.attachmentCount === 0 && p.permissionsBoundaryUsageCount === 0) out.push(['iam.customer-policy-attached', `${p.name} is attached to nothing`]);
  return out;
}

function credentialFailures(c: IamCredentials): Fail[] {
  const out: Fail[] = [];
  if (c.isRoot) {
    if (c.accessKey1.active || c.accessKey2.active) out.push(['iam.root-no-access-keys', 'root has an active access key']);
    if (!c.mfaActive) out.push(['iam.root-mfa', 'root has no MFA']);
    return out;
  }
  if (c.passwordEnabled && !c.mfaActive) out.push(['iam.console-user-mfa', `${c.user} has a console password and no MFA`]);
  const hasCredential = c.passwordEnabled === true || c.accessKey1.active || c.accessKey2.active || c.cert1Active || c.cert2Active;
  if (!c.mfaActive && hasCredential) out.push(['iam.user-mfa', `${c.user} has no MFA`]);
  if (c.accessKey1.active && c.accessKey2.active) out.push(['iam.user-single-active-key', `${c.user} has two active keys`]);
  return out;
}

/** Allow statements of a bucket policy that let a service principal put objects (log delivery). */
function servicePuts(b: S3Bucket, service: string): boolean {
  if (!b.policy) return false;
  return statementsOf(b.policy).some((s) => {
    if (s.effect !== 'Allow' || !s.principal || typeof s.principal !== 'object') return false;
    const raw = (s.principal as Record<string, unknown>)['Service'];
    const services = (Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === 'string');
    return services.some((x) => x.toLowerCase() === service) && s.actions.some((a) => globMatches(a, 's3:PutObject'));
  });
}

/** A destination of S3 server access logs: the policy admits logging.s3.amazonaws.com, or the ACL the LogDelivery group. */
function isAccessLogDestination(b: S3Bucket): boolean {
  return servicePuts(b, 'logging.s3.amazonaws.com') || b.acl.grants.some((g) => g.granteeUri === LOG_DELIVERY && (g.permission === 'WRITE' || g.permission === 'FULL_CONTROL'));
}

/** Wildcard-principal Allows not limited by a condition, access-point delegation (s3:DataAccessPoint*) counting as a limit. */
function openWildcardAllows(doc: PolicyDocument): PolicyStatement[] {
  return unlimitedWildcardAllows(doc).filter((s) => !Object.values(s.condition ?? {}).some((test) => test && typeof test === 'object' && Object.keys(test).some((k) => /^s3:dataaccesspoint(account|arn)$/i.test(k))));
}

function bucketFailures(b: S3Bucket): Fail[] {
  const out: Fail[] = [];
  if (!b.encryption || b.encryption.length === 0) out.push(['s3.bucket-default-encryption', 'no default encryption']);
  // ELB access-log delivery supports only SSE-S3: such a bucket on AES256 is not judged.
  const elbLogsOnSseS3 = !!b.encryption?.length && b.encryption.every((e) => e.sseAlgorithm === 'AES256') && servicePuts(b, 'logdelivery.elasticloadbalancing.amazonaws.com');
  if (!b.encryption?.some((e) => e.sseAlgorithm === 'aws:kms' || e.sseAlgorithm === 'aws:kms:dsse') && !elbLogsOnSseS3) out.push(['s3.bucket-kms-encryption', 'default encryption is not SSE-KMS']);
  if (!b.policy || !hasTlsDeny(b.policy)) out.push(['s3.bucket-tls-only', 'no TLS-only deny']);
  if (b.policy && openWildcardAllows(b.policy).length > 0) out.push(['s3.bucket-policy-no-wildcard-principal', 'wildcard principal Allow']);
  // A log destination that logs nowhere ends the chain (logging into itself would loop).
  if (!b.logging && !isAccessLogDestination(b)) out.push(['s3.bucket-access-logging', 'access logging off']);
  if (b.versioning.status !== 'Enabled') out.push(['s3.bucket-versioning', `versioning ${b.versioning.status}`]);
  if (!b.objectLock?.enabled) out.push(['s3.bucket-object-lock', 'object lock off']);
  if (!b.lifecycleRules || b.lifecycleRules.length === 0) out.push(['s3.bucket-lifecycle', 'no lifecycle rule']);
  if (b.versioning.status === 'Enabled' && !b.lifecycleRules?.some((r) => r.status === 'Enabled')) out.push(['s3.bucket-versioned-lifecycle', 'versioned without enabled lifecycle rule']);
  const n = b.notifications;
  if (n.topicCount + n.queueCount + n.lambdaCount === 0 && !n.eventBridgeEnabled) out.push(['s3.bucket-event-notifications', 'no event notification']);
  return out;
}

function bucketPublicFailures(b: S3Bucket, account: PublicAccessBlockConfig | null): Fail[] {
  const out: Fail[] = [];
  const ignoreAcls = !!b.publicAccessBlock?.ignorePublicAcls || !!account?.ignorePublicAcls;
  const restrict = !!b.publicAccessBlock?.restrictPublicBuckets || !!account?.restrictPublicBuckets;
  const publicGrants = b.acl.grants.filter((g) => g.granteeType === 'Group' && g.granteeUri !== null && PUBLIC_GROUPS.includes(g.granteeUri));
  const wildcard = b.policy ? openWildcardAllows(b.policy) : [];
  const aclRead = !ignoreAcls && publicGrants.some((g) => g.permission === 'READ' || g.permission === 'FULL_CONTROL');
  // Public read: a wildcard Allow of some read action (s3:Get*/s3:List*, s3:*, *).
  const policyPublic = !restrict && wildcard.some((s) => s.actions.some((a) => /^(s3:(get|list)|s3:\*|\*)/i.test(a)));
  if (aclRead || policyPublic) out.push(['s3.bucket-not-public-read', aclRead ? 'ACL grants public READ' : 'policy is public']);
  const aclWrite = !ignoreAcls && publicGrants.some((g) => g.permission === 'WRITE' || g.permission === 'WRITE_ACP' || g.permission === 'FULL_CONTROL');
  const policyWrite = !restrict && wildcard.some((s) => s.actions.some((a) => /^(s3:(put|delete)|s3:\*|\*)/i.test(a)));
  if (aclWrite || policyWrite) out.push(['s3.bucket-not-public-write', 'publicly writable']);
  return out;
}

const staticCache = new WeakMap<Resource, Fail[]>();

function staticFailures(r: Resource, s: ReferenceSettings): Fail[] {
  const cache = s === DEFAULT_REFERENCE_SETTINGS ? staticCache : null;
  const hit = cache?.get(r);
  if (hit) return hit;
  let out: Fail[] = [];
  switch (r.type) {
    case 'aws.iam.user':
      if (r.attachedPolicies.length > 0 || r.inlinePolicies.length > 0) out.push(['iam.user-no-attached-policies', `attached: ${r.attachedPolicies.map((p) => p.name).join(', ')}`]);
      out.push(...inlineFailures(r.inlinePolicies));
      if (r.groups.length === 0) out.push(['iam.user-in-group', `${r.name} is in no group`]);
      if (!r.permissionsBoundaryArn) out.push(['iam.user-permissions-boundary', `${r.name} has no boundary`]);
      break;
    case 'aws.iam.group':
      out = inlineFailures(r.inlinePolicies);
      break;
    case 'aws.iam.role':
      out = inlineFailures(r.inlinePolicies, r.path);
      if (!isServiceLinked(r.path) && r.attachedPolicies.some((p) => p.arn.endsWith('/AmazonBedrockFullAccess'))) out.push(['iam.no-bedrock-full-access-on-roles', 'AmazonBedrockFullAccess attached']);
      break;
    case 'aws.iam.policy':
      out = policyFailures(r);
      break;
    case 'aws.iam.credentials':
      out = credentialFailures(r);
      break;
    case 'aws.iam.account': {
      const p = r.passwordPolicy;
      if (
        !p ||
        (p.minimumPasswordLength ?? 0) < s.minPasswordLength ||
        (p.passwordReusePrevention ?? 0) < s.passwordReusePrevention ||
        !p.requireSymbols ||
        !p.requireNumbers ||
        !p.requireUppercaseCharacters ||
        !p.requireLowercaseCharacters ||
        p.maxPasswordAge === null ||
        p.maxPasswordAge > s.maxPasswordAgeDays
      ) {
        out.push(['iam.password-policy-strong', p ? 'password policy weak' : 'no password policy']);
      }
      if ((r.serverCertificateCount ?? 0) > 0) out.push(['iam.no-server-certificates', `${r.serverCertificateCount} server certificates`]);
      break;
    }
    case 'aws.s3.bucket':
      out = bucketFailures(r);
      break;
    case 'aws.s3.account-public-access-block': {
      const c = r.config;
      if (!c || !c.blockPublicAcls || !c.ignorePublicAcls || !c.blockPublicPolicy || !c.restrictPublicBuckets) out.push(['s3.account-public-access-block', 'account BPA not fully on']);
      break;
    }
    default:
      out = regionalStaticFailures(r) ?? [];
  }
  cache?.set(r, out);
  return out;
}

function dateMs(d: ReportDate): number | null {
  return d.kind === 'date' ? Date.parse(d.value) : null;
}

interface CredentialTimes {
  keyRefs: number[]; // per active key: last used, or last rotated if never used
  keyRotated: number[];
  passwordRef: number | null; // console users only
}
const timesCache = new WeakMap<IamCredentials, CredentialTimes>();

function credentialTimes(c: IamCredentials): CredentialTimes {
  const hit = timesCache.get(c);
  if (hit) return hit;
  const t: CredentialTimes = { keyRefs: [], keyRotated: [], passwordRef: null };
  for (const k of [c.accessKey1, c.accessKey2]) {
    if (!k.active) continue;
    const rotated = dateMs(k.lastRotated);
    const ref = dateMs(k.lastUsedDate) ?? rotated;
    if (ref !== null) t.keyRefs.push(ref);
    if (rotated !== null) t.keyRotated.push(rotated);
  }
  if (!c.isRoot && c.passwordEnabled) t.passwordRef = dateMs(c.passwordLastUsed) ?? dateMs(c.passwordLastChanged);
  timesCache.set(c, t);
  return t;
}

function timeFailures(c: IamCredentials, asOfMs: number, s: ReferenceSettings): Fail[] {
  const t = credentialTimes(c);
  const out: Fail[] = [];
  if (t.keyRefs.some((ref) => asOfMs - ref > s.accessKeyUnusedDays * DAY)) out.push(['iam.access-key-recently-used', `${c.user}: active key unused > ${s.accessKeyUnusedDays} days`]);
  if (t.keyRotated.some((ms) => asOfMs - ms > s.accessKeyMaxAgeDays * DAY)) out.push(['iam.access-key-rotated', `${c.user}: active key older than ${s.accessKeyMaxAgeDays} days`]);
  if (t.passwordRef !== null && asOfMs - t.passwordRef > s.passwordUnusedDays * DAY) out.push(['iam.password-recently-used', `${c.user}: password unused > ${s.passwordUnusedDays} days`]);
  return out;
}

/** Every failing (check, resource) of one snapshot's resources as of a time. */
export function evaluateReference(resources: readonly Resource[], asOfMs: number, settings: ReferenceSettings = DEFAULT_REFERENCE_SETTINGS): ReferenceFailure[] {
  const failures: ReferenceFailure[] = [];
  const members = new Map<string, number>();
  const roleAttached = new Set<string>();
  const replicated = new Set<string>();
  let accountBpa: PublicAccessBlockConfig | null = null;
  let rootVirtualMfa: string[] = [];
  const trails: CloudTrailTrail[] = [];
  const bucketsByName = new Map<string, S3Bucket>();
  for (const r of resources) {
    if (r.type === 'aws.cloudtrail.trail') trails.push(r);
    else if (r.type === 'aws.s3.bucket') bucketsByName.set(r.name, r);
    if (r.type === 'aws.iam.user') for (const g of r.groups) members.set(g, (members.get(g) ?? 0) + 1);
    else if (r.type === 'aws.iam.role') for (const p of r.attachedPolicies) roleAttached.add(p.arn);
    else if (r.type === 'aws.s3.account-public-access-block') accountBpa = r.config;
    else if (r.type === 'aws.iam.account') rootVirtualMfa = r.rootVirtualMfaSerials;
    else if (r.type === 'aws.s3.bucket') for (const d of replicaDestinations(r)) replicated.add(d);
  }
  const push = (r: Resource, f: Fail): void => {
    failures.push({ checkId: f[0], resourceType: r.type, resourceId: r.id, reason: f[1] });
  };
  for (const r of resources) {
    for (const f of staticFailures(r, settings)) push(r, f);
    if (r.type === 'aws.iam.group' && !members.get(r.name) && holdsPolicy(r)) push(r, ['iam.group-has-members', `${r.name} has no members`]);
    else if (r.type === 'aws.iam.policy' && !r.isAwsManaged && !onlyABoundary(r) && !roleAttached.has(r.id)) push(r, ['iam.customer-policy-attached-to-role', `${r.name} is attached to no role`]);
    else if (r.type === 'aws.iam.credentials') {
      for (const f of timeFailures(r, asOfMs, settings)) push(r, f);
      const hw = rootHardwareFailure(r, rootVirtualMfa);
      if (hw) push(r, hw);
    }
    else if (r.type === 'aws.s3.bucket') {
      for (const f of bucketPublicFailures(r, accountBpa)) push(r, f);
      if (!replicates(r) && !replicated.has(r.id)) push(r, ['s3.bucket-replication', 'no enabled replication rule']);
    } else if (r.type === 'aws.cloudtrail.region') for (const f of cloudtrailRegionFailures(r, trails)) push(r, f);
    else if (r.type === 'aws.cloudtrail.trail') for (const f of trailBucketFailures(r, r.s3BucketName ? bucketsByName.get(r.s3BucketName) : undefined, accountBpa)) push(r, f);
    else if (r.type === 'aws.guardduty.region') {
      const f = untriagedFinding(r, asOfMs, settings.findingTriageDays);
      if (f) push(r, f);
    }
  }
  return failures;
}

/** iam.root-hardware-mfa: the root row with MFA while a virtual device is assigned to root. */
function rootHardwareFailure(c: IamCredentials, virtualSerials: readonly string[]): Fail | null {
  return c.isRoot && c.mfaActive && virtualSerials.length > 0 ? ['iam.root-hardware-mfa', 'root MFA is virtual'] : null;
}

/** cloudtrail.trail-bucket-not-public and cloudtrail.trail-bucket-protected (N/A when the bucket is not in the snapshot). */
function trailBucketFailures(t: CloudTrailTrail, bucket: S3Bucket | undefined, accountBpa: PublicAccessBlockConfig | null): Fail[] {
  if (!bucket) return [];
  const out: Fail[] = [];
  if (bucketPublicFailures(bucket, accountBpa).some((f) => f[0] === 's3.bucket-not-public-read')) out.push(['cloudtrail.trail-bucket-not-public', `${t.name}: bucket ${bucket.name} is readable by everyone`]);
  if (bucket.versioning.status !== 'Enabled' && !bucket.objectLock?.enabled) out.push(['cloudtrail.trail-bucket-protected', `${t.name}: bucket ${bucket.name} has neither versioning nor Object Lock`]);
  return out;
}

function replicates(b: S3Bucket): boolean {
  return !!b.replication?.rules.some((r) => r.status === 'Enabled');
}

/** The buckets an Enabled rule replicates into (a replica is not asked to replicate again). */
function replicaDestinations(b: S3Bucket): string[] {
  return [...new Set((b.replication?.rules ?? []).filter((r) => r.status === 'Enabled' && r.destinationBucket !== b.id).map((r) => r.destinationBucket))];
}

/** An empty group only fails when it holds something to hand out. */
function holdsPolicy(g: IamGroup): boolean {
  return g.attachedPolicies.length > 0 || g.inlinePolicies.length > 0;
}

/** A customer policy attached to no principal and used as a permissions boundary: it grants nothing, so no role needs it. */
function onlyABoundary(p: IamManagedPolicy): boolean {
  return p.attachmentCount === 0 && p.permissionsBoundaryUsageCount > 0;
}

/**
 * The same evaluation, maintained incrementally over a sequence of days: feed it the keys that
 * changed since the previous day, then ask for the failures at the day's snapshot time. Cost
 * follows the churn (plus one cheap pass over credential rows for the age checks).
 */
export class IncrementalReference {
  private readonly current = new Map<string, Resource>();
  private readonly staticFails = new Map<string, Fail[]>();
  private readonly members = new Map<string, number>();
  private readonly groups = new Map<string, Resource>();
  private readonly roleAttached = new Map<string, number>();
  private readonly replicated = new Map<string, number>();
  private readonly customerPolicies = new Map<string, IamManagedPolicy>();
  private readonly credentials = new Map<string, IamCredentials>();
  private readonly buckets = new Map<string, S3Bucket>();
  private readonly bucketPublic = new Map<string, { bucket: S3Bucket; bpa: PublicAccessBlockConfig | null; fails: Fail[] }>();
  private accountBpa: PublicAccessBlockConfig | null = null;
  private rootVirtualMfa: string[] = [];
  private readonly trails = new Map<string, CloudTrailTrail>();
  private readonly trailRegions = new Map<string, CloudTrailRegion>();
  private readonly guardDutyRegions = new Map<string, GuardDutyRegion>();
  private readonly bucketsByName = new Map<string, S3Bucket>();

  constructor(private readonly settings: ReferenceSettings = DEFAULT_REFERENCE_SETTINGS) {}

  /** Apply the new state of each changed key (undefined = removed). */
  update(keys: Iterable<string>, get: (key: string) => Resource | undefined): void {
    for (const key of keys) {
      const before = this.current.get(key);
      const after = get(key);
      if (before === after) continue;
      if (before) this.account(key, before, -1);
      if (after) {
        this.current.set(key, after);
        this.account(key, after, 1);
        const f = staticFailures(after, this.settings);
        if (f.length) this.staticFails.set(key, f);
        else this.staticFails.delete(key);
      } else {
        this.current.delete(key);
        this.staticFails.delete(key);
      }
    }
  }

  private account(key: string, r: Resource, sign: 1 | -1): void {
    switch (r.type) {
      case 'aws.iam.user':
        for (const g of r.groups) this.members.set(g, (this.members.get(g) ?? 0) + sign);
        break;
      case 'aws.iam.group':
        if (sign > 0) this.groups.set(key, r);
        else this.groups.delete(key);
        break;
      case 'aws.iam.role':
        for (const p of r.attachedPolicies) this.roleAttached.set(p.arn, (this.roleAttached.get(p.arn) ?? 0) + sign);
        break;
      case 'aws.iam.policy':
        if (r.isAwsManaged) break;
        if (sign > 0) this.customerPolicies.set(key, r);
        else this.customerPolicies.delete(key);
        break;
      case 'aws.iam.credentials':
        if (sign > 0) this.credentials.set(key, r);
        else this.credentials.delete(key);
        break;
      case 'aws.s3.bucket':
        if (sign > 0) this.buckets.set(key, r);
        else this.buckets.delete(key);
        if (sign > 0) this.bucketsByName.set(r.name, r);
        else if (this.bucketsByName.get(r.name) === r) this.bucketsByName.delete(r.name);
        for (const d of replicaDestinations(r)) this.replicated.set(d, (this.replicated.get(d) ?? 0) + sign);
        break;
      case 'aws.s3.account-public-access-block':
        this.accountBpa = sign > 0 ? r.config : null;
        break;
      case 'aws.iam.account':
        this.rootVirtualMfa = sign > 0 ? r.rootVirtualMfaSerials : [];
        break;
      case 'aws.cloudtrail.trail':
        if (sign > 0) this.trails.set(key, r);
        else this.trails.delete(key);
        break;
      case 'aws.cloudtrail.region':
        if (sign > 0) this.trailRegions.set(key, r);
        else this.trailRegions.delete(key);
        break;
      case 'aws.guardduty.region':
        if (sign > 0) this.guardDutyRegions.set(key, r);
        else this.guardDutyRegions.delete(key);
        break;
      default:
        break;
    }
  }

  failuresAt(asOfMs: number): ReferenceFailure[] {
    const out: ReferenceFailure[] = [];
    const push = (r: Resource, f: Fail): void => {
      out.push({ checkId: f[0], resourceType: r.type, resourceId: r.id, reason: f[1] });
    };
    for (const [key, fails] of this.staticFails) for (const f of fails) push(this.current.get(key) as Resource, f);
    for (const g of this.groups.values()) if (g.type === 'aws.iam.group' && !this.members.get(g.name) && holdsPolicy(g)) push(g, ['iam.group-has-members', `${g.name} has no members`]);
    for (const p of this.customerPolicies.values()) if (!onlyABoundary(p) && !this.roleAttached.get(p.id)) push(p, ['iam.customer-policy-attached-to-role', `${p.name} is attached to no role`]);
    for (const c of this.credentials.values()) {
      for (const f of timeFailures(c, asOfMs, this.settings)) push(c, f);
      const hw = rootHardwareFailure(c, this.rootVirtualMfa);
      if (hw) push(c, hw);
    }
    for (const [key, b] of this.buckets) {
      let hit = this.bucketPublic.get(key);
      if (!hit || hit.bucket !== b || hit.bpa !== this.accountBpa) {
        hit = { bucket: b, bpa: this.accountBpa, fails: bucketPublicFailures(b, this.accountBpa) };
        this.bucketPublic.set(key, hit);
      }
      for (const f of hit.fails) push(b, f);
      if (!replicates(b) && !this.replicated.get(b.id)) push(b, ['s3.bucket-replication', 'no enabled replication rule']);
    }
    for (const key of this.bucketPublic.keys()) if (!this.buckets.has(key)) this.bucketPublic.delete(key);
    for (const r of this.trailRegions.values()) for (const f of cloudtrailRegionFailures(r, this.trails.values())) push(r, f);
    for (const t of this.trails.values()) for (const f of trailBucketFailures(t, t.s3BucketName ? this.bucketsByName.get(t.s3BucketName) : undefined, this.accountBpa)) push(t, f);
    for (const r of this.guardDutyRegions.values()) {
      const f = untriagedFinding(r, asOfMs, this.settings.findingTriageDays);
      if (f) push(r, f);
    }
    return out;
  }
}
