/**
 * Typed builders for check tests: each returns a clean, passing resource; override what the test is
 * about. Resources go through the model's zod schemas so a fixture can never drift from the shape
 * collectors produce.
 */
import { CheckSettings } from '../../config/schema.ts';
import type { Check, CheckContext, Verdict } from '../../controls/check.ts';
import { SnapshotIndex } from '../../controls/snapshot-index.ts';
import {
  IamAccount,
  IamCredentials,
  IamGroup,
  IamManagedPolicy,
  IamRole,
  IamUser,
  S3AccountPublicAccessBlock,
  S3Bucket,
  type AccessKeyStatus,
  type PolicyDocument,
  type ReportDate,
  type Resource,
  type ResourceType,
  type S3Grant,
} from '../../model/resources.ts';

export const ACCOUNT = '123456789012';
export const AS_OF = new Date('2026-05-13T00:00:00.000Z');
const CREATED = '2025-01-01T00:00:00.000Z';

/** A date `days` before AS_OF (fractions allowed), as an ISO string. */
export function daysAgo(days: number, from: Date = AS_OF): string {
  return new Date(from.getTime() - days * 86_400_000).toISOString();
}

export function date(iso: string): ReportDate {
  return { kind: 'date', value: iso };
}
export const NA: ReportDate = { kind: 'N/A' };
export const NO_INFO: ReportDate = { kind: 'no_information' };
export const NOT_SUPPORTED: ReportDate = { kind: 'not_supported' };

type Over<T> = Partial<Omit<T, 'type'>>;

// ---- policy documents ------------------------------------------------------------------------

export function doc(...statements: Record<string, unknown>[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}
export function allow(
  action: string | string[],
  resource: string | string[] = '*',
  extra: Record<string, unknown> = {},
) {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra };
}
export function deny(
  action: string | string[],
  resource: string | string[] = '*',
  extra: Record<string, unknown> = {},
) {
  return { Effect: 'Deny', Action: action, Resource: resource, ...extra };
}
export const READ_ONLY = doc(allow(['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::data/*'));
export const ADMIN = doc(allow('*', '*'));

// ---- IAM ------------------------------------------------------------------------------------

export function user(over: Over<IamUser> = {}): IamUser {
  const name = over.name ?? 'alice';
  return IamUser.parse({
    type: 'aws.iam.user',
    id: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    name,
    userId: `AIDA${name.toUpperCase()}`,
    path: '/',
    createDate: CREATED,
    groups: ['developers'],
    attachedPolicies: [],
    inlinePolicies: [],
    permissionsBoundaryArn: null,
    tags: [],
    ...over,
  });
}

export function group(over: Over<IamGroup> = {}): IamGroup {
  const name = over.name ?? 'developers';
  return IamGroup.parse({
    type: 'aws.iam.group',
    id: `arn:aws:iam::${ACCOUNT}:group/${name}`,
    name,
    groupId: `AGPA${name.toUpperCase()}`,
    path: '/',
    createDate: CREATED,
    attachedPolicies: [],
    inlinePolicies: [],
    ...over,
  });
}

export function role(over: Over<IamRole> = {}): IamRole {
  const name = over.name ?? 'deploy';
  return IamRole.parse({
    type: 'aws.iam.role',
    id: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    name,
    roleId: `AROA${name.toUpperCase()}`,
    path: '/',
    createDate: CREATED,
    assumeRolePolicy: doc({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }),
    attachedPolicies: [],
    inlinePolicies: [],
    permissionsBoundaryArn: null,
    lastUsedDate: null,
    lastUsedRegion: null,
    tags: [],
    ...over,
  });
}

export function managedPolicy(over: Over<IamManagedPolicy> = {}): IamManagedPolicy {
  const name = over.name ?? 'ReadData';
  const owner = over.isAwsManaged ? 'aws' : ACCOUNT;
  return IamManagedPolicy.parse({
    type: 'aws.iam.policy',
    id: `arn:aws:iam::${owner}:policy/${name}`,
    name,
    policyId: `ANPA${name.toUpperCase()}`,
    path: '/',
    isAwsManaged: false,
    attachmentCount: 1,
    permissionsBoundaryUsageCount: 0,
    isAttachable: true,
    defaultVersionId: 'v1',
    document: READ_ONLY,
    createDate: CREATED,
    updateDate: CREATED,
    ...over,
  });
}

export function key(over: Partial<AccessKeyStatus> = {}): AccessKeyStatus {
  return {
    active: true,
    lastRotated: date(daysAgo(10)),
    lastUsedDate: date(daysAgo(1)),
    lastUsedRegion: 'us-east-1',
    lastUsedService: 's3',
    ...over,
  };
}

export const NO_KEY: AccessKeyStatus = {
  active: false,
  lastRotated: NA,
  lastUsedDate: NA,
  lastUsedRegion: null,
  lastUsedService: null,
};

/** A credential-report row of a user with a recently used password, MFA and one fresh key. */
export function credentials(over: Over<IamCredentials> = {}): IamCredentials {
  const name = over.user ?? 'alice';
  return IamCredentials.parse({
    type: 'aws.iam.credentials',
    id: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    user: name,
    isRoot: false,
    userCreationTime: CREATED,
    passwordEnabled: true,
    passwordLastUsed: date(daysAgo(2)),
    passwordLastChanged: date(daysAgo(30)),
    passwordNextRotation: NA,
    mfaActive: true,
    accessKey1: key(),
    accessKey2: NO_KEY,
    cert1Active: false,
    cert2Active: false,
    ...over,
  });
}

/** The `<root_account>` row: MFA on, no keys, password fields not_supported. */
export function rootCredentials(over: Over<IamCredentials> = {}): IamCredentials {
  return credentials({
    id: `arn:aws:iam::${ACCOUNT}:root`,
    user: '<root_account>',
    isRoot: true,
    passwordEnabled: null,
    passwordLastUsed: NO_INFO,
    passwordLastChanged: NOT_SUPPORTED,
    passwordNextRotation: NOT_SUPPORTED,
    accessKey1: NO_KEY,
    accessKey2: NO_KEY,
    ...over,
  });
}

export type PasswordPolicy = NonNullable<IamAccount['passwordPolicy']>;

export function passwordPolicy(over: Partial<PasswordPolicy> = {}): PasswordPolicy {
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
    ...over,
  };
}

