/**
 * The resources of one stored snapshot held in memory as canonical JSON plus the parsed (frozen)
 * resource, keyed by (type, id). States of consecutive snapshots share unchanged entries, so
 * stepping from one day to the next costs the churn, and the snapshot hash is computed from the
 * cached canonical strings without re-serializing 25,000 resources.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../model/canonical-json.ts';
import type { Resource } from '../model/resources.ts';
import { compareResources, type Snapshot } from '../model/snapshot.ts';
import { applyFields, diffFields } from './resource-patch.ts';
import type { PackOp } from './pack-codec.ts';
import { StoreError, type ResourceChange } from './types.ts';

export interface StateEntry {
  readonly resource: Resource;
  readonly json: string;
}

export function entryKey(type: string, id: string): string {
  return `${type}\u0000${id}`;
}

export function entryOf(json: string, where: string): StateEntry {
  const resource = deepFreeze(JSON.parse(json)) as Resource;
  if (typeof resource?.type !== 'string' || typeof resource.id !== 'string') {
    throw new StoreError(`${where}: a resource line has no type or id`);
  }
  return { resource, json };
}

export function entryFromResource(resource: Resource): StateEntry {
  return { resource, json: canonicalJson(resource) };
}

export class SnapshotState {
  private sortedCache: StateEntry[] | null = null;

  constructor(
    readonly entries: Map<string, StateEntry>,
    sorted: StateEntry[] | null = null,
  ) {
    this.sortedCache = sorted;
  }

  static fromFullPack(ops: readonly PackOp[], where: string): SnapshotState {
    const entries = new Map<string, StateEntry>();
    for (const op of ops) {
      if (op.op !== 'put') throw new StoreError(`${where}: a full pack holds only resources, found a ${op.op}`);
      const e = entryOf(op.json, where);
      entries.set(entryKey(e.resource.type, e.resource.id), e);
    }
    return new SnapshotState(entries);
  }

  /** The next snapshot's state and the changes that lead to it. */
  applyDelta(ops: readonly PackOp[], where: string): { state: SnapshotState; changes: ResourceChange[] } {
    const next = new Map(this.entries);
    const changes: ResourceChange[] = [];
    applyOps(next, ops, where, changes);
    changes.sort(compareResources);
    return { state: new SnapshotState(next), changes };
  }

  /** Changes from `previous` to this state, by comparing every entry (used for checkpoints). */
  changesSince(previous: SnapshotState): ResourceChange[] {
    const changes: ResourceChange[] = [];
    for (const [k, e] of this.entries) {
      const before = previous.entries.get(k);
      if (!before) changes.push(change('added', e.resource.type, e.resource.id, null, e));
      else if (before.json !== e.json) changes.push(change('changed', e.resource.type, e.resource.id, before, e));
    }
    for (const [k, before] of previous.entries) {
      if (!this.entries.has(k)) changes.push(change('removed', before.resource.type, before.resource.id, before, null));
    }
    return changes.sort(compareResources);
  }

  /** The delta pack ops that turn `previous` into this state (patches when smaller than bodies). */
  deltaFrom(previous: SnapshotState): PackOp[] {
    const ops: PackOp[] = [];
    for (const e of this.sorted()) {
      const before = previous.entries.get(entryKey(e.resource.type, e.resource.id));
      if (before?.json === e.json) continue;
      if (before) {
        const patch = diffFields(before.resource as unknown as Record<string, unknown>, e.resource as unknown as Record<string, unknown>);
        const patched = applyFields(before.resource as unknown as Record<string, unknown>, patch);
        const line = JSON.stringify(['~', e.resource.type, e.resource.id, patch.set, patch.unset]);
        if (canonicalJson(patched) === e.json && line.length < e.json.length) {
          ops.push({ op: 'patch', type: e.resource.type, id: e.resource.id, patch });
          continue;
        }
      }
      ops.push({ op: 'put', json: e.json });
    }
    for (const before of previous.sorted()) {
      if (!this.entries.has(entryKey(before.resource.type, before.resource.id))) {
        ops.push({ op: 'remove', type: before.resource.type, id: before.resource.id });
      }
    }
    return ops.sort((a, b) => compareResources(opKey(a), opKey(b)));
  }

  sorted(): StateEntry[] {
    // Map order follows the previous state's (changed keys keep their place), so this sort of a
    // nearly sorted list is close to linear.
    if (!this.sortedCache) this.sortedCache = [...this.entries.values()].sort((a, b) => compareResources(a.resource, b.resource));
    return this.sortedCache;
  }

  /** sha256 of canonicalJson({schema, provenance, resources}), streamed from the cached strings. */
  snapshotSha256(schema: string, provenance: unknown): string {
    const h = createHash('sha256');
    for (const chunk of this.canonicalChunks(schema, provenance)) h.update(chunk);
    return h.digest('hex');
  }

  /** canonicalJson({schema, provenance, resources}) in pieces, from the cached strings (never one whole string). */
  *canonicalChunks(schema: string, provenance: unknown): Generator<string> {
    yield `{"provenance":${canonicalJson(provenance)},"resources":[`;
    // Joined in chunks: one piece per resource costs more than hashing or writing it; 64 resources
    // (tens of kB) keep each piece small enough to die young instead of growing the old generation.
    const sorted = this.sorted();
    for (let i = 0; i < sorted.length; i += 64) {
      const chunk = sorted.slice(i, i + 64).map((e) => e.json).join(',');
      yield i === 0 ? chunk : ',' + chunk;
    }
    yield `],"schema":${JSON.stringify(schema)}}`;
  }

  toSnapshot(schema: Snapshot['schema'], provenance: Snapshot['provenance']): Snapshot {
    return { schema, provenance, resources: this.sorted().map((e) => e.resource) };
  }
}

