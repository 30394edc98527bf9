/**
 * A snapshot: everything one collection run saw in one source (AWS account), plus the provenance
 * an auditor needs to trust system-generated evidence (which account, which identity, which API
 * calls with which parameters, whether every page was read, request IDs, when).
 */
import { z } from 'zod';
import { Resource } from './resources.ts';

const isoTime = z.string().datetime({ offset: true });

/**
 * Something AWS's answer left out that the collector dealt with rather than fail the snapshot
 * (e.g. the PolicyName of managed policies, derived from the ARN), once per field and resolution.
 */
export const ResponseAnomaly = z.object({
  /** The field missing from the answer, as a path in it, e.g. "Policies[].PolicyName". */
  field: z.string(),
  /** What the snapshot holds instead, e.g. "derived from the ARN", "recorded as null". */
  resolution: z.string(),
  /** How many entities lacked it, and the first of them (ARNs; at most 20). */
  count: z.number().int().positive(),
  examples: z.array(z.string()),
});
export type ResponseAnomaly = z.infer<typeof ResponseAnomaly>;

/** One API operation as the collector performed it (all pages of a paginated call in one record). */
export const ApiCallRecord = z.object({
  service: z.string(), // iam | sts | s3 | s3control
  operation: z.string(), // e.g. GetAccountAuthorizationDetails
  region: z.string(),
  /** Parameters sent, minus pagination tokens. Never credentials. */
  params: z.record(z.string(), z.unknown()),
  /** Pages read (1 for non-paginated calls). */
  pages: z.number().int().nonnegative(),
  /** For paginated calls: the last page said it was the last one (IsTruncated=false / no token). */
  lastPageFinal: z.boolean().nullable(),
  requestIds: z.array(z.string()),
  /** Total HTTP attempts across pages, including retries. */
  attempts: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  /** ok, or an AWS "not configured" answer recorded as a fact (e.g. NoSuchBucketPolicy), or error. */
  outcome: z.enum(['ok', 'not-configured', 'error']),
  errorCode: z.string().nullable(),
  /** For outcome error: AWS's message (redacted). Optional: records made before it was kept lack it. */
  errorMessage: z.string().optional(),
  /** For outcome error that was binder's own (a mapping or parsing error, errorCode null): its name and message (redacted). */
  collectorError: z.string().optional(),
  /** What the answer lacked and how it was dealt with; only present when something was. */
  anomalies: z.array(ResponseAnomaly).optional(),
  startedAt: isoTime,
  durationMs: z.number().nonnegative(),
});
export type ApiCallRecord = z.infer<typeof ApiCallRecord>;

export const Provenance = z.object({
  tool: z.object({ name: z.string(), version: z.string() }),
  source: z.string(), // the config's source name
  accountId: z.string(),
  callerArn: z.string(),
  partition: z.string().default('aws'),
  regions: z.array(z.string()),
  endpoint: z.string().nullable(), // custom endpoint (sandbox), null for real AWS
  /**
   * The schedule slot this run fills (e.g. 2026-03-01T02:00:00Z) and when it actually ran. An
   * off-schedule run (started outside every slot's grace time, or `collect --off-schedule`) fills
   * no slot: its scheduledFor is the time it started and offSchedule is true.
   */
  scheduledFor: isoTime,
  offSchedule: z.boolean().optional(),
  startedAt: isoTime,
  finishedAt: isoTime,
  credentialReportGeneratedAt: isoTime.nullable(),
  calls: z.array(ApiCallRecord),
  /** Counts per resource type, so populations can be reconciled against the resource list. */
  counts: z.record(z.string(), z.number().int()),
});
export type Provenance = z.infer<typeof Provenance>;

export const SNAPSHOT_SCHEMA = 'binder.snapshot/v1' as const;

export const Snapshot = z.object({
  schema: z.literal(SNAPSHOT_SCHEMA),
  provenance: Provenance,
  /** Sorted by (type, id). */
  resources: z.array(Resource),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** Stable order of resources inside a snapshot. */
export function compareResources(a: { type: string; id: string }, b: { type: string; id: string }): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
