/**
 * Test doubles for the period evaluation: an in-memory EvidenceStore (change records computed by
 * hash at save time, as a real store writes them; call counters), resource builders, three small checks (one plain, one that
 * reads another type, one time-dependent) and a tiny catalog.
 */
import { BinderConfig } from '../../../config/schema.ts';
import { hashOf } from '../../../model/canonical-json.ts';
import type {
  IamCredentials,
  IamRole,
  IamUser,
  Resource,
  S3AccountPublicAccessBlock,
  S3Bucket,
} from '../../../model/resources.ts';
import { compareResources, type Snapshot } from '../../../model/snapshot.ts';
import type {
  EvidenceStore,
  LedgerEntry,
  ListSnapshotsFilter,
  ResourceChange,
  SnapshotChanges,
  SnapshotRecord,
  StoredObjectInfo,
  StoreVerifyReport,
  LedgerHead,
  NewLedgerEntry,
} from '../../../store/types.ts';
import { defineCheck, type Check } from '../../../controls/check.ts';
import type { Control, Criterion } from '../../../controls/catalog/types.ts';

export const ACCOUNT = '123456789012';

export class MemoryEvidenceStore implements EvidenceStore {
  readonly location = 'memory';
  readonly calls = { loadSnapshot: 0, loadChanges: 0, listSnapshots: 0 };
  /** When set, listSnapshots returns records in reverse order (to prove evaluation sorts). */
  reverseListing = false;
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly records: SnapshotRecord[] = [];
  private readonly ledger: LedgerEntry[] = [];
  /** Change records computed at save time, as a real store writes them with the snapshot. */
  private readonly changes = new Map<string, ResourceChange[]>();

  async saveSnapshot(snapshot: Snapshot, runId: string): Promise<SnapshotRecord> {
    const p = snapshot.provenance;
    const previous = [...this.records].reverse().find((r) => r.source === p.source) ?? null;
    const id = `${p.source}/${p.scheduledFor}/${runId}`;
    const record: SnapshotRecord = {
      id,
      source: p.source,
      accountId: p.accountId,
      scheduledFor: p.scheduledFor,
      offSchedule: p.offSchedule === true,
      capturedAt: p.finishedAt,
      snapshotSha256: hashOf(snapshot),
      resourceCount: snapshot.resources.length,
      previousId: previous?.id ?? null,
      recordKey: `snapshots/${id}.json`,
    };
    const before = previous ? this.snapshots.get(previous.id)!.resources : [];
    this.changes.set(id, changesBetween(before, snapshot.resources));
    this.snapshots.set(id, structuredClone(snapshot));
    this.records.push(record);
    return record;
  }

  /** Run fields the evaluation does not read default to null; the signature is a placeholder (nothing here verifies it). */
  async appendLedger(entry: Omit<NewLedgerEntry, 'startedSeq' | 'host' | 'pid' | 'deadline'> & Partial<NewLedgerEntry>): Promise<LedgerEntry> {
    const prev = this.ledger[this.ledger.length - 1];
    const full: LedgerEntry = {
      startedSeq: null,
      host: null,
      pid: null,
      deadline: null,
      ...entry,
      seq: this.ledger.length + 1,
      prevHash: prev ? hashOf(prev) : null,
      signature: { algorithm: 'Ed25519', keyFingerprint: '0'.repeat(64), value: `${'A'.repeat(86)}==` },
    };
    this.ledger.push(full);
    return full;
  }

  async readLedger(): Promise<LedgerEntry[]> {
    return structuredClone(this.ledger);
  }

  async listSnapshots(filter: ListSnapshotsFilter = {}): Promise<SnapshotRecord[]> {
    this.calls.listSnapshots++;
    const out = this.records.filter((r) => {
      const t = Date.parse(r.scheduledFor);
      return (
        (!filter.source || r.source === filter.source) &&
        (!filter.from || t >= filter.from.getTime()) &&
        (!filter.to || t <= filter.to.getTime())
      );
    });
    return structuredClone(this.reverseListing ? out.reverse() : out);
  }

  async loadSnapshot(id: string): Promise<Snapshot> {
    this.calls.loadSnapshot++;
    const s = this.snapshots.get(id);
    if (!s) throw new Error(`no snapshot ${id}`);
    return structuredClone(s);
  }

