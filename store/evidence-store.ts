/**
 * The evidence store: snapshots, their changes and the run ledger on top of any ObjectBackend.
 *
 * A snapshot is stored as one pack plus one record (key layout in snapshot-keys.ts):
 *  - the first snapshot of a source, and every `checkpointEvery`-th after it, is a checkpoint:
 *    a full pack of every resource's canonical JSON;
 *  - the others are deltas: a pack of only what changed since the previous snapshot of the same
 *    source (added bodies, field patches, removals);
 *  - the record (written last) holds the SnapshotRecord, the provenance (its API calls as a
 *    compact call log, record-file.ts), the pack key and the full snapshot's sha256 taken before
 *    storing, so any day is rebuilt and proven identical. A pack without a record is an orphan from an interrupted save: never listed.
 * Why deltas of fields rather than content-addressed bodies with per-day hash lists: at 25,000
 * resources a hash list alone is ~0.7 of a compressed snapshot per day; see store/README.md.
 */
import { canonicalJson, sha256Hex } from '../model/canonical-json.ts';
import { compareResources, type Snapshot } from '../model/snapshot.ts';
import { claimOnce, claimSlot, currentSlotClaim, type ClaimRequest, type ClaimResult, type SlotClaim } from './slot-claim.ts';
import { appendLedgerEntry, ledgerFromNewest, readLedgerEntries } from './ledger.ts';
import { appendJournalEntry, documentKeyOf, putDocument, readJournalEntries } from './journal.ts';
import type { JournalEntry, NewJournalEntry } from './journal-types.ts';
import type { LedgerSigner } from './ledger-signature.ts';
import { readStoreMarker } from './store-marker.ts';
import { assertValidKey } from './object-key.ts';
import { encodePack, type PackOp } from './pack-codec.ts';
import { encodeRecordFile, RECORD_FORMAT, type RecordFile } from './record-file.ts';
import { SnapshotReader } from './snapshot-reader.ts';
import { ARTIFACTS_PREFIX, LEDGER_PREFIX, ledgerSeqOf, packKeyOf, parseRecordKey, recordKeyOf, SNAPSHOTS_PREFIX, snapshotIdOf } from './snapshot-keys.ts';
import { entryKey, entryOf, SnapshotState, type StateEntry } from './snapshot-state.ts';
import { verifyEvidenceStore } from './verify-store.ts';
import {
  ObjectExistsError,
  StoreError,
  type EvidenceStore,
  type LedgerEntry,
  type LedgerHead,
  type ListSnapshotsFilter,
  type NewLedgerEntry,
  type ObjectBackend,
  type ProgressFn,
  type SnapshotChanges,
  type SnapshotRecord,
  type StoredObjectInfo,
  type StoreVerifyReport,
  type VerifyScope,
} from './types.ts';

export interface EvidenceStoreOptions {
  /**
   * A full checkpoint every this many snapshots of a source (default 365). A checkpoint costs
   * about one compressed snapshot, a daily delta well under 1% of one, so a year of dailies
   * affords one; rebuilding any snapshot reads at most this many small delta packs.
   */
  checkpointEvery?: number;
  /** Snapshot states kept in memory (each shares unchanged resources with its neighbours). */
  cachedStates?: number;
  /** gzip level for packs and records (default 9). */
  compressionLevel?: number;
  /** Signs ledger entries (the collector's ledger key); a store without one can be read but not appended to. */
  ledgerSigner?: LedgerSigner;
}

export class SnapshotShapeError extends StoreError {}

export function createEvidenceStore(backend: ObjectBackend, options: EvidenceStoreOptions = {}): EvidenceStore {
  return new BackendEvidenceStore(backend, options);
}

class BackendEvidenceStore implements EvidenceStore {
  readonly location: string;
  private readonly checkpointEvery: number;
  private readonly level: number;
  private readonly reader: SnapshotReader;

  constructor(
    private readonly backend: ObjectBackend,
    private readonly options: EvidenceStoreOptions,
  ) {
    this.location = backend.location;
    this.checkpointEvery = Math.max(1, options.checkpointEvery ?? 365);
    this.level = options.compressionLevel ?? 9;
    this.reader = new SnapshotReader(backend, { states: Math.max(2, options.cachedStates ?? 4), records: 4096, changes: 16 });
  }

