/**
 * A small deterministic generator of synthetic snapshots for the store's tests and the storage
 * benchmark: an organization of IAM users (with credential report rows), groups, roles, customer
 * policies and S3 buckets that changes a little every day (the churn parameter).
 * Built here because the sandbox scenario is being written at the same time; shapes follow
 * model/resources.ts and are validated by the tests.
 */
import type {
  IamAccount,
  IamCredentials,
  IamGroup,
  IamManagedPolicy,
  IamRole,
  IamUser,
  Resource,
  S3AccountPublicAccessBlock,
  S3Bucket,
} from '../../model/resources.ts';
import { compareResources, SNAPSHOT_SCHEMA, type ApiCallRecord, type Snapshot } from '../../model/snapshot.ts';

export interface OrgSize {
  users: number;
  buckets: number;
  roles: number;
  groups: number;
  policies: number;
}

export const SMALL_ORG: OrgSize = { users: 60, buckets: 15, roles: 10, groups: 5, policies: 10 };
export const BENCH_ORG: OrgSize = { users: 10_000, buckets: 2_000, roles: 1_000, groups: 200, policies: 2_000 };

const ACCOUNT = '123456789012';
const DAY_MS = 86_400_000;

/** mulberry32: a tiny seeded PRNG so every run generates the same organization. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * One organization evolving day by day. `snapshotFor(day)` gives that day's Snapshot; `advance()`
 * applies one day of churn (a fraction of resources changed, a few users joining or leaving).
 */
export class SyntheticOrg {
  private readonly rand: () => number;
  private readonly resources = new Map<string, Resource>();
  private nextUser = 0;
  private nextBucket = 0;
  day = 0;

  constructor(
    readonly size: OrgSize = SMALL_ORG,
    readonly options: { seed?: number; churn?: number; start?: Date; source?: string } = {},
  ) {
    this.rand = seededRandom(options.seed ?? 42);
    this.put(this.account());
    this.put(this.accountPab());
    for (let i = 0; i < size.groups; i++) this.put(this.group(i));
    for (let i = 0; i < size.policies; i++) this.put(this.policy(i));
    for (let i = 0; i < size.roles; i++) this.put(this.role(i));
    for (let i = 0; i < size.users; i++) this.addUser();
    for (let i = 0; i < size.buckets; i++) this.put(this.bucket(this.nextBucket++));
  }

  get start(): Date {
    return this.options.start ?? new Date('2026-01-01T02:00:00Z');
  }
  get source(): string {
    return this.options.source ?? 'prod';
  }
  get resourceCount(): number {
    return this.resources.size;
  }

  /** Applies one day of churn: about `churn` of all resources change, are added or removed. */
  advance(): void {
    this.day++;
    const churn = this.options.churn ?? 0.005;
    const n = Math.max(1, Math.round(this.resources.size * churn));
    const keys = [...this.resources.keys()];
    for (let i = 0; i < n; i++) {
      const roll = this.rand();
      if (roll < 0.05) {
        this.addUser(); // a new hire: user + credential row
        i++;
        continue;
      }
      const key = keys[Math.floor(this.rand() * keys.length)]!;
      const r = this.resources.get(key);
      if (!r) continue;
      if (roll < 0.08 && r.type === 'aws.iam.user') {
        this.resources.delete(key); // a leaver
        this.resources.delete(`aws.iam.credentials\u0000${r.id}`);
        i++;
        continue;
      }
      this.put(this.mutate(r));
    }
  }

  snapshotFor(): Snapshot {
    const scheduled = new Date(this.start.getTime() + this.day * DAY_MS);
    const iso = (ms: number) => new Date(scheduled.getTime() + ms).toISOString();
    const resources = [...this.resources.values()].sort(compareResources);
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return {
      schema: SNAPSHOT_SCHEMA,
      provenance: {
        tool: { name: 'soc2-binder', version: '0.1.0' },
        source: this.source,
        accountId: ACCOUNT,
        callerArn: `arn:aws:iam::${ACCOUNT}:role/BinderCollector`,
        partition: 'aws',
        regions: ['us-east-1'],
        endpoint: null,
        scheduledFor: scheduled.toISOString(),
        startedAt: iso(3_000),
        finishedAt: iso(95_000 + this.day),
        credentialReportGeneratedAt: iso(2_000),
        calls: this.calls(scheduled),
        counts,
      },
      resources,
    };
  }

