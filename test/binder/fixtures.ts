import type { IndexPdfInput } from '../../binder/pdf/index-input.ts';
/**
 * A realistic synthetic period for binder tests: two AWS accounts collected daily over six months,
 * with planted exceptions (closed and still open, on resources with long ARNs), coverage gaps
 * (missing, failed, partial and late runs), off-schedule snapshots (a late run, one taken on purpose)
 * and drift, plus a small in-memory EvidenceStore that serves the
 * snapshots the evaluation cites (and counts what it served).
 */
import { checkById } from '../../controls/checks/index.ts';
import { compareDrift } from '../../controls/period/drift-of.ts';
import { summarizeDrift } from '../../controls/period/drift-tally.ts';
import { hashOf } from '../../model/canonical-json.ts';
import type {
  CheckException,
  CheckSummary,
  ControlSummary,
  Coverage,
  CoverageGap,
  CriterionSummary,
  DriftEntry,
  OffScheduleSnapshot,
  PeriodEvaluation,
  SnapshotRef,
  SnapshotTally,
} from '../../model/evaluation.ts';
import type { IamCredentials, IamUser, Resource, S3Bucket } from '../../model/resources.ts';
import { compareResources, SNAPSHOT_SCHEMA, type Snapshot } from '../../model/snapshot.ts';
import type { EvidenceStore, LedgerEntry, LedgerHead, SnapshotChanges, SnapshotRecord, StoreProblem, StoreVerifyReport, StoredObjectInfo } from '../../store/types.ts';

const DAY_MS = 86_400_000;
export const PERIOD = { from: '2025-10-01', to: '2026-03-31' } as const;
const START = Date.parse(`${PERIOD.from}T02:00:00.000Z`);
const DAYS = Math.round((Date.parse(`${PERIOD.to}T02:00:00.000Z`) - START) / DAY_MS) + 1; // 182

const SOURCES = [
  { name: 'prod', accountId: '111122223333' },
  { name: 'staging', accountId: '444455556666' },
] as const;

/** Slots that produced no complete snapshot, by source and day index. */
const GAPS: { source: string; day: number; kind: CoverageGap['kind']; reason: string | null }[] = [
  {
    source: 'prod',
    day: 85,
    kind: 'late',
    reason:
      'run run-20251225T182100Z came too late: started 16 h 21 min after the 2025-12-25T02:00:00.000Z slot, outside its 6 h grace time; ' +
      'its snapshot prod/2025-12-25T02:00:00.000Z/run-20251225T182100Z is off-schedule',
  },
  { source: 'prod', day: 101, kind: 'failed', reason: 'ThrottlingException: Rate exceeded (GetAccountAuthorizationDetails) after 8 attempts' },
  { source: 'staging', day: 136, kind: 'partial', reason: 'S3 GetBucketPolicy timed out for 3 of 41 buckets' },
  { source: 'staging', day: 137, kind: 'missing', reason: null },
];

/**
 * Snapshots that fill no slot: prod's day-85 run started at 18:21, 16 h after its slot (stored under
 * the slot, as stores did before off-schedule runs were marked); staging took an extra snapshot on
 * purpose at 05:10 on day 120 (collect --off-schedule: scheduledFor is its start time).
 */
const OFF_SCHEDULE: { source: string; day: number; startedAt: string; onPurpose: boolean }[] = [
  { source: 'prod', day: 85, startedAt: '2025-12-25T18:21:00.000Z', onPurpose: false },
  { source: 'staging', day: 120, startedAt: '2026-01-29T05:10:00.000Z', onPurpose: true },
];

const LONG_ROLE_ARN =
  'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformEngineeringAdministratorAccess_0a1b2c3d4e5f6789';
const LONG_POLICY_ARN =
  'arn:aws:iam::111122223333:policy/platform/ci-cd/deployment-pipelines/DataLakeIngestionPipelineDeploymentPermissionsBoundaryAndAdminOverride';
const LONG_BUCKET = 'acme-prod-data-lake-raw-ingest-clickstream-events-eu-west-1-archive-2019-legacy-do-not-delete';

interface Planted {
  checkId: string;
  source: string;
  resourceType: string;
  resourceId: string;
  fromDay: number;
  toDay: number | null; // first passing day; null: still open at period end
  reason: string;
}

