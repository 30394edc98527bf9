/**
 * The stored form of a snapshot record (`snapshots/<id>.json.gz`, gzip of canonical JSON): the
 * SnapshotRecord, the provenance, and how to rebuild the resources (a full pack, or a delta pack
 * relative to the previous snapshot of the same source). Written last: its presence is what makes
 * a snapshot exist.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { canonicalJson } from '../model/canonical-json.ts';
import { SNAPSHOT_SCHEMA } from '../model/snapshot.ts';
import { SnapshotRecord, StoreError } from './types.ts';

export const RECORD_FORMAT = 'binder.snapshot-record/v1';

export const RecordFile = z.object({
  format: z.literal(RECORD_FORMAT),
  record: SnapshotRecord,
  runId: z.string(),
  schema: z.literal(SNAPSHOT_SCHEMA),
  /** Kept verbatim (not re-parsed, so no default or stripped field can change it): the snapshot hash proves it. */
  provenance: z.record(z.string(), z.unknown()),
  storage: z.object({
    /** checkpoint: `pack` holds every resource; delta: `pack` holds changes vs record.previousId. */
    kind: z.enum(['checkpoint', 'delta']),
    /** Null for a delta with no change at all. */
    pack: z.string().nullable(),
    /** Snapshots since the last checkpoint (0 for a checkpoint): bounds how far a rebuild reads back. */
    chainLength: z.number().int().nonnegative(),
  }),
  changes: z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int() }),
});
export type RecordFile = z.infer<typeof RecordFile>;

export function encodeRecordFile(file: RecordFile): Uint8Array {
  return gzipSync(canonicalJson(file), { level: 9 });
}

export function decodeRecordFile(bytes: Uint8Array, key: string): RecordFile {
  let value: unknown;
  try {
    value = JSON.parse(gunzipSync(bytes).toString('utf8'));
  } catch (err) {
    throw new StoreError(`snapshot record ${key} is not gzip JSON: ${(err as Error).message}`, key);
  }
  const parsed = RecordFile.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError(`snapshot record ${key} is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, key);
  }
  if (parsed.data.record.recordKey !== key) {
    throw new StoreError(`snapshot record ${key} says its key is ${parsed.data.record.recordKey} (moved or copied?)`, key);
  }
  return parsed.data;
}
