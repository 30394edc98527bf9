/** The shape of a sample: how it was drawn (seed and method, or the auditor's list) and each item with its evidence. */
import { z } from 'zod';
import { PopulationScope, SnapshotRef } from './population-types.ts';

export const SAMPLE_SCHEMA = 'binder.sample/v1' as const;

/** A resource as the snapshot holds it, with the snapshot's id and hash (the snapshot's hash covers it). */
export const SnapshotExcerpt = z.object({
  kind: z.literal('snapshot-excerpt'),
  snapshotId: z.string(),
  snapshotSha256: z.string(),
  capturedAt: z.string(),
  resources: z.array(z.record(z.string(), z.unknown())),
});

/** A change record as the store holds it, with the two snapshots it compares. */
export const ChangeEvidence = z.object({
  kind: z.literal('change-record'),
  snapshotId: z.string(),
  snapshotSha256: z.string(),
  previousSnapshotId: z.string(),
  previousSnapshotSha256: z.string(),
  change: z.object({
    kind: z.enum(['added', 'removed', 'changed']),
    type: z.string(),
    id: z.string(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    beforeSha256: z.string().nullable(),
    afterSha256: z.string().nullable(),
  }),
});

export const SampleEvidence = z.discriminatedUnion('kind', [SnapshotExcerpt, ChangeEvidence]);
export type SampleEvidence = z.infer<typeof SampleEvidence>;

export const SampleSelection = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('seeded-rank'),
    seed: z.string(),
    description: z.string(),
    size: z.number().int(),
    /** Where the size came from: `--size`, or the config's sampling.sizes.<frequency>. */
    sizeFrom: z.string(),
  }),
  z.object({ method: z.literal('auditor-list'), file: z.string(), fileSha256: z.string(), size: z.number().int() }),
]);
export type SampleSelection = z.infer<typeof SampleSelection>;

export const SampleItem = z.object({
  key: z.string(),
  /** The item's seeded rank (null for an auditor's list). */
  rank: z.string().nullable(),
  /** The population rows the item stands for (one for an item; every row of a time unit). */
  rows: z.array(z.record(z.string(), z.unknown())),
  /** For a time unit: the snapshots of the period in it. */
  snapshots: z.array(SnapshotRef).nullable(),
  evidence: z.array(SampleEvidence),
});
export type SampleItem = z.infer<typeof SampleItem>;

export const Sample = z.object({
  schema: z.literal(SAMPLE_SCHEMA),
  population: z.object({
    name: z.string(),
    source: z.string(),
    scope: PopulationScope,
    columns: z.array(z.string()),
    /** What was sampled: rows (`item`), or days, weeks, months, quarters or years holding snapshots. */
    unit: z.enum(['item', 'day', 'week', 'month', 'quarter', 'year']),
    /** How many units the population holds. */
    size: z.number().int(),
  }),
  frequency: z.enum(['daily', 'weekly', 'monthly', 'quarterly', 'annual', 'per-event']).nullable(),
  selection: SampleSelection,
  items: z.array(SampleItem),
});
export type Sample = z.infer<typeof Sample>;
