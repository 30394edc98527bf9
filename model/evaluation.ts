/**
 * The result of evaluating a period: produced by controls/period/*, consumed by the binder and the
 * CLI's `evaluate`. Plain data (JSON-serialisable) so it can be written into the binder as is.
 */
import { z } from 'zod';

const isoTime = z.string().datetime({ offset: true });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const Outcome = z.enum(['pass', 'fail', 'not-applicable']);
export type Outcome = z.infer<typeof Outcome>;

/** One check's verdict on one resource in one snapshot. */
export const CheckResult = z.object({
  checkId: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  outcome: Outcome,
  /** Names the resource and the value seen, e.g. "user alice: access key 1 last rotated 2026-01-02 (131 days > 90)". */
  reason: z.string(),
}).strict();
export type CheckResult = z.infer<typeof CheckResult>;

/** Counts of one check (or control) in one snapshot. */
export const SnapshotTally = z.object({
  snapshotId: z.string(),
  source: z.string(),
  scheduledFor: isoTime,
  pass: z.number().int(),
  fail: z.number().int(),
  notApplicable: z.number().int(),
}).strict();
export type SnapshotTally = z.infer<typeof SnapshotTally>;

/** The accepted deviations that cover an exception (controls/period/apply-acceptances.ts). */
export const ExceptionAcceptance = z
  .object({
    /** Every failing snapshot of the exception falls inside an acceptance: counted as accepted, not as an exception. */
    whole: z.boolean(),
    failingSnapshots: z.number().int().positive(),
    acceptedSnapshots: z.number().int().nonnegative(),
    /** Capture time of the first failing snapshot after an acceptance ran out; null when none. */
    exceptionAgainFrom: isoTime.nullable(),
    by: z.array(
      z
        .object({
          ref: z.string(),
          approvedBy: z.string(),
          recordedBy: z.string(),
          recordedAt: isoTime,
          from: day,
          until: day,
          reason: z.string(),
          resource: z.string(),
        })
        .strict(),
    ),
  })
  .strict();
export type ExceptionAcceptance = z.infer<typeof ExceptionAcceptance>;

/**
 * A maximal run of failures of one check on one resource. Times are capture times (when the state
 * was observed: the snapshot's capturedAt), each with the schedule slot of its snapshot beside it
 * (null for an off-schedule snapshot); durations are measured between observations.
 */
export const CheckException = z
  .object({
    checkId: z.string(),
    source: z.string(),
    resourceType: z.string(),
    resourceId: z.string(),
    firstSeen: isoTime, // capturedAt of the first failing snapshot
    firstSeenSlot: isoTime.nullable(),
    lastSeen: isoTime, // capturedAt of the last failing snapshot
    lastSeenSlot: isoTime.nullable(),
    fixedAt: isoTime.nullable(), // capturedAt of the first passing (or resource-gone) snapshot after
    fixedAtSlot: isoTime.nullable(),
    open: z.boolean(), // still failing in the last snapshot of the period
    durationDays: z.number(), // fixedAt (or period end) minus firstSeen, in days
    reason: z.string(), // reason of the first failure
    firstSnapshotId: z.string(),
    lastSnapshotId: z.string(),
    fixedSnapshotId: z.string().nullable(), // the snapshot at fixedAt
    /** Accepted deviations covering some of its failing snapshots; absent when none. */
    acceptance: ExceptionAcceptance.optional(),
  })
  .strict();
export type CheckException = z.infer<typeof CheckException>;

/**
 * How to fix a failing resource, written per check (controls/checks/<service>/): what to change,
 * where in the AWS console, and the AWS CLI command(s). Placeholders in angle brackets (<user>,
 * <bucket>, <region>...) are filled per resource by controls/remediation.ts where the resource's id
 * gives them; the rest stay for the engineer to fill.
 */
export const Remediation = z
  .object({
    /** What to change, one or two sentences. */
    change: z.string().min(1),
    /** Where in the AWS console, as a path: "IAM > Users > <user> > Security credentials". */
    console: z.string().min(1),
    /** Shell lines: AWS CLI commands in the order to run them, and "# " comments between them. */
    cli: z.string().min(1),
  })
  .strict();
export type Remediation = z.infer<typeof Remediation>;

export const CheckSummary = z.object({
  checkId: z.string(),
  title: z.string(),
  rationale: z.string(),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  criteria: z.array(z.string()),
  /** Settings the check read, with the values used. */
  settings: z.record(z.string(), z.unknown()),
  /** Pass rate over the period: passing results / (passing + failing). null when nothing applied. */
  passRate: z.number().nullable(),
  tallies: z.array(SnapshotTally),
  exceptions: z.array(CheckException),
  disabled: z.boolean(),
  note: z.string().nullable(), // e.g. "almost never fails since January 2023"
  /** The check's remediation, placeholders unfilled (each exception's filled text: controls/remediation.ts). */
  remediation: Remediation,
}).strict();
export type CheckSummary = z.infer<typeof CheckSummary>;

export const CoverageGap = z
  .object({
    source: z.string(),
    slot: isoTime, // expected scheduled run
    /** late: the only run for the slot started after its grace time (its snapshot is off-schedule). */
    kind: z.enum(['missing', 'failed', 'partial', 'late']),
    reason: z.string().nullable(),
  })
  .strict();
export type CoverageGap = z.infer<typeof CoverageGap>;

/**
 * A snapshot that fills no slot: evidence like any other (evaluated, listed), but not counted in
 * coverage. on-purpose: `collect --off-schedule`; outside-grace: started outside every slot's
 * grace time; slot-already-filled: a second snapshot of a slot; not-a-slot: names a time that is
 * no slot of the schedule.
 */
