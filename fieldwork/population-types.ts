/**
 * The shapes of populations: what the auditor receives (rows with their snapshot ids and hashes),
 * and what a population's definition declares (name, whether it is as of a date or over a period,
 * its row schema, how its rows are evidenced). Zod schemas so the binder can carry them as data.
 */
import { z } from 'zod';
import type { ResourceType } from '../model/resources.ts';
import type { EvidenceStore, SnapshotRecord } from '../store/types.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One snapshot an output is drawn from: id, the SHA-256 taken at collection time, and when. */
export const SnapshotRef = z.object({
  snapshotId: z.string(),
  snapshotSha256: z.string(),
  scheduledFor: z.string(),
  capturedAt: z.string(),
});
export type SnapshotRef = z.infer<typeof SnapshotRef>;

export function snapshotRef(rec: SnapshotRecord): SnapshotRef {
  return { snapshotId: rec.id, snapshotSha256: rec.snapshotSha256, scheduledFor: rec.scheduledFor, capturedAt: rec.capturedAt };
}

/**
 * Columns every row of an as-of population has: its item key (what a sample names) and the
 * resource in the snapshot that evidences it.
 */
export const SnapshotRowBase = z.object({
  key: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  snapshotId: z.string(),
  snapshotSha256: z.string(),
});

/** Columns every row of a change population has: the change record is `snapshotId`'s, relative to `previousSnapshotId`. */
export const ChangeRowBase = z.object({
  key: z.string(),
  /** The day (UTC) of the snapshot that first shows the change. */
  day,
  resourceType: z.string(),
  resourceId: z.string(),
  snapshotId: z.string(),
  snapshotSha256: z.string(),
  previousSnapshotId: z.string(),
  previousSnapshotSha256: z.string(),
});

export type PopulationRow = z.infer<typeof SnapshotRowBase> & Record<string, unknown>;

export const PopulationScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('as-of'), asOf: day, snapshot: SnapshotRef }),
  z.object({
    kind: z.literal('period'),
    from: day,
    to: day,
    /** The snapshots scheduled in the period, in order of observation (change populations: each one's changes since the snapshot before it). */
    snapshots: z.array(SnapshotRef),
  }),
]);
export type PopulationScope = z.infer<typeof PopulationScope>;

export const POPULATION_SCHEMA = 'binder.population/v1' as const;

export const Population = z.object({
  schema: z.literal(POPULATION_SCHEMA),
  name: z.string(),
  description: z.string(),
  source: z.string(),
  /** How each row is evidenced: a resource of a snapshot, or a change record between two snapshots. */
  evidence: z.enum(['snapshot', 'change']),
  scope: PopulationScope,
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
});
export type Population = Omit<z.infer<typeof Population>, 'rows'> & { rows: PopulationRow[] };

/** What a population is built from: its source's snapshots and the store. */
export interface AsOfInput {
  store: Pick<EvidenceStore, 'loadSnapshot' | 'loadChanges'>;
  asOf: string;
  snapshot: SnapshotRecord;
}

export interface PeriodInput {
  store: Pick<EvidenceStore, 'loadSnapshot' | 'loadChanges'>;
  from: string;
  to: string;
  /** The source's snapshots scheduled in the period, in order of observation. */
  records: readonly SnapshotRecord[];
  /** The evidence snapshot of the source before a record (possibly before the period); null for the first. */
  previousOf: (rec: SnapshotRecord) => SnapshotRecord | null;
}

interface DefinitionBase<Row extends PopulationRow> {
  name: string;
  /** One line, for `binder population --list`. */
  description: string;
  /** The criteria whose testing starts from this population (the binder lists it under their controls). */
  criteria: readonly string[];
  row: z.ZodType<Row>;
  /** CSV column order (every key of the row schema). */
  columns: readonly (keyof Row & string)[];
  /** For snapshot evidence: the resource types whose resource with the row's id is the excerpt (a user and its credential report row share the ARN). */
  excerptTypes?: readonly ResourceType[];
}

export interface AsOfPopulationDefinition<Row extends PopulationRow = PopulationRow> extends DefinitionBase<Row> {
  takes: 'as-of';
  evidence: 'snapshot';
  build(input: AsOfInput): Promise<Row[]>;
}

export interface PeriodPopulationDefinition<Row extends PopulationRow = PopulationRow> extends DefinitionBase<Row> {
  takes: 'period';
  evidence: 'snapshot' | 'change';
  /** The snapshots the rows were drawn from when not every snapshot of the period (access-review: each quarter's last). */
  build(input: PeriodInput): Promise<{ rows: Row[]; snapshots?: SnapshotRecord[] }>;
}

export type PopulationDefinition = AsOfPopulationDefinition | PeriodPopulationDefinition;
