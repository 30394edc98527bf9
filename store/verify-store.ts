/**
 * Full verification of an evidence store: every object re-hashed, every snapshot rebuilt and
 * compared with its collection-time hash, the ledger chain checked, and each finding reported
 * with its key. Tampering is reported, never thrown; only an unlistable store throws.
 */
import { sha256Hex } from '../model/canonical-json.ts';
import { checkLedgerChain, decodeLedgerEntry, type StoredLedgerEntry } from './ledger.ts';
import { decodeRecordFile, type RecordFile } from './record-file.ts';
import { SnapshotReader } from './snapshot-reader.ts';
import { ARTIFACTS_PREFIX, LEDGER_PREFIX, ledgerSeqOf, packHashOf, parseRecordKey, PACKS_PREFIX, SNAPSHOTS_PREFIX } from './snapshot-keys.ts';
import type { ObjectBackend, ProgressFn, StoreProblem, StoreVerifyReport } from './types.ts';

export async function verifyEvidenceStore(backend: ObjectBackend, progress?: ProgressFn): Promise<StoreVerifyReport> {
  const problems: StoreProblem[] = [];
  const error = (key: string | null, message: string) => problems.push({ severity: 'error', key, message });
  const objects = await backend.list('');
  const recordKeys = objects.filter((o) => o.key.startsWith(SNAPSHOTS_PREFIX)).map((o) => o.key);
  const total = objects.length + recordKeys.length;
  let done = 0;

  // 1. Every object: re-read (the backend verifies its sha256) and decode what we can.
  const ledger: StoredLedgerEntry[] = [];
  const records = new Map<string, RecordFile>();
  const packs: string[] = [];
  for (const o of objects) {
    progress?.(done++, total, o.key);
    let bytes: Uint8Array;
    try {
      bytes = await backend.get(o.key);
    } catch (err) {
      error(o.key, (err as Error).message);
      continue;
    }
    try {
      if (o.key.startsWith(PACKS_PREFIX)) {
        const hash = packHashOf(o.key);
        if (hash === null) problems.push({ severity: 'warning', key: o.key, message: `${o.key} is not a pack key` });
        else if (sha256Hex(bytes) !== hash) error(o.key, `pack ${o.key} content hashes to ${sha256Hex(bytes)}, not its content address`);
        else packs.push(o.key);
      } else if (o.key.startsWith(SNAPSHOTS_PREFIX)) {
        if (!parseRecordKey(o.key)) problems.push({ severity: 'warning', key: o.key, message: `${o.key} is not a snapshot record key` });
        else records.set(parseRecordKey(o.key)!.id, decodeRecordFile(bytes, o.key));
      } else if (o.key.startsWith(LEDGER_PREFIX)) {
        if (ledgerSeqOf(o.key) === null) problems.push({ severity: 'warning', key: o.key, message: `${o.key} is not a ledger entry key` });
        else ledger.push(decodeLedgerEntry(o.key, bytes));
      } else if (!o.key.startsWith(ARTIFACTS_PREFIX)) {
        problems.push({ severity: 'warning', key: o.key, message: `${o.key} is outside the store's layout (snapshots/, packs/, ledger/, artifacts/)` });
      }
    } catch (err) {
      error(o.key, (err as Error).message);
    }
  }
  if (backend.inspect) problems.push(...(await backend.inspect()));

  // 2. Every snapshot rebuilt from its checkpoint and deltas, in order, and its hash compared.
  const reader = new SnapshotReader(backend, { states: 3, records: 4096, changes: 1 });
  let snapshotsChecked = 0;
  for (const key of recordKeys) {
    progress?.(done++, total, key);
    const parsed = parseRecordKey(key);
    if (!parsed || !records.has(parsed.id)) continue; // already reported
    const file = records.get(parsed.id)!;
    const pack = file.storage.pack;
    if (pack !== null && !packs.includes(pack) && !objects.some((o) => o.key === pack)) {
      error(key, `snapshot ${parsed.id} needs pack ${pack}, which is missing`);
      continue;
    }
    try {
      await reader.verifiedState(parsed.id);
      snapshotsChecked++;
    } catch (err) {
      error(key, `snapshot ${parsed.id} cannot be rebuilt and proven: ${(err as Error).message}`);
    }
  }
  const referenced = new Set([...records.values()].map((r) => r.storage.pack).filter((p): p is string => p !== null));
  for (const p of packs) {
    if (!referenced.has(p)) problems.push({ severity: 'warning', key: p, message: `pack ${p} belongs to no snapshot record (left by an interrupted save); it is ignored` });
  }

  // 3. The ledger chain, and ledger <-> snapshot agreement both ways.
  problems.push(...checkLedgerChain(ledger));
  const ledgerBySnapshot = new Map<string, StoredLedgerEntry>();
  for (const l of ledger) {
    const { entry } = l;
    if (entry.snapshotId !== null) ledgerBySnapshot.set(entry.snapshotId, l);
    if (entry.status === 'success' && entry.snapshotId === null) {
      error(l.key, `ledger entry ${entry.seq} (run ${entry.runId}) is a success without a snapshot id`);
      continue;
    }
    if (entry.snapshotId === null) continue;
    const rec = records.get(entry.snapshotId);
    if (!rec) {
      const exists = recordKeys.some((k) => parseRecordKey(k)?.id === entry.snapshotId);
      if (!exists) error(l.key, `ledger entry ${entry.seq} (run ${entry.runId}) names snapshot ${entry.snapshotId}, which is not in the store`);
    } else if (entry.snapshotSha256 !== rec.record.snapshotSha256) {
      error(l.key, `ledger entry ${entry.seq} says snapshot ${entry.snapshotId} has sha256 ${entry.snapshotSha256}, its record says ${rec.record.snapshotSha256}`);
    }
  }
  for (const [id, rec] of records) {
    if (!ledgerBySnapshot.has(id)) {
      error(rec.record.recordKey, `snapshot ${id} has no ledger entry (its run was never recorded, or the entry was removed)`);
    }
  }
  progress?.(total, total, 'done');
  return { objectsChecked: objects.length, snapshotsChecked, ledgerEntries: ledger.length, problems };
}
