/**
 * Reads snapshot records and rebuilds snapshot states (checkpoint + deltas), with bounded
 * in-memory caches so walking a period day by day costs the churn per day, not a full rebuild.
 * verify() uses a fresh reader so nothing cached can hide what is on the backend now.
 */
import { decodePack, type PackOp } from './pack-codec.ts';
import { decodeRecordFile, type RecordFile } from './record-file.ts';
import { recordKeyOf } from './snapshot-keys.ts';
import { applyOps, SnapshotState, type StateEntry } from './snapshot-state.ts';
import { IntegrityError, StoreError, type ObjectBackend, type ResourceChange } from './types.ts';

/** A Map that forgets its oldest entries beyond `limit`. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K);
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  clear(): void {
    this.map.clear();
  }
}

export interface ReaderLimits {
  states: number;
  records: number;
  changes: number;
}

export class SnapshotReader {
  private readonly records: Lru<string, RecordFile>;
  private readonly states: Lru<string, SnapshotState>;
  private readonly changeLists: Lru<string, ResourceChange[]>;
  /** Ids whose rebuilt state has been hashed and matched snapshotSha256. */
  private readonly verified = new Set<string>();
  /** Pack keys read while rebuilding (verify reports packs nobody reads). */
  readonly packsRead = new Set<string>();

  constructor(
    private readonly backend: ObjectBackend,
    limits: ReaderLimits,
  ) {
    this.records = new Lru(limits.records);
    this.states = new Lru(limits.states);
    this.changeLists = new Lru(limits.changes);
  }

  async record(id: string): Promise<RecordFile> {
    const cached = this.records.get(id);
    if (cached) return cached;
    const key = recordKeyOf(id);
    const file = decodeRecordFile(await this.backend.get(key), key);
    if (file.record.id !== id) throw new StoreError(`snapshot record ${key} holds id ${file.record.id}, expected ${id}`, key);
    this.records.set(id, file);
    return file;
  }

  /** Remembers what saveSnapshot just wrote, so the next day's save and load start from it. */
  remember(file: RecordFile, state: SnapshotState, changes: ResourceChange[] | null): void {
    this.records.set(file.record.id, file);
    this.states.set(file.record.id, state);
    this.verified.add(file.record.id);
    if (changes) this.changeLists.set(file.record.id, changes);
  }

  /** The state of snapshot `id`: from the nearest cached state or checkpoint, applying deltas forward. */
  async state(id: string): Promise<SnapshotState> {
    const cached = this.states.get(id);
    if (cached) return cached;
    const chain: RecordFile[] = [];
    const seen = new Set<string>();
    let base: SnapshotState | null = null;
    let cur: string = id;
    for (;;) {
      const hit = this.states.get(cur);
      if (hit) {
        base = hit;
        break;
      }
      if (seen.has(cur)) throw new StoreError(`snapshot ${id}: the chain of previous snapshots loops at ${cur}`, recordKeyOf(cur));
      seen.add(cur);
      const rec = await this.record(cur);
      chain.push(rec);
      if (rec.storage.kind === 'checkpoint') break;
      if (rec.record.previousId === null) {
        throw new StoreError(`snapshot record ${rec.record.recordKey} is a delta without a previous snapshot`, rec.record.recordKey);
      }
      cur = rec.record.previousId;
    }
    // Replay in one working map (no copy per day); only the requested state is kept. The last
    // step keeps its changes, so loadChanges right after loadSnapshot is free.
    let work: Map<string, StateEntry> | null = null;
    let state: SnapshotState | null = null;
    const ordered = chain.reverse();
    for (const [i, rec] of ordered.entries()) {
      const ops = await this.packOps(rec);
      const where = `snapshot ${rec.record.id} (pack ${rec.storage.pack})`;
      if (rec.storage.kind === 'checkpoint') {
        work = SnapshotState.fromFullPack(ops, where).entries;
      } else if (i === ordered.length - 1) {
        const step = (work ? new SnapshotState(work) : base!).applyDelta(ops, where);
        this.changeLists.set(rec.record.id, step.changes);
        state = step.state;
      } else {
        work ??= new Map(base!.entries);
        applyOps(work, ops, where, null);
      }
    }
    state ??= new SnapshotState(work!);
    this.states.set(id, state);
    return state;
  }

  /** The state of `id`, hashed once and proven equal to the hash taken at collection time. */
  async verifiedState(id: string): Promise<{ state: SnapshotState; file: RecordFile }> {
    const file = await this.record(id);
    const state = await this.state(id);
    if (!this.verified.has(id)) {
      const actual = state.snapshotSha256(file.schema, file.provenance);
      if (actual !== file.record.snapshotSha256) {
        throw new IntegrityError(
          `snapshot ${id} rebuilt from ${file.record.recordKey} hashes to ${actual}, but its collection-time sha256 is ${file.record.snapshotSha256}`,
          file.record.recordKey,
        );
      }
      this.verified.add(id);
    }
    return { state, file };
  }

  async changes(id: string): Promise<ResourceChange[]> {
    const cached = this.changeLists.get(id);
    if (cached) return cached;
    const file = await this.record(id);
    const prevId = file.record.previousId;
    let changes: ResourceChange[];
    if (file.storage.kind === 'delta' && prevId !== null) {
      const prev = await this.state(prevId);
      const step = prev.applyDelta(await this.packOps(file), `snapshot ${id} (pack ${file.storage.pack})`);
      if (!this.states.has(id)) this.states.set(id, step.state);
      changes = step.changes;
    } else {
      const state = await this.state(id);
      const prev = prevId === null ? null : await this.state(prevId);
      changes = state.changesSince(prev ?? new SnapshotState(new Map()));
    }
    this.changeLists.set(id, changes);
    return changes;
  }

  private async packOps(rec: RecordFile): Promise<PackOp[]> {
    const key = rec.storage.pack;
    if (key === null) {
      if (rec.storage.kind === 'checkpoint') throw new StoreError(`snapshot record ${rec.record.recordKey} is a checkpoint without a pack`, rec.record.recordKey);
      return [];
    }
    this.packsRead.add(key);
    const pack = decodePack(await this.backend.get(key), key);
    const expected = rec.storage.kind === 'checkpoint' ? 'full' : 'delta';
    if (pack.kind !== expected) throw new StoreError(`pack ${key} is a ${pack.kind} pack but ${rec.record.recordKey} needs a ${expected} pack`, key);
    return pack.ops;
  }
}
