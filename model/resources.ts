/**
 * The resources a snapshot holds: what the collectors saw, in one shape shared by the collectors
 * (which produce it), the sandbox scenario (which plays it back over the AWS wire protocols), the
 * store (which keeps each resource once and records changes) and the checks (which judge it).
 *
 * Every resource has a `type` and a stable `id` (an ARN where AWS has one). Times are ISO 8601 UTC
 * strings. Policy documents are kept parsed (AWS returns them URL-encoded JSON).
 * No field ever holds a secret: access key *ids* are not secrets but we keep only their status and
 * dates anyway; secret keys, passwords and session tokens are never fetched.
 */
import { z } from 'zod';
import { CloudTrailRegion, CloudTrailTrail, ConfigRegion, Ec2Region, Ec2SecurityGroup, GuardDutyRegion, KmsKey, KmsRegion } from './resources-regional.ts';

export * from './resources-regional.ts';

const isoTime = z.string().datetime({ offset: true });

/** An IAM policy document, kept as AWS returned it (parsed JSON). Checks normalise it. */
export const PolicyDocument = z.record(z.string(), z.unknown());
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export const AttachedPolicy = z.object({ arn: z.string(), name: z.string() });
export type AttachedPolicy = z.infer<typeof AttachedPolicy>;

export const InlinePolicy = z.object({ name: z.string(), document: PolicyDocument });
export type InlinePolicy = z.infer<typeof InlinePolicy>;

export const Tag = z.object({ key: z.string(), value: z.string() });

export const IamUser = z.object({
  type: z.literal('aws.iam.user'),
  id: z.string(), // user ARN
  name: z.string(),
  userId: z.string(),
  path: z.string(),
  createDate: isoTime,
  groups: z.array(z.string()), // group names
  attachedPolicies: z.array(AttachedPolicy),
  inlinePolicies: z.array(InlinePolicy),
  permissionsBoundaryArn: z.string().nullable(),
  tags: z.array(Tag),
});
export type IamUser = z.infer<typeof IamUser>;

export const IamGroup = z.object({
  type: z.literal('aws.iam.group'),
  id: z.string(), // group ARN
  name: z.string(),
  groupId: z.string(),
  path: z.string(),
  createDate: isoTime,
  attachedPolicies: z.array(AttachedPolicy),
  inlinePolicies: z.array(InlinePolicy),
});
export type IamGroup = z.infer<typeof IamGroup>;

export const IamRole = z.object({
  type: z.literal('aws.iam.role'),
  id: z.string(), // role ARN
  name: z.string(),
  roleId: z.string(),
  path: z.string(),
  createDate: isoTime,
  assumeRolePolicy: PolicyDocument,
  attachedPolicies: z.array(AttachedPolicy),
  inlinePolicies: z.array(InlinePolicy),
  permissionsBoundaryArn: z.string().nullable(),
  lastUsedDate: isoTime.nullable(),
  lastUsedRegion: z.string().nullable(),
  tags: z.array(Tag),
});
export type IamRole = z.infer<typeof IamRole>;

export const IamManagedPolicy = z.object({
  type: z.literal('aws.iam.policy'),
  id: z.string(), // policy ARN
  name: z.string(),
  /** Null when the answer left it out (recorded as an anomaly in provenance): nothing else gives it, and no check reads it. */
  policyId: z.string().nullable(),
  path: z.string(),
  isAwsManaged: z.boolean(),
  attachmentCount: z.number().int(),
  permissionsBoundaryUsageCount: z.number().int(),
  isAttachable: z.boolean(),
  defaultVersionId: z.string(),
  document: PolicyDocument, // the default version's document
  createDate: isoTime,
  updateDate: isoTime,
});
export type IamManagedPolicy = z.infer<typeof IamManagedPolicy>;

/**
 * A value from the credential report. The report uses sentinels for "no date": `N/A` (never
 * applicable, e.g. no password), `no_information` (never used / not tracked) and `not_supported`.
 */