export function account(over: Over<IamAccount> = {}): IamAccount {
  return IamAccount.parse({
    type: 'aws.iam.account',
    id: `arn:aws:iam::${ACCOUNT}:account-settings`,
    accountId: ACCOUNT,
    passwordPolicy: passwordPolicy(),
    summary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 },
    rootVirtualMfaSerials: [],
    serverCertificateCount: 0,
    ...over,
  });
}

// ---- S3 -------------------------------------------------------------------------------------

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

export function grant(uri: string, permission: S3Grant['permission']): S3Grant {
  return { granteeType: 'Group', granteeId: null, granteeUri: uri, permission };
}

export function bpa(
  on:
    | boolean
    | Partial<
        Record<
          'blockPublicAcls' | 'ignorePublicAcls' | 'blockPublicPolicy' | 'restrictPublicBuckets',
          boolean
        >
      >,
) {
  const all = typeof on === 'boolean' ? on : false;
  const base = {
    blockPublicAcls: all,
    ignorePublicAcls: all,
    blockPublicPolicy: all,
    restrictPublicBuckets: all,
  };
  return typeof on === 'boolean' ? base : { ...base, ...on };
}

/** A well-configured bucket: KMS, TLS-only policy, versioning, logging, lock, lifecycle, replication, events; no BPA of its own. */
export function bucket(over: Over<S3Bucket> = {}): S3Bucket {
  const name = over.name ?? 'records';
  return S3Bucket.parse({
    type: 'aws.s3.bucket',
    id: `arn:aws:s3:::${name}`,
    name,
    region: 'us-east-1',
    creationDate: CREATED,
    encryption: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/records', bucketKeyEnabled: true }],
    versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
    publicAccessBlock: null,
    policy: doc({
      Sid: 'TlsOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
    acl: {
      ownerId: 'owner-canonical-id',
      grants: [
        {
          granteeType: 'CanonicalUser',
          granteeId: 'owner-canonical-id',
          granteeUri: null,
          permission: 'FULL_CONTROL',
        },
      ],
    },
    logging: { targetBucket: 'access-logs', targetPrefix: `${name}/` },
    objectLock: { enabled: true, defaultRetention: { mode: 'COMPLIANCE', days: 365, years: null } },
    lifecycleRules: [{ id: 'expire-old-versions', status: 'Enabled' }],
    replication: {
      role: `arn:aws:iam::${ACCOUNT}:role/replication`,
      rules: [{ id: 'dr', status: 'Enabled', destinationBucket: `arn:aws:s3:::${name}-dr` }],
    },
    ownershipControls: 'BucketOwnerEnforced',
    notifications: { topicCount: 0, queueCount: 1, lambdaCount: 0, eventBridgeEnabled: false },
    ...over,
  });
}

export function accountBpa(config: ReturnType<typeof bpa> | null = bpa(true)): S3AccountPublicAccessBlock {
  return S3AccountPublicAccessBlock.parse({
    type: 'aws.s3.account-public-access-block',
    id: `arn:aws:s3:::account/${ACCOUNT}`,
    accountId: ACCOUNT,
    config,
  });
}

// ---- running checks -------------------------------------------------------------------------

export interface CtxOptions {
  asOf?: Date;
  settings?: Partial<CheckSettings>;
  /** Other resources in the snapshot (the judged one is added automatically by judge()). */
  others?: readonly Resource[];
}

export function context(opts: CtxOptions = {}, judged: readonly Resource[] = []): CheckContext {
  return {
    asOf: opts.asOf ?? AS_OF,
    settings: CheckSettings.parse(opts.settings ?? {}),
    index: new SnapshotIndex([...judged, ...(opts.others ?? [])]),
  };
}

/** Evaluate one check on one resource inside a snapshot made of it plus `others`. */
export function judge<T extends ResourceType>(
  check: Check<T>,
  resource: Extract<Resource, { type: T }>,
  opts: CtxOptions = {},
): Verdict {
  return check.evaluate(resource, context(opts, [resource]));
}