  async loadChanges(id: string): Promise<SnapshotChanges> {
    this.calls.loadChanges++;
    const record = this.records.find((r) => r.id === id);
    if (!record) throw new Error(`no snapshot ${id}`);
    const previous = record.previousId ? this.records.find((r) => r.id === record.previousId)! : null;
    return { snapshot: record, previous, changes: structuredClone(this.changes.get(id)!) };
  }

  async verify(): Promise<StoreVerifyReport> {
    throw new Error('MemoryEvidenceStore.verify is not used by these tests');
  }

  async ledgerHead(): Promise<LedgerHead> {
    throw new Error('MemoryEvidenceStore.ledgerHead is not used by these tests');
  }

  async snapshotExists(id: string): Promise<boolean> {
    return this.snapshots.has(id);
  }
  async *ledgerFromNewest(): AsyncIterable<LedgerEntry> {
    yield* [...(await this.readLedger())].reverse();
  }

  async listArtifacts(): Promise<string[]> {
    return [];
  }

  claimSlot(): Promise<never> {
    return Promise.reject(new Error('this fake store does not take slot claims'));
  }

  slotClaim(): Promise<null> {
    return Promise.resolve(null);
  }

  claimOnce(): Promise<boolean> {
    return Promise.resolve(true);
  }

  async getArtifact(name: string): Promise<Uint8Array> {
    throw new Error(`MemoryEvidenceStore has no artifact ${name}`);
  }

  async putArtifact(): Promise<StoredObjectInfo> {
    throw new Error('MemoryEvidenceStore.putArtifact is not used by these tests');
  }

  async appendJournal(): Promise<never> {
    throw new Error('MemoryEvidenceStore.appendJournal is not used by these tests');
  }

  async readJournal(): Promise<[]> {
    return [];
  }

  async putDocument(): Promise<never> {
    throw new Error('MemoryEvidenceStore.putDocument is not used by these tests');
  }

  async getDocument(sha256: string): Promise<never> {
    throw new Error(`MemoryEvidenceStore has no document ${sha256}`);
  }
}

function changesBetween(before: readonly Resource[], after: readonly Resource[]): ResourceChange[] {
  const key = (r: Resource) => `${r.type}\u0000${r.id}`;
  const old = new Map(before.map((r) => [key(r), r]));
  const now = new Map(after.map((r) => [key(r), r]));
  const out: ResourceChange[] = [];
  for (const [k, a] of now) {
    const b = old.get(k);
    if (!b)
      out.push({
        kind: 'added',
        type: a.type,
        id: a.id,
        before: null,
        after: a,
        beforeSha256: null,
        afterSha256: hashOf(a),
      });
    else if (hashOf(a) !== hashOf(b)) {
      out.push({
        kind: 'changed',
        type: a.type,
        id: a.id,
        before: b,
        after: a,
        beforeSha256: hashOf(b),
        afterSha256: hashOf(a),
      });
    }
  }
  for (const [k, b] of old) {
    if (!now.has(k))
      out.push({
        kind: 'removed',
        type: b.type,
        id: b.id,
        before: b,
        after: null,
        beforeSha256: hashOf(b),
        afterSha256: null,
      });
  }
  return out.sort(compareResources);
}

// ---------------------------------------------------------------- resources

export function bucket(name: string, overrides: Partial<S3Bucket> = {}): S3Bucket {
  return {
    type: 'aws.s3.bucket',
    id: `arn:aws:s3:::${name}`,
    name,
    region: 'us-east-1',
    creationDate: '2025-01-01T00:00:00.000Z',
    encryption: [{ sseAlgorithm: 'AES256', kmsMasterKeyId: null, bucketKeyEnabled: false }],
    versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
    publicAccessBlock: null,
    policyStatusIsPublic: null,
    policy: null,
    acl: { ownerId: 'owner', grants: [] },
    logging: null,
    objectLock: null,
    lifecycleRules: null,
    replication: null,
    ownershipControls: 'BucketOwnerEnforced',
    notifications: { topicCount: 0, queueCount: 0, lambdaCount: 0, eventBridgeEnabled: false },
    ...overrides,
  };
}

export function accountBpa(on: boolean): S3AccountPublicAccessBlock {
  return {
    type: 'aws.s3.account-public-access-block',
    id: `arn:aws:s3:::account/${ACCOUNT}`,
    accountId: ACCOUNT,
    config: on
      ? {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
        }
      : null,
  };
}