export const ReportDate = z.union([
  z.object({ kind: z.literal('date'), value: isoTime }),
  z.object({ kind: z.enum(['N/A', 'no_information', 'not_supported']) }),
]);
export type ReportDate = z.infer<typeof ReportDate>;

export const AccessKeyStatus = z.object({
  active: z.boolean(),
  lastRotated: ReportDate,
  lastUsedDate: ReportDate,
  lastUsedRegion: z.string().nullable(),
  lastUsedService: z.string().nullable(),
});
export type AccessKeyStatus = z.infer<typeof AccessKeyStatus>;

/** One row of the IAM credential report (one per user, plus the `<root_account>` row). */
export const IamCredentials = z.object({
  type: z.literal('aws.iam.credentials'),
  id: z.string(), // the user's ARN (root: arn:aws:iam::<account>:root)
  user: z.string(), // user name, or `<root_account>`
  isRoot: z.boolean(),
  userCreationTime: isoTime,
  passwordEnabled: z.boolean().nullable(), // null when not_supported (root row)
  passwordLastUsed: ReportDate,
  passwordLastChanged: ReportDate,
  passwordNextRotation: ReportDate,
  mfaActive: z.boolean(),
  accessKey1: AccessKeyStatus,
  accessKey2: AccessKeyStatus,
  cert1Active: z.boolean(),
  cert2Active: z.boolean(),
});
export type IamCredentials = z.infer<typeof IamCredentials>;

/** Account-level IAM facts: password policy (null = none set, itself a finding), summary, root MFA kind. */
export const IamAccount = z.object({
  type: z.literal('aws.iam.account'),
  id: z.string(), // iamAccountSettingsId: arn:aws:iam::<account>:account-settings (not the root user's ARN)
  accountId: z.string(),
  passwordPolicy: z
    .object({
      minimumPasswordLength: z.number().int().nullable(),
      requireSymbols: z.boolean(),
      requireNumbers: z.boolean(),
      requireUppercaseCharacters: z.boolean(),
      requireLowercaseCharacters: z.boolean(),
      allowUsersToChangePassword: z.boolean(),
      expirePasswords: z.boolean(),
      maxPasswordAge: z.number().int().nullable(),
      passwordReusePrevention: z.number().int().nullable(),
      hardExpiry: z.boolean(),
    })
    .nullable(),
  summary: z.record(z.string(), z.number()), // GetAccountSummary SummaryMap (AccountMFAEnabled, ...)
  /** Serial numbers of virtual MFA devices assigned to the root user (empty: none, or hardware). */
  rootVirtualMfaSerials: z.array(z.string()),
  serverCertificateCount: z.number().int().nullable(),
});
export type IamAccount = z.infer<typeof IamAccount>;

/**
 * The id of the account's IAM settings (password policy, summary): synthetic and stable, and not
 * the root user's ARN, so a weak password policy does not read as the root user's fault.
 */