const PLANTED: Planted[] = [
  {
    checkId: 'iam.user-no-attached-policies',
    source: 'prod',
    resourceType: 'aws.iam.user',
    resourceId: 'arn:aws:iam::111122223333:user/svc-deploy',
    fromDay: 20,
    toDay: 61,
    reason: 'user svc-deploy: managed policy AdministratorAccess attached directly',
  },
  {
    checkId: 'iam.customer-policy-no-admin',
    source: 'prod',
    resourceType: 'aws.iam.policy',
    resourceId: LONG_POLICY_ARN,
    fromDay: 44,
    toDay: 52,
    reason: 'policy DataLakeIngestionPipelineDeploymentPermissionsBoundaryAndAdminOverride: statement 2 allows "*" on "*"',
  },
  {
    checkId: 's3.bucket-not-public-read',
    source: 'prod',
    resourceType: 'aws.s3.bucket',
    resourceId: `arn:aws:s3:::${LONG_BUCKET}`,
    fromDay: 100,
    toDay: 103,
    reason: `bucket ${LONG_BUCKET}: ACL grants READ to AllUsers`,
  },
  {
    // First seen in prod's late (off-schedule) run on day 85.
    checkId: 'iam.user-no-attached-policies',
    source: 'prod',
    resourceType: 'aws.iam.user',
    resourceId: 'arn:aws:iam::111122223333:user/bob',
    fromDay: 85,
    toDay: 88,
    reason: 'user bob: managed policy PowerUserAccess attached directly',
  },
  {
    checkId: 'iam.console-user-mfa',
    source: 'staging',
    resourceType: 'aws.iam.credentials',
    resourceId: 'arn:aws:iam::444455556666:user/contractors/jane.doe',
    fromDay: 150,
    toDay: null,
    reason: 'user jane.doe: console password enabled, mfa_active false',
  },
  {
    checkId: 'iam.access-key-rotated',
    source: 'prod',
    resourceType: 'aws.iam.credentials',
    resourceId: 'arn:aws:iam::111122223333:user/automation/legacy-batch-exporter',
    fromDay: 12,
    toDay: null,
    reason: 'user legacy-batch-exporter: access key 1 last rotated 2025-07-14 (91 days > 90)',
  },
  {
    checkId: 'iam.access-key-rotated',
    source: 'staging',
    resourceType: 'aws.iam.credentials',
    resourceId: 'arn:aws:iam::444455556666:user/automation/legacy-batch-exporter',
    fromDay: 30,
    toDay: 33,
    reason: 'user legacy-batch-exporter: access key 1 last rotated 2025-08-01 (91 days > 90)',
  },
  {
    checkId: 's3.account-public-access-block',
    source: 'staging',
    resourceType: 'aws.s3.account-public-access-block',
    resourceId: 'arn:aws:s3:::account/444455556666',
    fromDay: 70,
    toDay: 71,
    reason: 'account 444455556666: BlockPublicPolicy off',
  },
];

const CHECKS: Omit<CheckSummary, 'passRate' | 'tallies' | 'exceptions' | 'remediation'>[] = [
  {
    checkId: 'iam.user-no-attached-policies',
    title: 'IAM users get permissions only through groups',
    rationale: 'Policies attached to users directly bypass group-based access reviews.',
    severity: 'medium',
    criteria: ['CC6.1', 'CC6.3'],
    settings: {},
    disabled: false,
    note: null,
  },
  {
    checkId: 'iam.customer-policy-no-admin',
    title: 'No customer-managed policy grants full administrative access',
    rationale: 'A policy allowing * on * gives every holder unrestricted control of the account.',
    severity: 'high',
    criteria: ['CC6.1', 'CC6.3'],
    settings: {},
    disabled: false,
    note: null,
  },
  {
    checkId: 'iam.root-mfa',
    title: 'Root user has MFA',
    rationale: 'The root user cannot be restricted; without MFA a leaked password gives full control.',
    severity: 'critical',
    criteria: ['CC6.1', 'CC6.2'],
    settings: {},
    disabled: false,
    note: null,
  },
  {
    checkId: 'iam.console-user-mfa',
    title: 'Console users have MFA',
    rationale: 'Passwords alone are phishable; MFA is expected for every interactive user.',
    severity: 'high',
    criteria: ['CC6.1', 'CC6.2'],
    settings: {},
    disabled: false,
    note: null,
  },
  {
    checkId: 'iam.access-key-rotated',
    title: 'Active access keys are rotated',
    rationale: 'Long-lived keys accumulate exposure; rotation limits the window of a leaked key.',
    severity: 'medium',
    criteria: ['CC6.1'],
    settings: { accessKeyMaxAgeDays: 90 },
    disabled: false,
    note: null,
  },
  {
    checkId: 's3.bucket-not-public-read',
    title: 'Buckets are not publicly readable',
    rationale: 'Public read exposes stored data to anyone on the internet.',
    severity: 'critical',
    criteria: ['CC6.6', 'CC6.7'],
    settings: {},
    disabled: false,
    note: null,
  },
  {
    checkId: 's3.account-public-access-block',
    title: 'Account-level S3 Block Public Access is on',
    rationale: 'Account-level Block Public Access is the guard rail against accidental exposure of any bucket.',
    severity: 'high',
    criteria: ['CC6.6'],
    settings: {},
    disabled: false,
    note: null,
  },
  {
    checkId: 's3.bucket-default-encryption',
    title: 'Buckets have default encryption',
    rationale: 'Data at rest must be encrypted.',
    severity: 'medium',
    criteria: ['CC6.1', 'CC6.7'],
    settings: {},
    disabled: false,
    note: 'almost never fails since January 2023: AWS encrypts every new bucket with SSE-S3 by default',
  },
  {
    checkId: 'iam.user-permissions-boundary',
    title: 'IAM users have a permissions boundary',
    rationale: 'A boundary caps what delegated administrators can grant.',
    severity: 'low',
    criteria: ['CC6.3'],
    settings: { requirePermissionsBoundary: false },
    disabled: true,
    note: 'disabled in binder.config.yaml: boundaries are not used in this organization',
  },
];

