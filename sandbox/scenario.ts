/**
 * buildScenario: a deterministic simulated AWS organization that changes day by day, with planted
 * violations and the answer key of every check failure they cause.
 *
 * Time model: the snapshot of day d is taken at 02:00 UTC of start + d days and sees stateOn(d).
 * Changes "of day d" happen on the calendar day before, between 03:00 and 24:00 UTC, so any capture
 * time between 02:00 and 03:00 UTC judges the same state the same way (ages included).
 */
import type { GuardDutyFinding, Resource } from '../model/resources.ts';
import type { AnswerKeyEntry } from './answer-key.ts';
import { deriveAnswerKey } from './answer-key.ts';
import type { LifecycleEvent } from './lifecycle-events.ts';
import { DAY_MS, HOUR_MS, SNAPSHOT_HOUR, dayString, makeContext, profileOf, userArn } from './scenario-context.ts';
import type { ScenarioContext } from './scenario-context.ts';
import { playChurn } from './scenario-churn.ts';
import { buildInitialWorld } from './scenario-initial.ts';
import type { InitialLayout } from './scenario-initial.ts';
import { refreshSummary } from './scenario-ops.ts';
import { planViolations } from './scenario-plants.ts';
import type { Plant, PlantedViolation } from './scenario-plants.ts';
import { findingArchived, findingVisible, findingsOf, ledgerKeyId, toFinding } from './scenario-regional.ts';
import { resolveSize } from './scenario-sizes.ts';
import type { ScenarioPreset, ScenarioSize } from './scenario-sizes.ts';
import type { World } from './scenario-world.ts';

export type { AnswerKeyEntry } from './answer-key.ts';
export type { PlantedViolation } from './scenario-plants.ts';
export type { LifecycleEvent, LifecycleEventKind } from './lifecycle-events.ts';
export type { ScenarioSize, ScenarioPreset } from './scenario-sizes.ts';

export interface AccountState {
  accountId: string;
  /** Sorted by (type, id), shapes of model/resources.ts. Treat as read-only (objects are shared between days). */
  resources: Resource[];
}

export interface GuardDutyFindingState {
  finding: GuardDutyFinding;
  archived: boolean;
}

export interface BuildScenarioOptions {
  seed: string;
  size: ScenarioSize | ScenarioPreset;
  /** Default 2026-01-01T00:00:00Z. Must be midnight UTC. */
  start?: Date;
  /** Default 365. */
  days?: number;
}

export interface Scenario {
  seed: string;
  accountId: string;
  /** The identity the collector runs as (a clean user of the organization). */
  callerArn: string;
  /** UserId of the caller (GetCallerIdentity). */
  callerUserId: string;
  start: Date;
  days: number;
  size: Required<ScenarioSize>;
  /** S3 canonical user id of the account (bucket owner). */
  ownerCanonicalId: string;
  stateOn(day: number): AccountState;
  /** 02:00 UTC of start + day: when the day's snapshot is taken. */
  snapshotTime(day: number): Date;
  /** YYYY-MM-DD of start + day. */
  dayString(day: number): string;
  /** Whether a user's MFA device (when active) is a virtual device (listed by ListVirtualMFADevices). */
  hasVirtualMfa(userName: string): boolean;
  plantedViolations: PlantedViolation[];
  /** The regions the account uses (home region first): CloudTrail, Config, GuardDuty, KMS and EC2 answer there. */
  regions: string[];
  /** An opt-in region the account has not enabled (ap-east-1): listed by DescribeRegions as not-opted-in, refused by every regional service. */
  optInRegion: string;
  /** The regions a collector should be configured with so its snapshot equals stateOn(day): regions then optInRegion. */
  collectedRegions: string[];
  /** Key id of the ledger signing key (alias/binder-ledger) in the home region: deterministic, listed by ListKeys. */
  ledgerKeyId: string;
  /** Every GuardDuty finding of a region visible on a day's snapshot (archived ones too), sorted by id. */
  guardDutyFindings(region: string, day: number): GuardDutyFindingState[];
  /** Derived lazily on first access (evaluates every day). */
  readonly answerKey: AnswerKeyEntry[];
  /**
   * Every user creation and deletion, group membership change and policy attachment, detachment or
   * inline put/delete of days 1..days-1, as the operations performed them (day 0 is the initial
   * organization). Replayed on first access.
   */
  readonly lifecycleEvents: readonly LifecycleEvent[];
}

const CHECKPOINT_EVERY = 30;
const CACHE_DAYS = 4;

export function buildScenario(options: BuildScenarioOptions): Scenario {
  const start = options.start ?? new Date('2026-01-01T00:00:00Z');
  const days = options.days ?? 365;
  if (!(start instanceof Date) || Number.isNaN(start.getTime()) || start.getTime() % DAY_MS !== 0) {
    throw new Error(`buildScenario: start must be a Date at midnight UTC (got ${String(options.start)})`);
  }
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new Error(`buildScenario: days must be an integer in 1..3660 (got ${days})`);
  if (typeof options.seed !== 'string' || options.seed.length === 0) throw new Error('buildScenario: seed must be a non-empty string');
  const ctx = makeContext(options.seed, resolveSize(options.size), start.getTime(), days);
  const plants = planViolations(ctx); // before the initial world: plants set profile overrides
  return new ScenarioImpl(ctx, plants);
}

