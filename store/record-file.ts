/**
 * The stored form of a snapshot record (`snapshots/<id>.json.gz`, gzip of canonical JSON): the
 * SnapshotRecord, the provenance, and how to rebuild the resources (a full pack, or a delta pack
 * relative to the previous snapshot of the same source). Written last: its presence is what makes
 * a snapshot exist.
 *
 * Formats:
 *  - v1 kept the provenance verbatim, API calls included (~76 bytes per call gzipped);
 *  - v2 (written now) keeps the provenance without `calls`, and the calls as a call log
 *    (call-log-codec.ts: columns, binary request ids, a dictionary), base64 in `callLog`. A
 *    provenance whose calls the codec cannot hold (no array) is kept verbatim with `callLog: null`.
 * Both are read; decodeRecordFile always returns the whole provenance, exactly as it was given
 * (same canonical JSON), so the snapshot hash proves it either way.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { canonicalJson } from '../model/canonical-json.ts';
import { SNAPSHOT_SCHEMA } from '../model/snapshot.ts';
import { CALL_LOG_FORMAT, CallLogError, decodeCallLog, encodeCallLog, setOwn } from './call-log-codec.ts';
import { SnapshotRecord, StoreError } from './types.ts';

export const RECORD_FORMAT_V1 = 'binder.snapshot-record/v1';
export const RECORD_FORMAT = 'binder.snapshot-record/v2';

const common = {
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
};

/** A record as the store uses it: `format` says how it was (or will be) stored; the provenance is whole. */
export const RecordFile = z.object({ format: z.enum([RECORD_FORMAT_V1, RECORD_FORMAT]), ...common });
export type RecordFile = z.infer<typeof RecordFile>;

const CallLogField = z.object({
  format: z.literal(CALL_LOG_FORMAT),
  /** Number of calls, checked against what the bytes decode to. */
  calls: z.number().int().nonnegative(),
  bytes: z.base64(),
});

const StoredRecord = z.discriminatedUnion('format', [
  z.object({ format: z.literal(RECORD_FORMAT_V1), ...common }),
  z.object({ format: z.literal(RECORD_FORMAT), ...common, callLog: CallLogField.nullable() }),
]);
type StoredRecord = z.infer<typeof StoredRecord>;

export function encodeRecordFile(file: RecordFile): Uint8Array {
  return gzipSync(canonicalJson(storedForm(file)), { level: 9 });
}

/** What is written: v1 as given (old-format tests), v2 with the calls as a call log. */
function storedForm(file: RecordFile): StoredRecord {
  if (file.format === RECORD_FORMAT_V1) return { ...file, format: RECORD_FORMAT_V1 };
  const { calls, ...rest } = file.provenance;
  if (!Array.isArray(calls)) return { ...file, format: RECORD_FORMAT, callLog: null };
  let bytes: Uint8Array;
  try {
    bytes = encodeCallLog(calls);
  } catch (err) {
    // A value the columns cannot carry (e.g. a time delta beyond 2^53 ms) costs bytes, never data.
    if (!(err instanceof CallLogError)) throw err;
    return { ...file, format: RECORD_FORMAT, callLog: null };
  }
  return {
    ...file,
    format: RECORD_FORMAT,
    provenance: rest,
    callLog: { format: CALL_LOG_FORMAT, calls: calls.length, bytes: Buffer.from(bytes).toString('base64') },
  };
}

export function decodeRecordFile(bytes: Uint8Array, key: string): RecordFile {
  let value: unknown;
  try {
    value = JSON.parse(gunzipSync(bytes).toString('utf8'));
  } catch (err) {
    throw new StoreError(`snapshot record ${key} is not gzip JSON: ${(err as Error).message}`, key);
  }
  const parsed = StoredRecord.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError(`snapshot record ${key} is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, key);
  }
  if (parsed.data.record.recordKey !== key) {
    throw new StoreError(`snapshot record ${key} says its key is ${parsed.data.record.recordKey} (moved or copied?)`, key);
  }
  if (parsed.data.format === RECORD_FORMAT_V1) return parsed.data;
  const { callLog, ...file } = parsed.data;
  if (callLog === null) return file;
  if ('calls' in file.provenance) throw new StoreError(`snapshot record ${key} has both provenance.calls and a call log`, key);
  let calls: unknown[];
  try {
    calls = decodeCallLog(Buffer.from(callLog.bytes, 'base64'));
  } catch (err) {
    if (!(err instanceof CallLogError)) throw err;
    throw new StoreError(`snapshot record ${key}: ${err.message}`, key);
  }
  if (calls.length !== callLog.calls) {
    throw new StoreError(`snapshot record ${key}: its call log holds ${calls.length} calls, the record says ${callLog.calls}`, key);
  }
  return { ...file, provenance: withCalls(file.provenance, calls) };
}

/** The provenance with `calls` put back, keys in canonical order (as JSON.parse of the v1 record gave them). */
function withCalls(rest: Record<string, unknown>, calls: unknown[]): Record<string, unknown> {
  const all: Record<string, unknown> = { ...rest, calls };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(all).sort()) setOwn(out, k, all[k]);
  return out;
}