/** Population per check and source (resources judged each day). */
const POPULATION: Record<string, number> = {
  'iam.user-no-attached-policies': 42,
  'iam.customer-policy-no-admin': 17,
  'iam.root-mfa': 1,
  'iam.console-user-mfa': 23,
  'iam.access-key-rotated': 31,
  's3.bucket-not-public-read': 41,
  's3.account-public-access-block': 1,
  's3.bucket-default-encryption': 41,
};

const CONTROLS: Omit<ControlSummary, 'status' | 'passRate' | 'openExceptions' | 'closedExceptions' | 'acceptedExceptions'>[] = [
  {
    controlId: 'AC-01',
    title: 'Least privilege for IAM principals',
    description: 'Permissions are granted through groups and roles; no policy grants unrestricted administrative access.',
    criteria: ['CC6.1', 'CC6.3'],
    frequency: 'continuous',
    evidencedBy: ['automated'],
    checkIds: ['iam.user-no-attached-policies', 'iam.customer-policy-no-admin', 'iam.user-permissions-boundary'],
  },
  {
    controlId: 'AC-02',
    title: 'Multi-factor authentication for interactive access',
    description: 'The root user and every console user authenticate with MFA.',
    criteria: ['CC6.1', 'CC6.2'],
    frequency: 'continuous',
    evidencedBy: ['automated'],
    checkIds: ['iam.root-mfa', 'iam.console-user-mfa'],
  },
  {
    controlId: 'AC-03',
    title: 'Access key rotation',
    description: 'Programmatic access keys are rotated at least every 90 days.',
    criteria: ['CC6.1'],
    frequency: 'daily',
    evidencedBy: ['automated'],
    checkIds: ['iam.access-key-rotated'],
  },
  {
    controlId: 'DP-01',
    title: 'No public storage',
    description: 'S3 Block Public Access is enabled for the account and no bucket is readable by the public.',
    criteria: ['CC6.6', 'CC6.7'],
    frequency: 'continuous',
    evidencedBy: ['automated'],
    checkIds: ['s3.bucket-not-public-read', 's3.account-public-access-block'],
  },
  {
    controlId: 'DP-02',
    title: 'Encryption at rest',
    description: 'Every bucket encrypts objects by default.',
    criteria: ['CC6.1', 'CC6.7'],
    frequency: 'continuous',
    evidencedBy: ['automated'],
    checkIds: ['s3.bucket-default-encryption'],
  },
  {
    controlId: 'CM-01',
    title: 'Configuration change monitoring',
    description: 'Changes to IAM and S3 configuration are recorded daily and reviewed weekly.',
    criteria: ['CC7.1', 'CC8.1'],
    frequency: 'daily',
    evidencedBy: ['change-records'],
    checkIds: [],
  },
  {
    controlId: 'GOV-01',
    title: 'Code of conduct',
    description: 'Employees acknowledge the code of conduct at hire and yearly.',
    criteria: ['CC1.1'],
    frequency: 'annual',
    evidencedBy: ['manual'],
    checkIds: [],
  },
];

