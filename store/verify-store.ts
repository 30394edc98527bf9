/**
 * Full verification of an evidence store: the marker, every object re-hashed, every snapshot (up to
 * scope.through) rebuilt and compared with its collection-time hash, the signed ledger chain, the
 * ledger against the snapshots and against heads recorded in binders, the fieldwork journal and its
 * documents (verify-journal.ts). Every problem found is reported with its key; nothing is thrown
 * for what the store holds.
 */
import { sha256Hex } from '../model/canonical-json.ts';
import { checkLedgerChain, decodeLedgerEntry, type ChainItem, type StoredLedgerEntry } from './ledger.ts';
import { decodeRecordFile, type RecordFile } from './record-file.ts';
import { SnapshotReader } from './snapshot-reader.ts';
import { SlotClaim } from './slot-claim.ts';
import { ARTIFACTS_PREFIX, CLAIMS_PREFIX, LEDGER_PREFIX, ledgerSeqOf, packHashOf, parseRecordKey, PACKS_PREFIX, SNAPSHOTS_PREFIX } from './snapshot-keys.ts';
import { readStoreMarker, STORE_MARKER_KEY, trustedLedgerKeys, type StoreMarker } from './store-marker.ts';
import { IntegrityError, type ObjectBackend, type ProgressFn, type StoredObjectInfo, type StoreProblem, type StoreVerifyReport, type VerifyScope } from './types.ts';
import { checkLedgerRuns } from './verify-ledger-runs.ts';
import { checkJournal, checkJournalHeads, type DocumentObject, type JournalObject } from './verify-journal.ts';
import { DOCUMENTS_PREFIX, JOURNAL_PREFIX } from './journal.ts';

/**
 * What verification can hand on while it holds each snapshot it rebuilt: a binder build writes the
 * snapshots it cites from here instead of rebuilding them a second time.
 */
export interface VerifiedSnapshotSink {
  /**
   * Called once for each snapshot proven equal to its collection-time hash, with the exact bytes
   * that were hashed (the snapshot's canonical JSON) in pieces. A failure of the sink is thrown,
   * not reported: it says nothing about the store.
   */
  onVerifiedSnapshot?: (id: string, canonical: () => Iterable<string>) => Promise<void>;
}

