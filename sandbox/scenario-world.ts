/**
 * The mutable working state of a scenario while its days are played: resources by key (each
 * resource object is treated as immutable and replaced on change, so old day states stay valid),
 * the sorted key list, a few counters, and the random stream of daily churn. A World can be cloned
 * cheaply for checkpoints; replaying from a checkpoint gives exactly the same days.
 */
import type { Resource, ResourceType } from '../model/resources.ts';
import type { LifecycleSink } from './lifecycle-events.ts';
import { Rng } from './prng.ts';
import type { RngState } from './prng.ts';

export function resourceKey(type: ResourceType, id: string): string {
  // "\0" sorts before every other character, so key order equals (type, id) order.
  return `${type}\u0000${id}`;
}

export interface WorldCounters {
  joinerSeq: number;
  bucketSeq: number;
  policySeq: number;
  joinAcc: number;
  leaveAcc: number;
  editAcc: number;
  bucketAcc: number;
}

/** Running totals the account summary needs, kept up to date by put/remove. */
export interface WorldStats {
  byType: Record<string, number>;
  mfaActive: number;
  policyUses: number;
}

function statsDelta(st: WorldStats, r: Resource, sign: 1 | -1): void {
  st.byType[r.type] = (st.byType[r.type] ?? 0) + sign;
  if (r.type === 'aws.iam.credentials' && r.mfaActive) st.mfaActive += sign;
  else if (r.type === 'aws.iam.policy') st.policyUses += sign * (r.attachmentCount + r.permissionsBoundaryUsageCount);
}

export class World {
  day = 0;
  readonly changed = new Set<string>();
  stats: WorldStats = { byType: {}, mfaActive: 0, policyUses: 0 };
  customerPolicies = 0;
  /**
   * The lifecycle operations record themselves here when set (Scenario.lifecycleEvents replays the
   * days with one); a clone starts without, so replays for stateOn never record twice.
   */
  events: LifecycleSink = null;
  /** While true, put() appends keys unsorted; endBulk() sorts once (initial build). */
  private bulk = false;

  constructor(
    readonly res: Map<string, Resource>,
    readonly keys: string[],
    /** Names of users present, in a stable (history-dependent) order for random picks. */
    readonly userNames: string[],
    readonly userIndex: Map<string, number>,
    /** Member count of each group. */
    readonly groupMembers: Map<string, number>,
    readonly counters: WorldCounters,
    readonly rng: Rng,
  ) {}

  static empty(seed: string): World {
    return new World(new Map(), [], [], new Map(), new Map(), { joinerSeq: 0, bucketSeq: 0, policySeq: 0, joinAcc: 0, leaveAcc: 0, editAcc: 0, bucketAcc: 0 }, new Rng(seed));
  }

  clone(): World {
    const w = new World(
      new Map(this.res),
      this.keys.slice(),
      this.userNames.slice(),
      new Map(this.userIndex),
      new Map(this.groupMembers),
      { ...this.counters },
      new Rng(this.rng.state() as RngState),
    );
    w.day = this.day;
    w.stats = { byType: { ...this.stats.byType }, mfaActive: this.stats.mfaActive, policyUses: this.stats.policyUses };
    w.customerPolicies = this.customerPolicies;
    return w;
  }

  get<T extends ResourceType>(type: T, id: string): Extract<Resource, { type: T }> | undefined {
    return this.res.get(resourceKey(type, id)) as Extract<Resource, { type: T }> | undefined;
  }

  must<T extends ResourceType>(type: T, id: string): Extract<Resource, { type: T }> {
    const r = this.get(type, id);
    if (!r) throw new Error(`scenario: day ${this.day}: no ${type} ${id}`);
    return r;
  }

  put(r: Resource): void {
    const key = resourceKey(r.type, r.id);
    const old = this.res.get(key);
    if (old) this.count(old, -1);
    else if (this.bulk) this.keys.push(key);
    else insertSorted(this.keys, key);
    this.count(r, 1);
    this.res.set(key, r);
    this.changed.add(key);
  }

  private count(r: Resource, sign: 1 | -1): void {
    statsDelta(this.stats, r, sign);
    if (r.type === 'aws.iam.policy' && !r.isAwsManaged) this.customerPolicies += sign;
  }

  beginBulk(): void {
    this.bulk = true;
  }

  endBulk(): void {
    this.bulk = false;
    this.keys.sort();
  }

  /** Replace a resource by a changed copy. */
  update<T extends ResourceType>(type: T, id: string, change: (r: Extract<Resource, { type: T }>) => Extract<Resource, { type: T }>): void {
    this.put(change(this.must(type, id)));
  }

  remove(type: ResourceType, id: string): void {
    const key = resourceKey(type, id);
    const old = this.res.get(key);
    if (!old) throw new Error(`scenario: day ${this.day}: cannot remove missing ${type} ${id}`);
    this.count(old, -1);
    this.res.delete(key);
    const i = lowerBound(this.keys, key);
    this.keys.splice(i, 1);
    this.changed.add(key);
  }

  addUserName(name: string): void {
    this.userIndex.set(name, this.userNames.length);
    this.userNames.push(name);
  }

  removeUserName(name: string): void {
    const i = this.userIndex.get(name);
    if (i === undefined) throw new Error(`scenario: no user name ${name}`);
    const last = this.userNames.pop() as string;
    if (last !== name) {
      this.userNames[i] = last;
      this.userIndex.set(last, i);
    }
    this.userIndex.delete(name);
  }

  /** The resources in (type, id) order. */
  resources(): Resource[] {
    const out = new Array<Resource>(this.keys.length);
    for (let i = 0; i < this.keys.length; i++) out[i] = this.res.get(this.keys[i] as string) as Resource;
    return out;
  }
}

function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(keys: string[], key: string): void {
  keys.splice(lowerBound(keys, key), 0, key);
}