export const OffScheduleSnapshot = z
  .object({
    snapshotId: z.string(),
    runId: z.string().nullable(),
    kind: z.enum(['on-purpose', 'outside-grace', 'slot-already-filled', 'not-a-slot']),
    /** The slot it relates to (came too late for, already filled, or whose grace time it fell in); null when none. */
    slot: isoTime.nullable(),
    scheduledFor: isoTime, // as recorded (an off-schedule run's start time)
    startedAt: isoTime.nullable(), // the run's start, from the ledger
    capturedAt: isoTime,
    reason: z.string(),
  })
  .strict();
export type OffScheduleSnapshot = z.infer<typeof OffScheduleSnapshot>;

export const Coverage = z
  .object({
    source: z.string(),
    expectedRuns: z.number().int(),
    /** Slots filled: each by one snapshot whose run started within the grace time after it. */
    successfulRuns: z.number().int(),
    gaps: z.array(CoverageGap),
    offScheduleCount: z.number().int(),
    offSchedule: z.array(OffScheduleSnapshot), // by capture time
  })
  .strict();
export type Coverage = z.infer<typeof Coverage>;

export const FieldChange = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() }).strict();

export const DriftEntry = z.object({
  source: z.string(),
  snapshotId: z.string(),
  at: isoTime, // capturedAt of the snapshot where the change was first seen
  slot: isoTime.nullable(), // that snapshot's schedule slot (null: off-schedule)
  previousSnapshotId: z.string().nullable(),
  resourceType: z.string(),
  resourceId: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  fields: z.array(FieldChange), // empty for added/removed
}).strict();
export type DriftEntry = z.infer<typeof DriftEntry>;

/** Drift of one resource type of one source over the period, by kind. */
export const DriftCount = z.object({
  source: z.string(),
  resourceType: z.string(),
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(), // configuration changes: not activity-only
  activityOnly: z.number().int(), // changed, but only "last used" stamps moved
}).strict();
export type DriftCount = z.infer<typeof DriftCount>;

/**
 * What the evaluation keeps of the period's drift: counts, and the first configuration changes the
 * PDF lists. The entries themselves (a year of them is far larger than one snapshot) are not held:
 * controls/period/period-drift.ts streams them from the store in this order into
 * evidence/change-log.json.
 */
export const DriftSummary = z.object({
  entries: z.number().int(), // added + removed + changed + activityOnly
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
  activityOnly: z.number().int(),
  bySourceAndType: z.array(DriftCount), // by (source, resourceType)
  /** The first configuration changes (not activity-only) in change-log order, at most FIRST_CONFIGURATION_CHANGES. */
  firstConfigurationChanges: z.array(DriftEntry),
}).strict();
export type DriftSummary = z.infer<typeof DriftSummary>;

export const ControlStatus = z.enum(['effective', 'exceptions', 'not-tested', 'manual']);

export const ControlSummary = z.object({
  controlId: z.string(),
  title: z.string(),
  description: z.string(),
  criteria: z.array(z.string()),
  frequency: z.enum(['continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'annual', 'per-event']),
  evidencedBy: z.array(z.enum(['automated', 'change-records', 'manual'])),
  checkIds: z.array(z.string()),
  status: ControlStatus,
  passRate: z.number().nullable(),
  openExceptions: z.number().int(),
  closedExceptions: z.number().int(),
  /** Exceptions wholly within accepted deviations: counted apart, never hidden (they are listed with their check). */
  acceptedExceptions: z.number().int(),
}).strict();
export type ControlSummary = z.infer<typeof ControlSummary>;

export const CriterionSummary = z.object({
  criterionId: z.string(), // CC6.1
  category: z.string(),
  group: z.string(),
  title: z.string(),
  inScope: z.boolean(),
  coverage: z.enum(['automated', 'manual', 'mixed', 'none']),
  controlIds: z.array(z.string()),
  status: z.enum(['effective', 'exceptions', 'not-tested', 'manual', 'out-of-scope']),
  passRate: z.number().nullable(),
  openExceptions: z.number().int(),
  closedExceptions: z.number().int(),
  acceptedExceptions: z.number().int(),
}).strict();
export type CriterionSummary = z.infer<typeof CriterionSummary>;

export const SnapshotRef = z.object({
  snapshotId: z.string(),
  source: z.string(),
  accountId: z.string(),
  scheduledFor: isoTime,
  /** The schedule slot the snapshot was taken for within its grace time; null for an off-schedule snapshot. */
  slot: isoTime.nullable(),
  capturedAt: isoTime,
  snapshotSha256: z.string(),
  recordKey: z.string(),
}).strict();
export type SnapshotRef = z.infer<typeof SnapshotRef>;

export const PeriodEvaluation = z.object({
  schema: z.literal('binder.evaluation/v1'),
  period: z.object({ from: day, to: day }),
  /** Deterministic: the latest capture time among snapshots used (never the wall clock). */
  evaluatedAsOf: isoTime,
  tool: z.object({ name: z.string(), version: z.string() }),
  organization: z.string(),
  system: z.string(),
  categories: z.array(z.string()),
  sources: z.array(z.object({ name: z.string(), accountId: z.string().nullable() })),
  settings: z.record(z.string(), z.unknown()),
  snapshots: z.array(SnapshotRef),
  criteria: z.array(CriterionSummary),
  controls: z.array(ControlSummary),
  checks: z.array(CheckSummary),
  coverage: z.array(Coverage),
  driftSummary: DriftSummary,
  stats: z.object({
    snapshotsEvaluated: z.number().int(),
    checkEvaluations: z.number().int(), // check function calls actually made
    resultsReused: z.number().int(), // results taken from the cache because inputs were unchanged
    durationMs: z.number(),
  }),
}).strict();
export type PeriodEvaluation = z.infer<typeof PeriodEvaluation>;
