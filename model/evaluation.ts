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
});
export type CheckResult = z.infer<typeof CheckResult>;

/** Counts of one check (or control) in one snapshot. */
export const SnapshotTally = z.object({
  snapshotId: z.string(),
  source: z.string(),
  scheduledFor: isoTime,
  pass: z.number().int(),
  fail: z.number().int(),
  notApplicable: z.number().int(),
});
export type SnapshotTally = z.infer<typeof SnapshotTally>;

/** A maximal run of failures of one check on one resource. */
export const CheckException = z.object({
  checkId: z.string(),
  source: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  firstSeen: isoTime, // scheduledFor of the first failing snapshot
  lastSeen: isoTime, // scheduledFor of the last failing snapshot
  fixedAt: isoTime.nullable(), // scheduledFor of the first passing (or resource-gone) snapshot after
  open: z.boolean(), // still failing in the last snapshot of the period
  durationDays: z.number(), // fixedAt (or period end) minus firstSeen, in days
  reason: z.string(), // reason of the first failure
  firstSnapshotId: z.string(),
  lastSnapshotId: z.string(),
});
export type CheckException = z.infer<typeof CheckException>;

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
});
export type CheckSummary = z.infer<typeof CheckSummary>;

export const CoverageGap = z.object({
  source: z.string(),
  slot: isoTime, // expected scheduled run
  kind: z.enum(['missing', 'failed', 'partial']),
  reason: z.string().nullable(),
});
export type CoverageGap = z.infer<typeof CoverageGap>;

export const Coverage = z.object({
  source: z.string(),
  expectedRuns: z.number().int(),
  successfulRuns: z.number().int(),
  gaps: z.array(CoverageGap),
});
export type Coverage = z.infer<typeof Coverage>;

export const FieldChange = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });

export const DriftEntry = z.object({
  source: z.string(),
  snapshotId: z.string(),
  at: isoTime, // scheduledFor of the snapshot where the change was first seen
  previousSnapshotId: z.string().nullable(),
  resourceType: z.string(),
  resourceId: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  fields: z.array(FieldChange), // empty for added/removed
});
export type DriftEntry = z.infer<typeof DriftEntry>;

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
});
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
});
export type CriterionSummary = z.infer<typeof CriterionSummary>;

export const SnapshotRef = z.object({
  snapshotId: z.string(),
  source: z.string(),
  accountId: z.string(),
  scheduledFor: isoTime,
  capturedAt: isoTime,
  snapshotSha256: z.string(),
  recordKey: z.string(),
});
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
  drift: z.array(DriftEntry),
  stats: z.object({
    snapshotsEvaluated: z.number().int(),
    checkEvaluations: z.number().int(), // check function calls actually made
    resultsReused: z.number().int(), // results taken from the cache because inputs were unchanged
    durationMs: z.number(),
  }),
});
export type PeriodEvaluation = z.infer<typeof PeriodEvaluation>;