export async function verifyEvidenceStore(backend: ObjectBackend, progress?: ProgressFn, scope: VerifyScope & VerifiedSnapshotSink = {}): Promise<StoreVerifyReport> {
  const problems: StoreProblem[] = [];
  const error = (key: string | null, message: string) => problems.push({ severity: 'error', key, message });
  const report = (extra: Partial<StoreVerifyReport>): StoreVerifyReport => ({
    objectsChecked: 0,
    snapshotsChecked: 0,
    ledgerEntries: 0,
    journalEntries: 0,
    journalHead: null,
    problems,
    head: null,
    unfinishedRuns: [],
    ...extra,
  });

  let marker: StoreMarker | null = null;
  try {
    marker = await readStoreMarker(backend);
    if (!marker) error(STORE_MARKER_KEY, `${backend.location} has no store marker ${STORE_MARKER_KEY}: it is not a binder evidence store, or its marker was removed`);
  } catch (err) {
    error(STORE_MARKER_KEY, (err as Error).message);
  }
  const trusted = marker ? trustedLedgerKeys(marker) : new Map();
  if (marker && scope.ledgerKey && !trusted.has(scope.ledgerKey.fingerprint)) {
    error(
      STORE_MARKER_KEY,
      `the store marker lists ledger key(s) ${[...trusted.keys()].join(', ')}, not the key ${scope.ledgerKey.fingerprint} of ${scope.ledgerKey.label}: the marker was replaced (and the ledger re-signed), or this is another store`,
    );
  }

  let objects: StoredObjectInfo[];
  try {
    objects = await backend.list('');
  } catch (err) {
    error(null, `cannot list ${backend.location}: ${(err as Error).message}`);
    return report({});
  }
  const recordKeys = objects.filter((o) => o.key.startsWith(SNAPSHOTS_PREFIX)).map((o) => o.key);
  const objectKeys = new Set(objects.map((o) => o.key));
  const total = objects.length + recordKeys.length;
  let done = 0;

  // 1. Every object: re-read (the backend verifies its sha256) and decode what we can.
  const ledger: StoredLedgerEntry[] = [];
  const chain: ChainItem[] = [];
  const records = new Map<string, { file: RecordFile; runId: string }>();
  const recordIds = new Set<string>();
  const packs = new Set<string>();
  const journal: JournalObject[] = [];
  const documents: DocumentObject[] = [];
  for (const o of objects) {
    progress?.(done++, total, o.key);
    const seq = o.key.startsWith(LEDGER_PREFIX) ? ledgerSeqOf(o.key) : null;
    let bytes: Uint8Array;
    try {
      bytes = await backend.get(o.key);
    } catch (err) {
      error(o.key, (err as Error).message);
      // A damaged ledger entry still links the chain by the hash of its bytes.
      if (seq !== null && err instanceof IntegrityError) {
        const raw = await backend.getUnchecked(o.key).catch(() => null);
        if (raw) chain.push({ key: o.key, seq, sha256: sha256Hex(raw), stored: null });
      }
      // Journal entries and documents are still checked on the bytes that are there.
      if (o.key.startsWith(JOURNAL_PREFIX) || o.key.startsWith(DOCUMENTS_PREFIX)) {
        const raw = err instanceof IntegrityError ? await backend.getUnchecked(o.key).catch(() => null) : null;
        if (o.key.startsWith(JOURNAL_PREFIX)) journal.push({ key: o.key, bytes: raw });
        else documents.push({ key: o.key, sha256: raw ? sha256Hex(raw) : null, size: raw ? raw.length : null });
      }
      continue;
    }
    try {
      if (o.key === STORE_MARKER_KEY) continue;
      if (o.key.startsWith(PACKS_PREFIX)) {
        const hash = packHashOf(o.key);
        if (hash === null) problems.push({ severity: 'warning', key: o.key, message: `${o.key} is not a pack key` });
        else if (sha256Hex(bytes) !== hash) error(o.key, `pack ${o.key} content hashes to ${sha256Hex(bytes)}, not its content address`);
        else packs.add(o.key);
      } else if (o.key.startsWith(SNAPSHOTS_PREFIX)) {
        const parsed = parseRecordKey(o.key);
        if (!parsed) problems.push({ severity: 'warning', key: o.key, message: `${o.key} is not a snapshot record key` });
        else {
          recordIds.add(parsed.id);
          records.set(parsed.id, { file: decodeRecordFile(bytes, o.key), runId: parsed.runId });
        }
      } else if (o.key.startsWith(LEDGER_PREFIX)) {
        if (seq === null) problems.push({ severity: 'warning', key: o.key, message: `${o.key} is not a ledger entry key` });
        else {
          let stored: StoredLedgerEntry | null = null;
          try {
            stored = decodeLedgerEntry(o.key, bytes);
            ledger.push(stored);
          } finally {
            chain.push({ key: o.key, seq, sha256: sha256Hex(bytes), stored });
          }
        }
      } else if (o.key.startsWith(JOURNAL_PREFIX)) {
        journal.push({ key: o.key, bytes });
      } else if (o.key.startsWith(DOCUMENTS_PREFIX)) {
        documents.push({ key: o.key, sha256: sha256Hex(bytes), size: bytes.length });
      } else if (o.key.startsWith(CLAIMS_PREFIX)) {
        // Claims decide who collects a slot, not what the evidence is; one that is not a claim would block its slot.
        const why = claimProblem(o.key, bytes);
        if (why) problems.push({ severity: 'warning', key: o.key, message: why });
      } else if (!o.key.startsWith(ARTIFACTS_PREFIX)) {
        problems.push({ severity: 'warning', key: o.key, message: `${o.key} is outside the store's layout (${STORE_MARKER_KEY}, snapshots/, packs/, ledger/, journal/, documents/, claims/, artifacts/)` });
      }
    } catch (err) {
      error(o.key, (err as Error).message);
    }
  }
  if (backend.inspect) {
    try {
      problems.push(...(await backend.inspect()));
    } catch (err) {
      error(null, `cannot inspect ${backend.location}: ${(err as Error).message}`);
    }
  }

  // 2. Every snapshot (up to scope.through) rebuilt from its checkpoint and deltas, in order, and its hash compared.
  const reader = new SnapshotReader(backend, { states: 3, records: 4096, changes: 1 });
  let snapshotsChecked = 0;
  for (const key of recordKeys) {
    progress?.(done++, total, key);
    const parsed = parseRecordKey(key);
    if (!parsed || !records.has(parsed.id)) continue; // already reported
    if (scope.through && parsed.scheduledFor > scope.through) continue;
    const { file } = records.get(parsed.id)!;
    const pack = file.storage.pack;
    if (pack !== null && !packs.has(pack) && !objectKeys.has(pack)) {
      error(key, `snapshot ${parsed.id} needs pack ${pack}, which is missing`);
      continue;
    }
    let verified: Awaited<ReturnType<SnapshotReader['verifiedState']>>;
    try {
      verified = await reader.verifiedState(parsed.id);
      snapshotsChecked++;
    } catch (err) {
      error(key, `snapshot ${parsed.id} cannot be rebuilt and proven: ${(err as Error).message}`);
      continue;
    }
    const { state, file: proven } = verified;
    await scope.onVerifiedSnapshot?.(parsed.id, () => state.canonicalChunks(proven.schema, proven.provenance));
  }
  const referenced = new Set([...records.values()].map((r) => r.file.storage.pack).filter((p): p is string => p !== null));
  for (const p of packs) {
    if (!referenced.has(p)) problems.push({ severity: 'warning', key: p, message: `pack ${p} belongs to no snapshot record (left by an interrupted save); it is ignored` });
  }

  // 3. The signed ledger chain, the ledger against the snapshots, and recorded heads.
  problems.push(...checkLedgerChain(chain, trusted));
  const shaBySeq = new Map(chain.map((c) => [c.seq, c.sha256]));
  const runs = checkLedgerRuns({ ledger, shaBySeq, records, recordIds, marker, against: scope.against });
  problems.push(...runs.problems);

  // 4. The fieldwork journal and the documents it attaches.
  const journalCheck = checkJournal(journal, documents, trusted);
  problems.push(...journalCheck.problems);
  problems.push(...checkJournalHeads(scope.against ?? [], journalCheck.shaBySeq));

  const last = [...chain].sort((a, b) => a.seq - b.seq).pop();
  const head = marker
    ? { storeId: marker.storeId, headSeq: last?.seq ?? 0, headSha256: last?.sha256 ?? null, keyFingerprints: marker.ledgerKeys.map((k) => k.fingerprint) }
    : null;
  progress?.(total, total, 'done');
  return report({ objectsChecked: objects.length, snapshotsChecked, ledgerEntries: chain.length, journalEntries: journal.length, journalHead: journalCheck.head, head, unfinishedRuns: runs.unfinishedRuns });
}

function claimProblem(key: string, bytes: Uint8Array): string | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return `${key} is not JSON: not a slot claim`;
  }
  if (key.startsWith(`${CLAIMS_PREFIX}once/`)) return null;
  const checked = SlotClaim.safeParse(value);
  return checked.success ? null : `${key} is not a valid slot claim (${checked.error.issues[0]?.path.join('.') || 'root'}: ${checked.error.issues[0]?.message}): collection of its slot will stop with an error`;
}