const CRITERIA: { id: string; category: string; group: string; title: string; inScope: boolean }[] = [
  { id: 'CC1.1', category: 'security', group: 'Control environment', title: 'Commitment to integrity and ethical values', inScope: true },
  { id: 'CC6.1', category: 'security', group: 'Logical & physical access', title: 'Logical access security software, infrastructure, architecture', inScope: true },
  { id: 'CC6.2', category: 'security', group: 'Logical & physical access', title: 'Register/authorise users before issuing credentials; remove when no longer authorised', inScope: true },
  { id: 'CC6.3', category: 'security', group: 'Logical & physical access', title: 'Grant/modify/remove access by role; least privilege, segregation of duties', inScope: true },
  { id: 'CC6.6', category: 'security', group: 'Logical & physical access', title: 'Protect against threats from outside the system boundary', inScope: true },
  { id: 'CC6.7', category: 'security', group: 'Logical & physical access', title: 'Restrict and protect transmission, movement and removal of data', inScope: true },
  { id: 'CC7.1', category: 'security', group: 'System operations', title: 'Detect config changes that add vulnerabilities and new vulnerabilities', inScope: true },
  { id: 'CC8.1', category: 'security', group: 'Change management', title: 'Authorise, design, develop, test, approve and implement changes', inScope: true },
  { id: 'A1.2', category: 'availability', group: 'Availability', title: 'Environmental protections, backup and recovery infrastructure', inScope: false },
];

function slot(day: number): string {
  return new Date(START + day * DAY_MS).toISOString();
}

function stamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export interface Fixture {
  evaluation: PeriodEvaluation;
  store: FakeEvidenceStore;
  /** The evaluation's drift entries in change-log order (the fake store serves no changes), for buildBinder's `drift`. */
  drift: () => AsyncIterable<DriftEntry>;
}