class ScenarioImpl implements Scenario {
  readonly seed: string;
  readonly accountId: string;
  readonly callerArn: string;
  readonly callerUserId: string;
  readonly start: Date;
  readonly days: number;
  readonly size: Required<ScenarioSize>;
  readonly ownerCanonicalId: string;
  readonly plantedViolations: PlantedViolation[];
  readonly regions: string[];
  readonly optInRegion: string;
  readonly collectedRegions: string[];
  readonly ledgerKeyId: string;
  private readonly layout: InitialLayout;
  private readonly checkpoints = new Map<number, World>();
  private cursor: World;
  private readonly cache = new Map<number, AccountState>();
  private key: AnswerKeyEntry[] | null = null;
  private events: LifecycleEvent[] | null = null;
  private readonly plantEvents: Map<number, ((w: World) => void)[]>;

  constructor(
    private readonly ctx: ScenarioContext,
    plants: Plant[],
  ) {
    const { world, layout } = buildInitialWorld(ctx);
    this.layout = layout;
    this.checkpoints.set(0, world);
    this.cursor = world.clone();
    this.seed = ctx.seed;
    this.accountId = ctx.accountId;
    this.callerArn = userArn(ctx, ctx.collectorName);
    this.callerUserId = world.must('aws.iam.user', this.callerArn).userId;
    this.start = new Date(ctx.startMs);
    this.days = ctx.days;
    this.size = ctx.size;
    this.ownerCanonicalId = ctx.ownerCanonicalId;
    this.regions = [...ctx.regions];
    this.optInRegion = ctx.optInRegion;
    this.collectedRegions = [...ctx.regions, ctx.optInRegion];
    this.ledgerKeyId = ledgerKeyId(ctx);
    this.plantedViolations = plants.map(({ events: _events, ...p }) => p);
    this.plantEvents = new Map();
    for (const p of plants) for (const [d, fns] of p.events) this.plantEvents.set(d, [...(this.plantEvents.get(d) ?? []), ...fns]);
  }

  snapshotTime(day: number): Date {
    return new Date(this.ctx.startMs + day * DAY_MS + SNAPSHOT_HOUR * HOUR_MS);
  }

  dayString(day: number): string {
    return dayString(this.ctx, day);
  }

  hasVirtualMfa(userName: string): boolean {
    return profileOf(this.ctx, userName).virtualMfa;
  }

  guardDutyFindings(region: string, day: number): GuardDutyFindingState[] {
    if (!this.ctx.regions.includes(region)) return [];
    return findingsOf(this.ctx, region)
      .filter((f) => findingVisible(f, day))
      .map((f) => ({ finding: toFinding(f), archived: findingArchived(f, day) }));
  }

  stateOn(day: number): AccountState {
    if (!Number.isInteger(day) || day < 0 || day >= this.days) throw new RangeError(`stateOn: day must be an integer in 0..${this.days - 1} (got ${day})`);
    const hit = this.cache.get(day);
    if (hit) return hit;
    this.cursor = this.worldAt(day, this.cursor);
    const state = { accountId: this.accountId, resources: this.cursor.resources() };
    this.cache.set(day, state);
    if (this.cache.size > CACHE_DAYS) this.cache.delete(this.cache.keys().next().value as number);
    return state;
  }

  /** Moves a world (or a clone of a checkpoint) forward to `day`. */
  private worldAt(day: number, from: World): World {
    let w = from;
    const cp = Math.floor(day / CHECKPOINT_EVERY) * CHECKPOINT_EVERY;
    if (w.day > day || (w.day < cp && this.checkpoints.has(cp))) {
      let best = 0;
      for (const d of this.checkpoints.keys()) if (d <= day && d > best) best = d;
      w = (this.checkpoints.get(best) as World).clone();
    }
    while (w.day < day) this.advance(w);
    return w;
  }

  private advance(w: World): void {
    const d = w.day + 1;
    w.day = d;
    w.changed.clear();
    playChurn(this.ctx, this.layout, w, d);
    for (const fn of this.plantEvents.get(d) ?? []) fn(w);
    refreshSummary(this.ctx, w);
    if (d % CHECKPOINT_EVERY === 0 && !this.checkpoints.has(d)) this.checkpoints.set(d, w.clone());
  }

  get lifecycleEvents(): readonly LifecycleEvent[] {
    if (!this.events) {
      const w = (this.checkpoints.get(0) as World).clone();
      const events: LifecycleEvent[] = [];
      w.events = events;
      while (w.day < this.days - 1) this.advance(w);
      this.events = events;
    }
    return this.events;
  }

  get answerKey(): AnswerKeyEntry[] {
    if (!this.key) {
      this.key = deriveAnswerKey(
        {
          days: this.days,
          dayString: (d) => this.dayString(d),
          walk: (visit) => {
            const w = (this.checkpoints.get(0) as World).clone();
            const get = (key: string): Resource | undefined => w.res.get(key);
            for (let d = 0; d < this.days; d++) {
              if (d > 0) this.advance(w);
              visit(d, d === 0 ? w.keys : w.changed, get, this.snapshotTime(d).getTime());
            }
          },
        },
        this.plantedViolations,
      );
    }
    return this.key;
  }
}