export function credentials(user: string, keyRotated: string): IamCredentials {
  const none = { kind: 'N/A' as const };
  return {
    type: 'aws.iam.credentials',
    id: `arn:aws:iam::${ACCOUNT}:user/${user}`,
    user,
    isRoot: false,
    userCreationTime: '2025-01-01T00:00:00.000Z',
    passwordEnabled: false,
    passwordLastUsed: none,
    passwordLastChanged: none,
    passwordNextRotation: none,
    mfaActive: true,
    accessKey1: {
      active: true,
      lastRotated: { kind: 'date', value: keyRotated },
      lastUsedDate: none,
      lastUsedRegion: null,
      lastUsedService: null,
    },
    accessKey2: {
      active: false,
      lastRotated: none,
      lastUsedDate: none,
      lastUsedRegion: null,
      lastUsedService: null,
    },
    cert1Active: false,
    cert2Active: false,
  };
}

export function user(name: string, inlinePolicyNames: string[] = []): IamUser {
  return {
    type: 'aws.iam.user',
    id: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    name,
    userId: `AIDA${name.toUpperCase()}`,
    path: '/',
    createDate: '2025-01-01T00:00:00.000Z',
    groups: [],
    attachedPolicies: [],
    inlinePolicies: inlinePolicyNames.map((n) => ({ name: n, document: { Statement: [] } })),
    permissionsBoundaryArn: null,
    tags: [],
  };
}

export function role(name: string, inlinePolicyNames: string[] = []): IamRole {
  return {
    type: 'aws.iam.role',
    id: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    name,
    roleId: `AROA${name.toUpperCase()}`,
    path: '/',
    createDate: '2025-01-01T00:00:00.000Z',
    assumeRolePolicy: {},
    attachedPolicies: [],
    inlinePolicies: inlinePolicyNames.map((n) => ({ name: n, document: { Statement: [] } })),
    permissionsBoundaryArn: null,
    lastUsedDate: null,
    lastUsedRegion: null,
    tags: [],
  };
}