/** Applies delta ops to a map of entries in place; collects the changes when asked. */
export function applyOps(entries: Map<string, StateEntry>, ops: readonly PackOp[], where: string, changes: ResourceChange[] | null): void {
  for (const op of ops) {
    if (op.op === 'put') {
      // A copy, not the line itself: a line is a slice of its pack's whole text, and one kept line
      // would keep that day's pack alive for as long as the resource goes unchanged.
      const e = entryOf(JSON.parse(JSON.stringify(op.json)) as string, where);
      const k = entryKey(e.resource.type, e.resource.id);
      const before = entries.get(k) ?? null;
      entries.set(k, e);
      changes?.push(change(before ? 'changed' : 'added', e.resource.type, e.resource.id, before, e));
    } else if (op.op === 'patch') {
      const k = entryKey(op.type, op.id);
      const before = entries.get(k);
      if (!before) throw new StoreError(`${where}: patch for ${op.type} ${op.id}, which the previous snapshot does not hold`);
      const patched = applyFields(before.resource as unknown as Record<string, unknown>, op.patch) as unknown as Resource;
      const e: StateEntry = { resource: deepFreeze(patched), json: canonicalJson(patched) };
      entries.set(k, e);
      changes?.push(change('changed', op.type, op.id, before, e));
    } else {
      const k = entryKey(op.type, op.id);
      const before = entries.get(k);
      if (!before) throw new StoreError(`${where}: removal of ${op.type} ${op.id}, which the previous snapshot does not hold`);
      entries.delete(k);
      changes?.push(change('removed', op.type, op.id, before, null));
    }
  }
}

function opKey(op: PackOp): { type: string; id: string } {
  if (op.op === 'put') {
    const r = JSON.parse(op.json) as { type: string; id: string };
    return { type: r.type, id: r.id };
  }
  return { type: op.type, id: op.id };
}

function change(kind: ResourceChange['kind'], type: Resource['type'], id: string, before: StateEntry | null, after: StateEntry | null): ResourceChange {
  return {
    kind,
    type,
    id,
    before: before?.resource ?? null,
    after: after?.resource ?? null,
    beforeSha256: before ? createHash('sha256').update(before.json).digest('hex') : null,
    afterSha256: after ? createHash('sha256').update(after.json).digest('hex') : null,
  };
}

/** Cached resources are shared between states and callers: freezing makes a stray mutation fail loudly. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
