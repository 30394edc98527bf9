/**
 * The evidence store's key layout (the same on every backend):
 *   snapshots/<source>/<scheduledFor compact UTC>/<runId>.json.gz   snapshot records, written last
 *   packs/<sha256 of the stored bytes>.ndjson.gz                     resource bodies and changes
 *   ledger/<seq, 10 digits>.json                                      the run ledger, one entry each
 *   artifacts/<name>                                                  finished artifacts (binders)
 *   claims/<source>/<slot compact>/<generation>.json                  slot claims (store/slot-claim.ts)
 *   claims/once/<name>.json                                           exactly-once markers
 *   journal/<seq, 10 digits>.json, documents/<sha256>                 fieldwork journal and its documents (store/journal.ts)
 * A snapshot id is `<source>/<scheduledFor compact>/<runId>`, so the id names its record key and
 * keys sort by source, then time.
 */
import { assertSafeSegment } from './object-key.ts';
import { StoreError } from './types.ts';

export const SNAPSHOTS_PREFIX = 'snapshots/';
export const PACKS_PREFIX = 'packs/';
export const LEDGER_PREFIX = 'ledger/';
export const ARTIFACTS_PREFIX = 'artifacts/';
export const CLAIMS_PREFIX = 'claims/';

const RECORD_SUFFIX = '.json.gz';
const PACK_KEY = /^packs\/([0-9a-f]{64})\.ndjson\.gz$/;
const LEDGER_KEY = /^ledger\/(\d{10})\.json$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d{3})?Z$/;

/** 2026-03-01T02:00:00.000Z -> 20260301T020000Z (milliseconds kept only when not zero). */
export function compactIso(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new StoreError(`scheduledFor ${JSON.stringify(iso)} is not an ISO time`);
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.000Z', 'Z');
}

export function parseCompactIso(compact: string): Date | null {
  const m = COMPACT.exec(compact);
  if (!m) return null;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`);
}

export function snapshotIdOf(source: string, scheduledFor: string, runId: string): string {
  assertSafeSegment(source, 'source name');
  assertSafeSegment(runId, 'run id');
  return `${source}/${compactIso(scheduledFor)}/${runId}`;
}

export function recordKeyOf(snapshotId: string): string {
  return `${SNAPSHOTS_PREFIX}${snapshotId}${RECORD_SUFFIX}`;
}

export interface ParsedRecordKey {
  id: string;
  source: string;
  scheduledFor: Date;
  runId: string;
}

/** Null when the key is not a snapshot record key. */
export function parseRecordKey(key: string): ParsedRecordKey | null {
  if (!key.startsWith(SNAPSHOTS_PREFIX) || !key.endsWith(RECORD_SUFFIX)) return null;
  const id = key.slice(SNAPSHOTS_PREFIX.length, -RECORD_SUFFIX.length);
  const parts = id.split('/');
  if (parts.length !== 3) return null;
  const [source, compact, runId] = parts as [string, string, string];
  const scheduledFor = parseCompactIso(compact);
  if (!scheduledFor) return null;
  return { id, source, scheduledFor, runId };
}

export function packKeyOf(sha256: string): string {
  return `${PACKS_PREFIX}${sha256}.ndjson.gz`;
}

/** The content address of a pack key, or null when the key is not a pack key. */
export function packHashOf(key: string): string | null {
  return PACK_KEY.exec(key)?.[1] ?? null;
}

export function ledgerKeyOf(seq: number): string {
  return `${LEDGER_PREFIX}${String(seq).padStart(10, '0')}.json`;
}

export function ledgerSeqOf(key: string): number | null {
  const m = LEDGER_KEY.exec(key);
  return m ? Number(m[1]) : null;
}