export const PUBLIC_READ_STATEMENT = {
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::web/*',
};
export const TLS_STATEMENT = {
  Sid: 'TlsOnly',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: 'arn:aws:s3:::web/*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

// ---------------------------------------------------------------- checks

/** A remediation naming its check, so a test sees which check's it got. */
function fakeRemediation(checkId: string) {
  return {
    change: `A fake remediation of ${checkId}.`,
    console: 'S3 > Buckets > <bucket>',
    cli: 'aws s3api get-bucket-versioning --bucket <bucket>\n# then fix it',
  };
}

/** Plain check: judges the bucket alone. */
export const versioningCheck = defineCheck({
  id: 's3.bucket-versioning',
  fails: 'a fake for the period tests',
  control: 'FAKE',
  title: 'Bucket versioning enabled',
  rationale: 'Without versioning, overwritten or deleted objects cannot be recovered.',
  criteria: ['CC6.1', 'A1.2'],
  severity: 'medium',
  settingsRead: [],
  note: null,
  remediation: fakeRemediation('s3.bucket-versioning'),
  target: 'aws.s3.bucket',
  reads: [],
  timeDependent: false,
  evaluate: (b) =>
    b.versioning.status === 'Enabled'
      ? { outcome: 'pass', reason: `bucket ${b.name}: versioning Enabled` }
      : { outcome: 'fail', reason: `bucket ${b.name}: versioning ${b.versioning.status}` },
});

/** Reads another type: a wildcard-principal Allow fails unless account Block Public Access is fully on. */
export const publicReadCheck = defineCheck({
  id: 's3.bucket-not-public-read',
  fails: 'a fake for the period tests',
  control: 'FAKE',
  title: 'Bucket not publicly readable',
  rationale: 'A public bucket exposes its objects to anyone on the internet.',
  criteria: ['CC6.1'],
  severity: 'critical',
  settingsRead: [],
  note: null,
  remediation: fakeRemediation('s3.bucket-not-public-read'),
  target: 'aws.s3.bucket',
  reads: ['aws.s3.account-public-access-block'],
  timeDependent: false,
  evaluate: (b, ctx) => {
    const statements = (b.policy?.Statement ?? []) as { Effect?: string; Principal?: unknown }[];
    const publicAllow = statements.some((s) => s.Effect === 'Allow' && s.Principal === '*');
    if (!publicAllow) return { outcome: 'pass', reason: `bucket ${b.name}: no public Allow` };
    const bpa = ctx.index.single('aws.s3.account-public-access-block');
    if (bpa?.config?.restrictPublicBuckets)
      return { outcome: 'pass', reason: `bucket ${b.name}: public Allow neutralised by account BPA` };
    return { outcome: 'fail', reason: `bucket ${b.name}: policy allows Principal "*"` };
  },
});

const DAY = 86_400_000;

/** Time-dependent: an active key older than accessKeyMaxAgeDays as of the snapshot fails. */
export const keyRotatedCheck = defineCheck({
  id: 'iam.access-key-rotated',
  fails: 'a fake for the period tests',
  control: 'FAKE',
  title: 'Access keys rotated',
  rationale: 'Old keys widen the window in which a leaked key is usable.',
  criteria: ['CC6.1'],
  severity: 'medium',
  settingsRead: ['accessKeyMaxAgeDays'],
  note: null,
  remediation: fakeRemediation('iam.access-key-rotated'),
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: true,
  evaluate: (c, ctx) => {
    const k = c.accessKey1;
    if (!k.active || k.lastRotated.kind !== 'date')
      return { outcome: 'not-applicable', reason: `user ${c.user}: no active key` };
    const age = Math.floor((ctx.asOf.getTime() - Date.parse(k.lastRotated.value)) / DAY);
    return age > ctx.settings.accessKeyMaxAgeDays
      ? { outcome: 'fail', reason: `user ${c.user}: key 1 is ${age} days old` }
      : { outcome: 'pass', reason: `user ${c.user}: key 1 is ${age} days old` };
  },
});

/** Judges two types (users and roles), as checks "judged per principal" do. */
export const inlinePolicyCheck = defineCheck({
  id: 'iam.no-inline-policies',
  fails: 'a fake for the period tests',
  control: 'FAKE',
  title: 'No inline policies',
  rationale: 'Inline policies cannot be reviewed as a unit.',
  criteria: ['CC6.2'],
  severity: 'low',
  settingsRead: [],
  note: null,
  remediation: fakeRemediation('iam.no-inline-policies'),
  target: 'aws.iam.user',
  alsoTargets: ['aws.iam.role'],
  reads: [],
  timeDependent: false,
  evaluate: (p) =>
    p.inlinePolicies.length === 0
      ? {
          outcome: 'pass',
          reason: `${p.type === 'aws.iam.role' ? 'role' : 'user'} ${p.name}: no inline policy`,
        }
      : {
          outcome: 'fail',
          reason: `${p.type === 'aws.iam.role' ? 'role' : 'user'} ${p.name}: inline ${p.inlinePolicies.map((i) => i.name).join(', ')}`,
        },
});

export const TEST_CHECKS: Check[] = [
  versioningCheck,
  publicReadCheck,
  keyRotatedCheck,
  inlinePolicyCheck,
] as Check[];

// ---------------------------------------------------------------- catalog

export const TEST_CRITERIA: Criterion[] = [
  {
    id: 'CC1.1',
    category: 'security',
    group: 'Control environment',
    title: 'Commitment to integrity and ethics',
  },
  {
    id: 'CC6.1',
    category: 'security',
    group: 'Logical and physical access',
    title: 'Logical access security',
  },
  { id: 'CC7.1', category: 'security', group: 'System operations', title: 'Detect configuration changes' },
  { id: 'CC8.1', category: 'security', group: 'Change management', title: 'Changes are authorised' },
  { id: 'A1.2', category: 'availability', group: 'Availability', title: 'Recovery infrastructure' },
  {
    id: 'C1.1',
    category: 'confidentiality',
    group: 'Confidentiality',
    title: 'Confidential information identified',
  },
];

export const TEST_CONTROLS: Control[] = [
  {
    id: 'AC-01',
    title: 'Access keys rotated',
    description: 'Access keys are rotated within the configured age.',
    criteria: ['CC6.1'],
    frequency: 'continuous',
    evidencedBy: ['automated'],
    checkIds: ['iam.access-key-rotated'],
  },
  {
    id: 'DP-01',
    title: 'Buckets protected',
    description: 'Buckets are versioned and not public.',
    criteria: ['CC6.1', 'A1.2'],
    frequency: 'continuous',
    evidencedBy: ['automated'],
    checkIds: ['s3.bucket-versioning', 's3.bucket-not-public-read'],
  },
  {
    id: 'GV-01',
    title: 'Code of conduct',
    description: 'Staff acknowledge the code of conduct yearly.',
    criteria: ['CC1.1'],
    frequency: 'annual',
    evidencedBy: ['manual'],
    checkIds: [],
    manualEvidence: ['signed acknowledgements'],
  },
  {
    id: 'CM-02',
    title: 'Configuration changes recorded',
    description: 'Every configuration change between snapshots is recorded.',
    criteria: ['CC8.1'],
    frequency: 'daily',
    evidencedBy: ['change-records'],
    checkIds: [],
  },
  {
    id: 'CM-01',
    title: 'Replication configured',
    description: 'Critical buckets replicate to a second region.',
    criteria: ['CC8.1'],
    frequency: 'continuous',
    evidencedBy: ['automated'],
    checkIds: ['s3.bucket-replication'], // no such check registered in the tests: not tested
  },
];

// ---------------------------------------------------------------- scenario

export function testConfig(overrides: Record<string, unknown> = {}): BinderConfig {
  return BinderConfig.parse({ sources: [{ name: 'prod' }], ...overrides });
}

/** 02:00Z on `day` + n days. */
export function slot(day: string, plusDays = 0): string {
  return new Date(Date.parse(`${day}T02:00:00.000Z`) + plusDays * DAY).toISOString();
}

/** How a run went: by default it starts 1 min after scheduledFor and captures 4 min later, on schedule. */
export interface RunTiming {
  startedAt?: string;
  /** The capture time (provenance.finishedAt); default 4 min after the start. */
  finishedAt?: string;
  offSchedule?: boolean;
  runId?: string;
}

export function snapshotOf(source: string, scheduledFor: string, resources: Resource[], timing: RunTiming = {}): Snapshot {
  const startedAt = timing.startedAt ?? new Date(Date.parse(scheduledFor) + 60_000).toISOString();
  const finishedAt = timing.finishedAt ?? new Date(Date.parse(startedAt) + 4 * 60_000).toISOString();
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return {
    schema: 'binder.snapshot/v1',
    provenance: {
      tool: { name: 'soc2-binder', version: '0.0.0-test' },
      source,
      accountId: ACCOUNT,
      callerArn: `arn:aws:iam::${ACCOUNT}:role/BinderCollector`,
      partition: 'aws',
      regions: ['us-east-1'],
      endpoint: null,
      scheduledFor,
      ...(timing.offSchedule ? { offSchedule: true } : {}),
      startedAt,
      finishedAt,
      credentialReportGeneratedAt: null,
      calls: [],
      counts,
    },
    resources: [...resources].sort(compareResources),
  };
}

/** Saves a snapshot and its successful ledger entry, as a collection run would. */
export async function collect(
  store: MemoryEvidenceStore,
  source: string,
  scheduledFor: string,
  resources: Resource[],
  timing: RunTiming = {},
): Promise<SnapshotRecord> {
  const snapshot = snapshotOf(source, scheduledFor, resources, timing);
  const runId = timing.runId ?? `run-${scheduledFor.slice(0, 10)}`;
  const record = await store.saveSnapshot(snapshot, runId);
  await store.appendLedger({
    runId,
    source,
    scheduledFor,
    ...(timing.offSchedule ? { offSchedule: true } : {}),
    startedAt: snapshot.provenance.startedAt,
    finishedAt: snapshot.provenance.finishedAt,
    status: 'success',
    reason: null,
    snapshotId: record.id,
    snapshotSha256: record.snapshotSha256,
  });
  return record;
}

export async function failRun(
  store: MemoryEvidenceStore,
  source: string,
  scheduledFor: string,
  reason: string,
): Promise<void> {
  const startedAt = new Date(Date.parse(scheduledFor) + 60_000).toISOString();
  await store.appendLedger({
    runId: `run-${scheduledFor.slice(0, 10)}-failed`,
    source,
    scheduledFor,
    startedAt,
    finishedAt: startedAt,
    status: 'failed',
    reason,
    snapshotId: null,
    snapshotSha256: null,
  });
}