  private calls(at: Date): ApiCallRecord[] {
    const ops: [string, string, number][] = [
      ['sts', 'GetCallerIdentity', 1],
      ['iam', 'GetAccountAuthorizationDetails', Math.ceil((this.size.users + this.size.roles + this.size.groups + this.size.policies) / 1000)],
      ['iam', 'GenerateCredentialReport', 1],
      ['iam', 'GetCredentialReport', 1],
      ['iam', 'GetAccountPasswordPolicy', 1],
      ['iam', 'GetAccountSummary', 1],
      ['iam', 'ListVirtualMFADevices', 1],
      ['s3', 'ListBuckets', Math.ceil(this.size.buckets / 1000)],
      ['s3control', 'GetPublicAccessBlock', 1],
    ];
    return ops.map(([service, operation, pages], i) => ({
      service,
      operation,
      region: 'us-east-1',
      params: operation === 'GetAccountAuthorizationDetails' ? { MaxItems: 1000 } : {},
      pages,
      lastPageFinal: pages > 1 ? true : null,
      requestIds: Array.from({ length: pages }, () => this.token(8) + '-' + this.token(4) + '-' + this.token(12)),
      attempts: pages,
      retries: 0,
      outcome: 'ok',
      errorCode: null,
      startedAt: new Date(at.getTime() + 3_000 + i * 500).toISOString(),
      durationMs: 20 * pages,
    }));
  }