/** Builds the synthetic evaluation and its store. Deterministic. */
export function buildFixture(): Fixture {
  const store = new FakeEvidenceStore();
  const refs: SnapshotRef[] = [];
  const offSchedule: OffScheduleSnapshot[] = [];
  const addSnapshot = (source: (typeof SOURCES)[number], day: number, off?: (typeof OFF_SCHEDULE)[number]) => {
    const snapshot = makeSnapshot(source.name, source.accountId, day, off);
    const scheduledFor = snapshot.provenance.scheduledFor;
    const runId = `run-${stamp(off ? off.startedAt : scheduledFor)}`;
    const ref: SnapshotRef = {
      snapshotId: `${source.name}/${scheduledFor}/${runId}`,
      source: source.name,
      accountId: source.accountId,
      scheduledFor,
      slot: off ? null : scheduledFor,
      capturedAt: snapshot.provenance.finishedAt,
      snapshotSha256: hashOf(snapshot),
      recordKey: `snapshots/${source.name}/${stamp(scheduledFor)}${off ? `-${runId}` : ''}/record.json`,
    };
    refs.push(ref);
    store.add(ref, snapshot, off?.onPurpose ?? false);
    if (off) {
      offSchedule.push({
        snapshotId: ref.snapshotId,
        runId,
        kind: off.onPurpose ? 'on-purpose' : 'outside-grace',
        slot: slot(day),
        scheduledFor,
        startedAt: off.startedAt,
        capturedAt: ref.capturedAt,
        reason: off.onPurpose
          ? 'taken on purpose (collect --off-schedule)'
          : `started 16 h 21 min after the ${slot(day)} slot, outside its 6 h grace time`,
      });
    }
  };
  for (const source of SOURCES) {
    for (let day = 0; day < DAYS; day++) {
      const off = OFF_SCHEDULE.find((o) => o.source === source.name && o.day === day);
      if (!GAPS.some((g) => g.source === source.name && g.day === day)) addSnapshot(source, day);
      if (off) addSnapshot(source, day, off);
    }
  }
  refs.sort((a, b) =>
    a.scheduledFor === b.scheduledFor ? (a.source < b.source ? -1 : 1) : a.scheduledFor < b.scheduledFor ? -1 : 1,
  );
  const bySource = (s: string) => refs.filter((r) => r.source === s);
  const dayOf = (iso: string) => Math.round((Date.parse(iso) - START) / DAY_MS);
  const periodEnd = Date.parse(`${PERIOD.to}T23:59:59.999Z`);

  const exceptions: CheckException[] = PLANTED.map((p) => {
    const snaps = bySource(p.source);
    const failing = snaps.filter((r) => dayOf(r.scheduledFor) >= p.fromDay && (p.toDay === null || dayOf(r.scheduledFor) < p.toDay));
    const fixed = p.toDay === null ? null : snaps.find((r) => dayOf(r.scheduledFor) >= p.toDay!)!;
    const first = failing[0]!;
    const last = failing[failing.length - 1]!;
    // Dated by capture time, the slot beside; measured between observations.
    const end = fixed ? Date.parse(fixed.capturedAt) : periodEnd;
    return {
      checkId: p.checkId,
      source: p.source,
      resourceType: p.resourceType,
      resourceId: p.resourceId,
      firstSeen: first.capturedAt,
      firstSeenSlot: first.slot,
      lastSeen: last.capturedAt,
      lastSeenSlot: last.slot,
      fixedAt: fixed ? fixed.capturedAt : null,
      fixedAtSlot: fixed ? fixed.slot : null,
      open: fixed === null,
      durationDays: Math.round(((end - Date.parse(first.capturedAt)) / DAY_MS) * 10) / 10,
      reason: p.reason,
      firstSnapshotId: first.snapshotId,
      lastSnapshotId: last.snapshotId,
      fixedSnapshotId: fixed ? fixed.snapshotId : null,
    };
  });

  const checks: CheckSummary[] = CHECKS.map((c) => {
    const mine = exceptions.filter((e) => e.checkId === c.checkId);
    const tallies: SnapshotTally[] = c.disabled
      ? []
      : refs.map((r) => {
          const fail = mine.filter((e) => e.source === r.source && e.firstSeen <= r.capturedAt && r.capturedAt <= e.lastSeen).length;
          const population = POPULATION[c.checkId]! + (r.source === 'staging' ? -3 : 0);
          const pop = Math.max(population, 1);
          return { snapshotId: r.snapshotId, source: r.source, scheduledFor: r.scheduledFor, pass: pop - fail, fail, notApplicable: 2 };
        });
    const pass = tallies.reduce((n, t) => n + t.pass, 0);
    const fail = tallies.reduce((n, t) => n + t.fail, 0);
    // The registered check's own remediation, as the period evaluation copies it.
    const remediation = { ...checkById(c.checkId)!.remediation };
    return { ...c, passRate: c.disabled ? null : pass / (pass + fail), tallies, exceptions: mine, remediation };
  });

  const controls: ControlSummary[] = CONTROLS.map((c) => {
    const mine = checks.filter((k) => c.checkIds.includes(k.checkId) && !k.disabled);
    const ex = mine.flatMap((k) => k.exceptions);
    const pass = mine.flatMap((k) => k.tallies).reduce((n, t) => n + t.pass, 0);
    const fail = mine.flatMap((k) => k.tallies).reduce((n, t) => n + t.fail, 0);
    const status: ControlSummary['status'] = c.evidencedBy.includes('manual')
      ? 'manual'
      : mine.length === 0
        ? 'not-tested'
        : ex.length > 0
          ? 'exceptions'
          : 'effective';
    return {
      ...c,
      status,
      passRate: pass + fail === 0 ? null : pass / (pass + fail),
      openExceptions: ex.filter((e) => e.open).length,
      closedExceptions: ex.filter((e) => !e.open).length,
      acceptedExceptions: 0,
    };
  });

  const criteria: CriterionSummary[] = CRITERIA.map((k) => {
    const ctrls = controls.filter((c) => c.criteria.includes(k.id));
    const kinds = new Set(ctrls.flatMap((c) => c.evidencedBy));
    const open = ctrls.reduce((n, c) => n + c.openExceptions, 0);
    const closed = ctrls.reduce((n, c) => n + c.closedExceptions, 0);
    const rates = ctrls.map((c) => c.passRate).filter((r): r is number => r !== null);
    return {
      criterionId: k.id,
      category: k.category,
      group: k.group,
      title: k.title,
      inScope: k.inScope,
      coverage: !k.inScope || kinds.size === 0 ? 'none' : kinds.has('manual') ? (kinds.size > 1 ? 'mixed' : 'manual') : 'automated',
      controlIds: ctrls.map((c) => c.controlId),
      status: !k.inScope
        ? 'out-of-scope'
        : ctrls.some((c) => c.status === 'manual')
          ? 'manual'
          : open + closed > 0
            ? 'exceptions'
            : rates.length
              ? 'effective'
              : 'not-tested',
      passRate: rates.length ? Math.min(...rates) : null,
      openExceptions: open,
      closedExceptions: closed,
      acceptedExceptions: 0,
    };
  });

  const coverage: Coverage[] = SOURCES.map((s) => ({
    source: s.name,
    expectedRuns: DAYS,
    successfulRuns: bySource(s.name).filter((r) => r.slot !== null).length,
    gaps: GAPS.filter((g) => g.source === s.name).map((g) => ({ source: s.name, slot: slot(g.day), kind: g.kind, reason: g.reason })),
    offScheduleCount: offSchedule.filter((o) => o.snapshotId.startsWith(`${s.name}/`)).length,
    offSchedule: offSchedule.filter((o) => o.snapshotId.startsWith(`${s.name}/`)),
  }));

  const drift: DriftEntry[] = [];
  for (const p of PLANTED) {
    const snaps = bySource(p.source);
    for (const day of [p.fromDay, p.toDay]) {
      if (day === null) continue;
      const idx = snaps.findIndex((r) => dayOf(r.scheduledFor) >= day);
      const at = snaps[idx]!;
      drift.push({
        source: p.source,
        snapshotId: at.snapshotId,
        at: at.capturedAt,
        slot: at.slot,
        previousSnapshotId: snaps[idx - 1]?.snapshotId ?? null,
        resourceType: p.resourceType,
        resourceId: p.resourceId,
        kind: 'changed',
        fields: [{ path: 'planted', before: day === p.fromDay ? null : p.checkId, after: day === p.fromDay ? p.checkId : null }],
      });
    }
  }
  for (let day = 7; day < DAYS; day += 23) {
    const snaps = bySource('prod');
    const idx = snaps.findIndex((r) => dayOf(r.scheduledFor) >= day);
    const at = snaps[idx]!;
    drift.push({
      source: 'prod',
      snapshotId: at.snapshotId,
      at: at.capturedAt,
      slot: at.slot,
      previousSnapshotId: snaps[idx - 1]?.snapshotId ?? null,
      resourceType: 'aws.iam.user',
      resourceId: `arn:aws:iam::111122223333:user/engineering/new-hire-${day}`,
      kind: 'added',
      fields: [],
    });
  }
  drift.sort(compareDrift);

  const evaluatedAsOf = refs.reduce((m, r) => (r.capturedAt > m ? r.capturedAt : m), '');
  const evaluation: PeriodEvaluation = {
    schema: 'binder.evaluation/v1',
    period: { ...PERIOD },
    evaluatedAsOf,
    tool: { name: 'soc2-binder', version: '0.1.0' },
    organization: 'Acme Analytics, Inc.',
    system: 'Acme data platform (production AWS)',
    categories: ['security'],
    sources: SOURCES.map((s) => ({ name: s.name, accountId: s.accountId })),
    settings: { accessKeyMaxAgeDays: 90, accessKeyUnusedDays: 90, disabled: ['iam.user-permissions-boundary'] },
    snapshots: refs,
    criteria,
    controls,
    checks,
    coverage,
    driftSummary: summarizeDrift(drift),
    stats: { snapshotsEvaluated: refs.length, checkEvaluations: 12_345, resultsReused: 67_890, durationMs: 4321.5 },
  };
  async function* entries(): AsyncGenerator<DriftEntry> {
    yield* drift;
  }
  return { evaluation, store, drift: entries };
}