  async saveSnapshot(snapshot: Snapshot, runId: string): Promise<SnapshotRecord> {
    assertSnapshotShape(snapshot);
    const { provenance } = snapshot;
    const id = snapshotIdOf(provenance.source, provenance.scheduledFor, runId);
    const recordKey = recordKeyOf(id);
    if (await this.backend.exists(recordKey)) {
      throw new ObjectExistsError(`snapshot ${id} is already stored (${recordKey}); a run id is used once`, recordKey);
    }

    const previous = await this.previousRecord(provenance.source, recordKey);
    let prevState: SnapshotState | null = null;
    if (previous && previous.storage.chainLength + 1 < this.checkpointEvery) {
      // A previous snapshot that cannot be rebuilt must not stop collection: start a new checkpoint.
      prevState = await this.reader.state(previous.record.id).catch(() => null);
    }
    const state = buildState(snapshot, prevState);
    const snapshotSha256 = state.snapshotSha256(snapshot.schema, provenance);

    const isCheckpoint = prevState === null;
    const ops: PackOp[] = isCheckpoint ? state.sorted().map((e) => ({ op: 'put', json: e.json })) : state.deltaFrom(prevState!);
    const packKey = isCheckpoint || ops.length > 0 ? await this.putPack(isCheckpoint, ops) : null;

    const record: SnapshotRecord = {
      id,
      source: provenance.source,
      accountId: provenance.accountId,
      scheduledFor: provenance.scheduledFor,
      offSchedule: provenance.offSchedule === true,
      capturedAt: provenance.finishedAt,
      snapshotSha256,
      resourceCount: snapshot.resources.length,
      previousId: previous?.record.id ?? null,
      recordKey,
    };
    const counts = { added: 0, changed: 0, removed: 0 };
    const changes = prevState ? state.changesSince(prevState) : null;
    for (const c of changes ?? []) counts[c.kind]++;
    const file: RecordFile = {
      format: RECORD_FORMAT,
      record,
      runId,
      schema: snapshot.schema,
      provenance: provenance as unknown as Record<string, unknown>,
      storage: { kind: isCheckpoint ? 'checkpoint' : 'delta', pack: packKey, chainLength: isCheckpoint ? 0 : previous!.storage.chainLength + 1 },
      changes: counts,
    };
    const body = encodeRecordFile(file);
    await this.backend.put(recordKey, body, { sha256: sha256Hex(body), contentType: 'application/gzip' });
    this.reader.remember(file, state, changes);
    return record;
  }

  appendLedger(entry: NewLedgerEntry): Promise<LedgerEntry> {
    const signer = this.options.ledgerSigner;
    if (!signer) return Promise.reject(new StoreError(`${this.location} was opened without a ledger key: ledger entries cannot be signed`));
    return appendLedgerEntry(this.backend, entry, signer);
  }

  appendJournal(entry: NewJournalEntry): Promise<JournalEntry> {
    const signer = this.options.ledgerSigner;
    if (!signer) return Promise.reject(new StoreError(`${this.location} was opened without a ledger key: journal entries cannot be signed`));
    return appendJournalEntry(this.backend, entry, signer);
  }

  async readJournal(): Promise<JournalEntry[]> {
    return (await readJournalEntries(this.backend)).map((s) => s.entry);
  }

  putDocument(bytes: Uint8Array, contentType: string): Promise<{ key: string; sha256: string; created: boolean }> {
    return putDocument(this.backend, bytes, contentType);
  }

  getDocument(sha256: string): Promise<Uint8Array> {
    const key = documentKeyOf(sha256);
    assertValidKey(key);
    return this.backend.get(key);
  }

  async readLedger(): Promise<LedgerEntry[]> {
    return (await readLedgerEntries(this.backend)).map((s) => s.entry);
  }

  async *ledgerFromNewest(): AsyncIterable<LedgerEntry> {
    for await (const s of ledgerFromNewest(this.backend)) yield s.entry;
  }

  snapshotExists(id: string): Promise<boolean> {
    return this.backend.exists(recordKeyOf(id));
  }

  claimSlot(request: ClaimRequest): Promise<ClaimResult> {
    return claimSlot(this.backend, () => this.ledgerFromNewest(), request);
  }

  slotClaim(source: string, slot: string): Promise<SlotClaim | null> {
    return currentSlotClaim(this.backend, source, slot);
  }

  claimOnce(name: string, by: string): Promise<boolean> {
    return claimOnce(this.backend, name, by);
  }

  async ledgerHead(): Promise<LedgerHead> {
    const marker = await readStoreMarker(this.backend);
    if (!marker) throw new StoreError(`${this.location} has no store marker`);
    // The head is the last key's bytes as stored (what the next entry's prevHash must be).
    const keys = (await this.backend.listKeys(LEDGER_PREFIX)).filter((k) => ledgerSeqOf(k) !== null);
    const lastKey = keys[keys.length - 1];
    const headSha256 = lastKey ? sha256Hex(await this.backend.getUnchecked(lastKey)) : null;
    return { storeId: marker.storeId, headSeq: lastKey ? ledgerSeqOf(lastKey)! : 0, headSha256, keyFingerprints: marker.ledgerKeys.map((k) => k.fingerprint) };
  }

  /** Records sorted by scheduledFor, then source, then id. */
  async listSnapshots(filter: ListSnapshotsFilter = {}): Promise<SnapshotRecord[]> {
    const prefix = filter.source === undefined ? SNAPSHOTS_PREFIX : `${SNAPSHOTS_PREFIX}${filter.source}/`;
    const out: SnapshotRecord[] = [];
    for (const key of await this.backend.listKeys(prefix)) {
      const parsed = parseRecordKey(key);
      if (!parsed) continue;
      if (filter.from && parsed.scheduledFor < filter.from) continue;
      if (filter.to && parsed.scheduledFor > filter.to) continue;
      out.push((await this.reader.record(parsed.id)).record);
    }
    return out.sort((a, b) => Date.parse(a.scheduledFor) - Date.parse(b.scheduledFor) || cmp(a.source, b.source) || cmp(a.id, b.id));
  }