export function iamAccountSettingsId(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:account-settings`;
}

export const S3Grant = z.object({
  granteeType: z.enum(['CanonicalUser', 'Group', 'AmazonCustomerByEmail']),
  granteeId: z.string().nullable(), // canonical id, or null
  granteeUri: z.string().nullable(), // e.g. http://acs.amazonaws.com/groups/global/AllUsers
  permission: z.enum(['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP']),
});
export type S3Grant = z.infer<typeof S3Grant>;

export const PublicAccessBlockConfig = z.object({
  blockPublicAcls: z.boolean(),
  ignorePublicAcls: z.boolean(),
  blockPublicPolicy: z.boolean(),
  restrictPublicBuckets: z.boolean(),
});
export type PublicAccessBlockConfig = z.infer<typeof PublicAccessBlockConfig>;

/** An S3 bucket with every configuration the per-bucket calls return; null = "not configured". */
export const S3Bucket = z.object({
  type: z.literal('aws.s3.bucket'),
  id: z.string(), // arn:aws:s3:::<name>
  name: z.string(),
  region: z.string(),
  creationDate: isoTime,
  encryption: z
    .array(
      z.object({
        sseAlgorithm: z.string(), // AES256 | aws:kms | aws:kms:dsse
        kmsMasterKeyId: z.string().nullable(),
        bucketKeyEnabled: z.boolean(),
      }),
    )
    .nullable(),
  versioning: z.object({
    status: z.enum(['Enabled', 'Suspended', 'Never']),
    mfaDelete: z.enum(['Enabled', 'Disabled', 'Never']),
  }),
  publicAccessBlock: PublicAccessBlockConfig.nullable(),
  /**
   * No longer written: binder's own reading of the policy, stored by collectors before 2026-12 under a
   * name that read like S3's GetBucketPolicyStatus. Judging is in controls/ (one policy reader);
   * older snapshots still hold it, and no check reads it.
   */
  policyStatusIsPublic: z.boolean().nullable().optional(),
  policy: PolicyDocument.nullable(),
  acl: z.object({ ownerId: z.string(), grants: z.array(S3Grant) }),
  logging: z.object({ targetBucket: z.string(), targetPrefix: z.string() }).nullable(),
  objectLock: z
    .object({
      enabled: z.boolean(),
      defaultRetention: z
        .object({
          mode: z.enum(['GOVERNANCE', 'COMPLIANCE']),
          days: z.number().int().nullable(),
          years: z.number().int().nullable(),
        })
        .nullable(),
    })
    .nullable(),
  lifecycleRules: z
    .array(z.object({ id: z.string().nullable(), status: z.enum(['Enabled', 'Disabled']) }))
    .nullable(),
  replication: z
    .object({
      role: z.string(),
      rules: z.array(
        z.object({
          id: z.string().nullable(),
          status: z.enum(['Enabled', 'Disabled']),
          destinationBucket: z.string(),
        }),
      ),
    })
    .nullable(),
  ownershipControls: z.string().nullable(), // BucketOwnerEnforced | BucketOwnerPreferred | ObjectWriter
  notifications: z.object({
    topicCount: z.number().int(),
    queueCount: z.number().int(),
    lambdaCount: z.number().int(),
    eventBridgeEnabled: z.boolean(),
  }),
});
export type S3Bucket = z.infer<typeof S3Bucket>;

/** Account-level S3 Block Public Access (S3 Control); null config = not set. */
export const S3AccountPublicAccessBlock = z.object({
  type: z.literal('aws.s3.account-public-access-block'),
  id: z.string(), // arn:aws:s3:::account/<account>  (synthetic, stable)
  accountId: z.string(),
  config: PublicAccessBlockConfig.nullable(),
});
export type S3AccountPublicAccessBlock = z.infer<typeof S3AccountPublicAccessBlock>;

export const Resource = z.discriminatedUnion('type', [
  IamUser,
  IamGroup,
  IamRole,
  IamManagedPolicy,
  IamCredentials,
  IamAccount,
  S3Bucket,
  S3AccountPublicAccessBlock,
  CloudTrailTrail,
  CloudTrailRegion,
  ConfigRegion,
  GuardDutyRegion,
  KmsKey,
  KmsRegion,
  Ec2SecurityGroup,
  Ec2Region,
]);
export type Resource = z.infer<typeof Resource>;
export type ResourceType = Resource['type'];

export const RESOURCE_TYPES = [
  'aws.iam.user',
  'aws.iam.group',
  'aws.iam.role',
  'aws.iam.policy',
  'aws.iam.credentials',
  'aws.iam.account',
  'aws.s3.bucket',
  'aws.s3.account-public-access-block',
  'aws.cloudtrail.trail',
  'aws.cloudtrail.region',
  'aws.config.region',
  'aws.guardduty.region',
  'aws.kms.key',
  'aws.kms.region',
  'aws.ec2.security-group',
  'aws.ec2.region',
] as const satisfies readonly ResourceType[];

/** Narrow a resource list to one type. */
export function resourcesOfType<T extends ResourceType>(
  resources: readonly Resource[],
  type: T,
): Extract<Resource, { type: T }>[] {
  return resources.filter((r): r is Extract<Resource, { type: T }> => r.type === type);
}