function makeSnapshot(source: string, accountId: string, day: number, off?: { startedAt: string; onPurpose: boolean }): Snapshot {
  // On schedule: started 45 s after the slot. A late run keeps naming its slot; one taken on purpose names its start.
  const scheduledFor = off?.onPurpose ? off.startedAt : slot(day);
  const startedAt = off ? off.startedAt : new Date(Date.parse(scheduledFor) + 45_000).toISOString();
  const finishedAt = new Date(Date.parse(startedAt) + 147_000 + (day % 7) * 1000).toISOString();
  const active = (checkId: string, id: string) =>
    PLANTED.some((p) => p.source === source && p.checkId === checkId && p.resourceId === id && day >= p.fromDay && (p.toDay === null || day < p.toDay));
  const resources: Resource[] = [];
  const userNames = ['alice', 'bob', 'svc-deploy', 'automation/legacy-batch-exporter', 'contractors/jane.doe', 'carol'];
  for (const name of userNames) {
    const parts = name.split('/');
    const short = parts[parts.length - 1]!;
    const path = parts.length > 1 ? `/${parts.slice(0, -1).join('/')}/` : '/';
    const arn = `arn:aws:iam::${accountId}:user/${name}`;
    const user: IamUser = {
      type: 'aws.iam.user',
      id: arn,
      name: short,
      userId: `AIDA${accountId}${short.length}`,
      path,
      createDate: '2023-02-01T10:00:00Z',
      groups: ['engineering'],
      attachedPolicies: active('iam.user-no-attached-policies', arn) ? [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' }] : [],
      inlinePolicies: [],
      permissionsBoundaryArn: null,
      tags: [],
    };
    const cred: IamCredentials = {
      type: 'aws.iam.credentials',
      id: arn,
      user: short,
      isRoot: false,
      userCreationTime: '2023-02-01T10:00:00Z',
      passwordEnabled: short !== 'svc-deploy',
      passwordLastUsed: { kind: 'date', value: new Date(Date.parse(scheduledFor) - 3_600_000).toISOString() },
      passwordLastChanged: { kind: 'date', value: '2025-06-01T00:00:00Z' },
      passwordNextRotation: { kind: 'N/A' },
      mfaActive: !active('iam.console-user-mfa', arn),
      accessKey1: {
        active: true,
        lastRotated: { kind: 'date', value: active('iam.access-key-rotated', arn) ? '2025-07-14T00:00:00Z' : '2025-09-20T00:00:00Z' },
        lastUsedDate: { kind: 'no_information' },
        lastUsedRegion: null,
        lastUsedService: null,
      },
      accessKey2: { active: false, lastRotated: { kind: 'N/A' }, lastUsedDate: { kind: 'N/A' }, lastUsedRegion: null, lastUsedService: null },
      cert1Active: false,
      cert2Active: false,
    };
    resources.push(user, cred);
  }
  resources.push({
    type: 'aws.iam.role',
    id: LONG_ROLE_ARN.replace('111122223333', accountId),
    name: 'AWSReservedSSO_PlatformEngineeringAdministratorAccess_0a1b2c3d4e5f6789',
    roleId: 'AROAEXAMPLE',
    path: '/aws-reserved/sso.amazonaws.com/eu-west-1/',
    createDate: '2022-01-01T00:00:00Z',
    assumeRolePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'saml' }, Action: 'sts:AssumeRoleWithSAML' }] },
    attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' }],
    inlinePolicies: [],
    permissionsBoundaryArn: null,
    lastUsedDate: scheduledFor,
    lastUsedRegion: 'eu-west-1',
    tags: [],
  });
  const policyArn = LONG_POLICY_ARN.replace('111122223333', accountId);
  resources.push({
    type: 'aws.iam.policy',
    id: policyArn,
    name: 'DataLakeIngestionPipelineDeploymentPermissionsBoundaryAndAdminOverride',
    policyId: 'ANPAEXAMPLE',
    path: '/platform/ci-cd/deployment-pipelines/',
    isAwsManaged: false,
    attachmentCount: 1,
    permissionsBoundaryUsageCount: 0,
    isAttachable: true,
    defaultVersionId: active('iam.customer-policy-no-admin', policyArn) ? 'v2' : 'v1',
    document: {
      Version: '2012-10-17',
      Statement: active('iam.customer-policy-no-admin', policyArn)
        ? [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: '*' }]
        : [{ Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::${LONG_BUCKET}/*` }],
    },
    createDate: '2024-03-01T00:00:00Z',
    updateDate: '2025-11-14T00:00:00Z',
  });
  resources.push({
    type: 'aws.iam.account',
    id: `arn:aws:iam::${accountId}:root`,
    accountId,
    passwordPolicy: null,
    summary: { AccountMFAEnabled: 1, Users: userNames.length },
    rootVirtualMfaSerials: [],
    serverCertificateCount: 0,
  });
  for (const name of [LONG_BUCKET, `${source}-logs`, `${source}-assets`]) {
    const arn = `arn:aws:s3:::${name}`;
    const bucket: S3Bucket = {
      type: 'aws.s3.bucket',
      id: arn,
      name,
      region: 'eu-west-1',
      creationDate: '2019-05-05T00:00:00Z',
      encryption: [{ sseAlgorithm: 'AES256', kmsMasterKeyId: null, bucketKeyEnabled: false }],
      versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
      publicAccessBlock: null,
      policyStatusIsPublic: null,
      policy: null,
      acl: {
        ownerId: 'abc123',
        grants: active('s3.bucket-not-public-read', arn)
          ? [{ granteeType: 'Group', granteeId: null, granteeUri: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' }]
          : [],
      },
      logging: null,
      objectLock: null,
      lifecycleRules: null,
      replication: null,
      ownershipControls: 'BucketOwnerEnforced',
      notifications: { topicCount: 0, queueCount: 0, lambdaCount: 0, eventBridgeEnabled: false },
    };
    resources.push(bucket);
  }
  const pabId = `arn:aws:s3:::account/${accountId}`;
  resources.push({
    type: 'aws.s3.account-public-access-block',
    id: pabId,
    accountId,
    config: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: !active('s3.account-public-access-block', pabId),
      restrictPublicBuckets: true,
    },
  });
  resources.sort(compareResources);
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return {
    schema: SNAPSHOT_SCHEMA,
    provenance: {
      tool: { name: 'soc2-binder', version: '0.1.0' },
      source,
      accountId,
      callerArn: `arn:aws:sts::${accountId}:assumed-role/BinderCollector/binder`,
      partition: 'aws',
      regions: ['eu-west-1'],
      endpoint: null,
      scheduledFor,
      ...(off?.onPurpose ? { offSchedule: true } : {}),
      startedAt,
      finishedAt,
      credentialReportGeneratedAt: startedAt,
      calls: [
        {
          service: 'iam',
          operation: 'GetAccountAuthorizationDetails',
          region: 'us-east-1',
          params: { Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] },
          pages: 2,
          lastPageFinal: true,
          requestIds: [`req-${source}-${day}-1`, `req-${source}-${day}-2`],
          attempts: 2,
          retries: 0,
          outcome: 'ok',
          errorCode: null,
          startedAt,
          durationMs: 812,
        },
      ],
      counts,
    },
    resources,
  };
}

/** An in-memory EvidenceStore holding the fixture's snapshots; only the reads the binder uses work. */
export class FakeEvidenceStore implements EvidenceStore {
  readonly location = 'memory (test fixture)';
  readonly loaded: string[] = [];
  private readonly snapshots = new Map<string, { ref: SnapshotRef; snapshot: Snapshot; offSchedule: boolean }>();

  add(ref: SnapshotRef, snapshot: Snapshot, offSchedule = false): void {
    this.snapshots.set(ref.snapshotId, { ref, snapshot, offSchedule });
  }

  /** Replaces a stored snapshot's content (to simulate a store that returns something else). */
  corrupt(id: string, mutate: (s: Snapshot) => void): void {
    const entry = this.snapshots.get(id);
    if (!entry) throw new Error(`no snapshot ${id}`);
    const copy = structuredClone(entry.snapshot);
    mutate(copy);
    this.snapshots.set(id, { ...entry, snapshot: copy });
  }

  async loadSnapshot(id: string): Promise<Snapshot> {
    const entry = this.snapshots.get(id);
    if (!entry) throw new Error(`snapshot ${id} not in store`);
    this.loaded.push(id);
    return structuredClone(entry.snapshot);
  }

  async listSnapshots(): Promise<SnapshotRecord[]> {
    return [...this.snapshots.values()].map(({ ref, snapshot, offSchedule }) => ({
      id: ref.snapshotId,
      source: ref.source,
      accountId: ref.accountId,
      scheduledFor: ref.scheduledFor,
      offSchedule,
      capturedAt: ref.capturedAt,
      snapshotSha256: ref.snapshotSha256,
      resourceCount: snapshot.resources.length,
      previousId: null,
      recordKey: ref.recordKey,
    }));
  }

  async loadChanges(id: string): Promise<SnapshotChanges> {
    throw new Error(`FakeEvidenceStore.loadChanges(${id}) is not used by the binder tests`);
  }
  async saveSnapshot(): Promise<SnapshotRecord> {
    throw new Error('FakeEvidenceStore is read-only');
  }
  async appendLedger(): Promise<LedgerEntry> {
    throw new Error('FakeEvidenceStore is read-only');
  }
  async readLedger(): Promise<LedgerEntry[]> {
    return [];
  }
  /** What verify() reports besides "intact" (a test of the build's refusal sets it). */
  readonly verifyProblems: StoreProblem[] = [];
  readonly head: LedgerHead = { storeId: '00000000-0000-4000-8000-000000000000', headSeq: 0, headSha256: null, keyFingerprints: [] };
  async verify(): Promise<StoreVerifyReport> {
    return { objectsChecked: 0, snapshotsChecked: 0, ledgerEntries: 0, journalEntries: 0, journalHead: null, problems: this.verifyProblems, head: this.head, unfinishedRuns: [] };
  }
  async ledgerHead(): Promise<LedgerHead> {
    return this.head;
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
    throw new Error(`FakeEvidenceStore has no artifact ${name}`);
  }
  async putArtifact(): Promise<StoredObjectInfo> {
    throw new Error('FakeEvidenceStore is read-only');
  }
  async appendJournal(): Promise<never> {
    throw new Error('FakeEvidenceStore is read-only');
  }
  async readJournal(): Promise<[]> {
    return [];
  }
  async putDocument(): Promise<never> {
    throw new Error('FakeEvidenceStore is read-only');
  }
  async getDocument(sha256: string): Promise<never> {
    throw new Error(`FakeEvidenceStore has no document ${sha256}`);
  }
}

/** The PDF input's fieldwork part for a binder without populations, samples or journal entries. */
export const NO_FIELDWORK: Pick<IndexPdfInput, 'documentProblems' | 'fieldwork' | 'journal'> = {
  documentProblems: [],
  fieldwork: { populations: [], samples: [], gaps: [], journal: null, sampleSeed: 'test seed' },
  journal: [],
};