  async loadSnapshot(id: string): Promise<Snapshot> {
    const { state, file } = await this.reader.verifiedState(id);
    return state.toSnapshot(file.schema, file.provenance as unknown as Snapshot['provenance']);
  }

  async loadChanges(id: string): Promise<SnapshotChanges> {
    const file = await this.reader.record(id);
    const previous = file.record.previousId === null ? null : (await this.reader.record(file.record.previousId)).record;
    return { snapshot: file.record, previous, changes: await this.reader.changes(id) };
  }

  verify(progress?: ProgressFn, scope?: VerifyScope): Promise<StoreVerifyReport> {
    return verifyEvidenceStore(this.backend, progress, scope);
  }

  async putArtifact(name: string, body: Uint8Array): Promise<StoredObjectInfo> {
    const key = `${ARTIFACTS_PREFIX}${name}`;
    assertValidKey(key);
    return this.backend.put(key, body, { sha256: sha256Hex(body) });
  }

  async listArtifacts(prefix: string): Promise<string[]> {
    return (await this.backend.listKeys(`${ARTIFACTS_PREFIX}${prefix}`)).map((k) => k.slice(ARTIFACTS_PREFIX.length));
  }

  getArtifact(name: string): Promise<Uint8Array> {
    return this.backend.get(`${ARTIFACTS_PREFIX}${name}`);
  }

  /** The latest record of the source whose key sorts before the new one (same slot: earlier run ids). */
  private async previousRecord(source: string, recordKey: string): Promise<RecordFile | null> {
    const keys = (await this.backend.listKeys(`${SNAPSHOTS_PREFIX}${source}/`)).filter((k) => k < recordKey && parseRecordKey(k));
    const last = keys[keys.length - 1];
    // A previous record that cannot be read must not stop collection: the new snapshot is a checkpoint.
    return last ? this.reader.record(parseRecordKey(last)!.id).catch(() => null) : null;
  }

  private async putPack(full: boolean, ops: PackOp[]): Promise<string> {
    const bytes = await encodePack(full ? 'full' : 'delta', ops, this.level);
    const sha = sha256Hex(bytes);
    const key = packKeyOf(sha);
    try {
      await this.backend.put(key, bytes, { sha256: sha, contentType: 'application/gzip' });
    } catch (err) {
      // Content-addressed: an existing pack under this key has exactly these bytes (e.g. left by an interrupted save).
      if (!(err instanceof ObjectExistsError)) throw err;
    }
    return key;
  }
}

/** The state of the incoming snapshot; unchanged resources reuse the previous state's entries. */
function buildState(snapshot: Snapshot, prev: SnapshotState | null): SnapshotState {
  const entries = new Map<string, StateEntry>();
  const sorted: StateEntry[] = [];
  let last: Snapshot['resources'][number] | null = null;
  snapshot.resources.forEach((r, i) => {
    if (last && compareResources(last, r) >= 0) {
      throw new SnapshotShapeError(
        `snapshot resources must be sorted by (type, id) without duplicates: resources[${i}] ${r.type} ${r.id} comes after ${last.type} ${last.id}`,
      );
    }
    last = r;
    if (typeof r.type !== 'string' || typeof r.id !== 'string') throw new SnapshotShapeError(`resources[${i}] has no type or id`);
    const json = canonicalJson(r);
    const k = entryKey(r.type, r.id);
    const before = prev?.entries.get(k);
    // Stored entries are parsed from the canonical JSON (and frozen): the caller's objects stay theirs.
    // Parsed when first read, not here: saving needs only the JSON (hash, pack, patches of the
    // changed few), so a collection does not hold its resources twice as objects.
    const entry = before && before.json === json ? before : lazyEntryOf(json, `resources[${i}]`);
    entries.set(k, entry);
    sorted.push(entry);
  });
  return new SnapshotState(entries, sorted);
}

/** A StateEntry whose resource is entryOf's (parsed from the JSON, frozen), made on first access. */
function lazyEntryOf(json: string, where: string): StateEntry {
  let parsed: StateEntry | null = null;
  return {
    json,
    get resource() {
      parsed ??= entryOf(json, where);
      return parsed.resource;
    },
  };
}

function assertSnapshotShape(snapshot: Snapshot): void {
  const extra = Object.keys(snapshot).filter((k) => !['schema', 'provenance', 'resources'].includes(k) && (snapshot as unknown as Record<string, unknown>)[k] !== undefined);
  if (extra.length > 0) throw new SnapshotShapeError(`snapshot has fields the store does not keep: ${extra.join(', ')}`);
  if (!snapshot.provenance || typeof snapshot.provenance.source !== 'string' || typeof snapshot.provenance.scheduledFor !== 'string') {
    throw new SnapshotShapeError('snapshot.provenance.source and snapshot.provenance.scheduledFor are required');
  }
  if (!Array.isArray(snapshot.resources)) throw new SnapshotShapeError('snapshot.resources must be an array');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
