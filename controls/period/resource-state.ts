/**
 * The resources of one source as of the snapshot being evaluated, kept up to date by applying each
 * snapshot's change record instead of reloading the whole snapshot. Builds the SnapshotIndex checks
 * read only when a check actually needs evaluating, and keeps (type, id) order without re-sorting
 * unless something was added.
 */
import { canonicalJson } from '../../model/canonical-json.ts';
import type { Resource, ResourceType } from '../../model/resources.ts';
import type { ResourceChange } from '../../store/types.ts';
import { SnapshotIndex } from '../snapshot-index.ts';

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class ResourceState {
  private readonly byType = new Map<ResourceType, Map<string, Resource>>();
  /** Types that had additions since their map was last put in id order. */
  private readonly unsorted = new Set<ResourceType>();
  /** Largest id inserted per type: appending a larger id keeps the map in order. */
  private readonly lastId = new Map<ResourceType, string>();
  private index: SnapshotIndex | null = null;
  private count = 0;

  constructor(resources: readonly Resource[] = []) {
    for (const r of resources) this.put(r);
  }

  get size(): number {
    return this.count;
  }

  ofType(type: ResourceType): ReadonlyMap<string, Resource> {
    return this.byType.get(type) ?? new Map();
  }

  get(type: ResourceType, id: string): Resource | undefined {
    return this.byType.get(type)?.get(id);
  }

  /** Applies one snapshot's changes (relative to the state held now). */
  apply(changes: readonly ResourceChange[]): void {
    for (const c of changes) {
      if (c.kind === 'removed') this.remove(c.type, c.id);
      else if (c.after) this.put(c.after);
    }
  }

  /**
   * Changes that turn this state into `next` (used when a store's change chain does not line up
   * with the snapshots being evaluated). O(resources); the normal path uses the store's changes.
   */
  changesTo(next: readonly Resource[]): ResourceChange[] {
    const out: ResourceChange[] = [];
    const seen = new Set<string>();
    for (const after of next) {
      seen.add(`${after.type}\u0000${after.id}`);
      const before = this.get(after.type, after.id) ?? null;
      if (!before)
        out.push({
          kind: 'added',
          type: after.type,
          id: after.id,
          before: null,
          after,
          beforeSha256: null,
          afterSha256: null,
        });
      else if (canonicalJson(before) !== canonicalJson(after)) {
        out.push({
          kind: 'changed',
          type: after.type,
          id: after.id,
          before,
          after,
          beforeSha256: null,
          afterSha256: null,
        });
      }
    }
    for (const [type, map] of this.byType) {
      for (const [id, before] of map) {
        if (!seen.has(`${type}\u0000${id}`))
          out.push({ kind: 'removed', type, id, before, after: null, beforeSha256: null, afterSha256: null });
      }
    }
    return out.sort((a, b) => (a.type !== b.type ? byId(a.type, b.type) : byId(a.id, b.id)));
  }

  /** The lookups checks use, over the current resources in (type, id) order. */
  snapshotIndex(): SnapshotIndex {
    if (this.index) return this.index;
    const all: Resource[] = [];
    for (const type of [...this.byType.keys()].sort(byId)) {
      for (const r of this.sortedMap(type).values()) all.push(r);
    }
    this.index = new SnapshotIndex(all);
    return this.index;
  }

  private sortedMap(type: ResourceType): Map<string, Resource> {
    const map = this.byType.get(type)!;
    if (!this.unsorted.has(type)) return map;
    const sorted = new Map([...map.entries()].sort((a, b) => byId(a[0], b[0])));
    this.byType.set(type, sorted);
    this.unsorted.delete(type);
    return sorted;
  }

  private put(r: Resource): void {
    this.index = null;
    let map = this.byType.get(r.type);
    if (!map) this.byType.set(r.type, (map = new Map()));
    if (!map.has(r.id)) {
      this.count++;
      const last = this.lastId.get(r.type);
      if (last !== undefined && r.id < last) this.unsorted.add(r.type);
      else this.lastId.set(r.type, r.id);
    }
    map.set(r.id, r); // replacing keeps the key's position, so order holds
  }

  private remove(type: ResourceType, id: string): void {
    this.index = null;
    const map = this.byType.get(type);
    if (map?.delete(id)) this.count--;
  }
}