  private put(r: Resource): void {
    this.resources.set(`${r.type}\u0000${r.id}`, r);
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)]!;
  }

  private token(len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += ALNUM[Math.floor(this.rand() * ALNUM.length)];
    return s;
  }

  private date(): string {
    const ms = Date.parse('2019-01-01T00:00:00Z') + Math.floor(this.rand() * 6 * 365) * DAY_MS + Math.floor(this.rand() * DAY_MS);
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  private addUser(): void {
    const i = this.nextUser++;
    const user: IamUser = {
      type: 'aws.iam.user',
      id: `arn:aws:iam::${ACCOUNT}:user/${this.pick(['engineering', 'finance', 'ops', 'sales'])}/user-${String(i).padStart(5, '0')}`,
      name: `user-${String(i).padStart(5, '0')}`,
      userId: 'AIDA' + this.token(17),
      path: '/',
      createDate: this.date(),
      groups: [`group-${Math.floor(this.rand() * this.size.groups)}`],
      attachedPolicies: this.rand() < 0.3 ? [{ arn: `arn:aws:iam::${ACCOUNT}:policy/policy-${Math.floor(this.rand() * this.size.policies)}`, name: 'x' }] : [],
      inlinePolicies: [],
      permissionsBoundaryArn: null,
      tags: [{ key: 'team', value: this.pick(['core', 'data', 'web', 'infra']) }],
    };
    user.attachedPolicies.forEach((p) => (p.name = p.arn.split('/').pop()!));
    user.path = '/' + user.id.split('/')[1] + '/';
    this.put(user);
    this.put(this.credentials(user));
  }

  private reportDate(): IamCredentials['passwordLastUsed'] {
    const r = this.rand();
    if (r < 0.2) return { kind: 'N/A' };
    if (r < 0.3) return { kind: 'no_information' };
    return { kind: 'date', value: this.date() };
  }

  private credentials(user: IamUser): IamCredentials {
    const key = () => ({
      active: this.rand() < 0.5,
      lastRotated: this.reportDate(),
      lastUsedDate: this.reportDate(),
      lastUsedRegion: this.rand() < 0.5 ? 'us-east-1' : null,
      lastUsedService: this.rand() < 0.5 ? 's3' : null,
    });
    return {
      type: 'aws.iam.credentials',
      id: user.id,
      user: user.name,
      isRoot: false,
      userCreationTime: user.createDate,
      passwordEnabled: this.rand() < 0.7,
      passwordLastUsed: this.reportDate(),
      passwordLastChanged: this.reportDate(),
      passwordNextRotation: { kind: 'N/A' },
      mfaActive: this.rand() < 0.85,
      accessKey1: key(),
      accessKey2: key(),
      cert1Active: false,
      cert2Active: false,
    };
  }

  private group(i: number): IamGroup {
    return {
      type: 'aws.iam.group',
      id: `arn:aws:iam::${ACCOUNT}:group/group-${i}`,
      name: `group-${i}`,
      groupId: 'AGPA' + this.token(17),
      path: '/',
      createDate: this.date(),
      attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }],
      inlinePolicies: [],
    };
  }

  private document(): Record<string, unknown> {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [this.pick(['s3:GetObject', 's3:PutObject', 'ec2:Describe*', 'logs:*', 'dynamodb:Query'])],
          Resource: `arn:aws:s3:::bucket-${Math.floor(this.rand() * this.size.buckets)}/*`,
        },
      ],
    };
  }

  private policy(i: number): IamManagedPolicy {
    const created = this.date();
    return {
      type: 'aws.iam.policy',
      id: `arn:aws:iam::${ACCOUNT}:policy/policy-${i}`,
      name: `policy-${i}`,
      policyId: 'ANPA' + this.token(17),
      path: '/',
      isAwsManaged: false,
      attachmentCount: Math.floor(this.rand() * 10),
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      defaultVersionId: 'v1',
      document: this.document(),
      createDate: created,
      updateDate: created,
    };
  }

  private role(i: number): IamRole {
    return {
      type: 'aws.iam.role',
      id: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
      name: `role-${i}`,
      roleId: 'AROA' + this.token(17),
      path: '/',
      createDate: this.date(),
      assumeRolePolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      },
      attachedPolicies: [{ arn: `arn:aws:iam::${ACCOUNT}:policy/policy-${i % Math.max(1, this.size.policies)}`, name: `policy-${i}` }],
      inlinePolicies: this.rand() < 0.2 ? [{ name: 'inline', document: this.document() }] : [],
      permissionsBoundaryArn: null,
      lastUsedDate: this.rand() < 0.7 ? this.date() : null,
      lastUsedRegion: 'us-east-1',
      tags: [],
    };
  }

  private bucket(i: number): S3Bucket {
    const versioned = this.rand() < 0.8;
    return {
      type: 'aws.s3.bucket',
      id: `arn:aws:s3:::bucket-${i}`,
      name: `bucket-${i}`,
      region: this.pick(['us-east-1', 'us-east-1', 'eu-west-1']),
      creationDate: this.date(),
      encryption: [{ sseAlgorithm: this.rand() < 0.7 ? 'AES256' : 'aws:kms', kmsMasterKeyId: null, bucketKeyEnabled: this.rand() < 0.5 }],
      versioning: { status: versioned ? 'Enabled' : 'Suspended', mfaDelete: 'Disabled' },
      publicAccessBlock:
        this.rand() < 0.9 ? { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } : null,
      policyStatusIsPublic: this.rand() < 0.3 ? false : null,
      policy: null,
      acl: {
        ownerId: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
        grants: [
          {
            granteeType: 'CanonicalUser',
            granteeId: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
            granteeUri: null,
            permission: 'FULL_CONTROL',
          },
        ],
      },
      logging: this.rand() < 0.6 ? { targetBucket: 'bucket-logs', targetPrefix: `bucket-${i}/` } : null,
      objectLock: null,
      lifecycleRules: this.rand() < 0.5 ? [{ id: 'expire-old', status: 'Enabled' }] : null,
      replication: null,
      ownershipControls: 'BucketOwnerEnforced',
      notifications: { topicCount: 0, queueCount: 0, lambdaCount: 0, eventBridgeEnabled: false },
    };
  }

  private account(): IamAccount {
    return {
      type: 'aws.iam.account',
      id: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      passwordPolicy: {
        minimumPasswordLength: 14,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
        allowUsersToChangePassword: true,
        expirePasswords: false,
        maxPasswordAge: null,
        passwordReusePrevention: 24,
        hardExpiry: false,
      },
      summary: { AccountMFAEnabled: 1, Users: this.size.users },
      rootVirtualMfaSerials: [],
      serverCertificateCount: 0,
    };
  }

  private accountPab(): S3AccountPublicAccessBlock {
    return {
      type: 'aws.s3.account-public-access-block',
      id: `arn:aws:s3:::account/${ACCOUNT}`,
      accountId: ACCOUNT,
      config: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
    };
  }

  /** One realistic change to a resource: a group joined, MFA toggled, a key used, versioning flipped. */
  private mutate(r: Resource): Resource {
    const copy = structuredClone(r);
    switch (copy.type) {
      case 'aws.iam.user':
        copy.groups = this.rand() < 0.5 && copy.groups.length > 0 ? copy.groups.slice(1) : [...copy.groups, `group-${Math.floor(this.rand() * this.size.groups)}`];
        return copy;
      case 'aws.iam.credentials':
        copy.mfaActive = !copy.mfaActive;
        copy.passwordLastUsed = { kind: 'date', value: new Date(this.start.getTime() + this.day * DAY_MS - 3_600_000).toISOString().replace('.000Z', 'Z') };
        return copy;
      case 'aws.s3.bucket':
        copy.versioning = { ...copy.versioning, status: copy.versioning.status === 'Enabled' ? 'Suspended' : 'Enabled' };
        return copy;
      case 'aws.iam.role':
        copy.lastUsedDate = new Date(this.start.getTime() + this.day * DAY_MS - 7_200_000).toISOString().replace('.000Z', 'Z');
        return copy;
      case 'aws.iam.policy':
        copy.defaultVersionId = `v${Number(copy.defaultVersionId.slice(1)) + 1}`;
        copy.document = this.document();
        return copy;
      default:
        return copy;
    }
  }
}
