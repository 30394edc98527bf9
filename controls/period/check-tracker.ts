/**
 * What the period evaluation keeps of one check: the current outcome per resource (to count tallies
 * and to notice transitions), the open failure run per resource, the tallies per snapshot, and the
 * exceptions closed so far. Per-snapshot per-resource results are not kept: a run's last failing
 * snapshot is, by construction, the snapshot before the one where it stopped failing.
 *
 * Exceptions are dated by capture time (when the state was observed), with each snapshot's slot
 * beside it, and their durations run between observations, never between slots.
 */
import type { CheckException, Outcome, SnapshotTally } from '../../model/evaluation.ts';
import type { ResourceType } from '../../model/resources.ts';
import type { SnapshotRecord } from '../../store/types.ts';
import type { Check } from '../check.ts';

interface OpenRun {
  firstSeen: string;
  firstSeenSlot: string | null;
  firstSnapshotId: string;
  reason: string;
}

interface PairState {
  type: ResourceType;
  id: string;
  outcome: Outcome;
  run: OpenRun | null;
}

const DAY_MS = 86_400_000;

function days(fromIso: string, toMs: number): number {
  return Math.round(((toMs - Date.parse(fromIso)) / DAY_MS) * 1000) / 1000;
}

export class CheckTracker {
  readonly tallies: SnapshotTally[] = [];
  readonly exceptions: CheckException[] = [];
  passTotal = 0;
  failTotal = 0;
  private pairs = new Map<string, PairState>();
  private counts = { pass: 0, fail: 0, 'not-applicable': 0 };
  private source = '';
  private previous: SnapshotRecord | null = null;

  constructor(
    readonly check: Check,
    /** Open exceptions are measured up to here (period end, or "now" in a period still running). */
    private readonly openUntilMs: number,
    /** The schedule slot of each snapshot (null: off-schedule); a snapshot not in it has none. */
    private readonly slotOf: ReadonlyMap<string, string | null> = new Map(),
  ) {}

  /** Resources of the target type currently judged. */
  get judged(): number {
    return this.pairs.size;
  }

  startSource(source: string): void {
    this.source = source;
    this.pairs = new Map();
    this.counts = { pass: 0, fail: 0, 'not-applicable': 0 };
    this.previous = null;
  }

  /** The verdict on a resource in snapshot `at` (only called when it may have changed). */
  record(type: ResourceType, id: string, outcome: Outcome, reason: string, at: SnapshotRecord): void {
    const key = `${type}\u0000${id}`;
    let pair = this.pairs.get(key);
    if (!pair) this.pairs.set(key, (pair = { type, id, outcome, run: null }));
    else this.counts[pair.outcome]--;
    this.counts[outcome]++;
    pair.outcome = outcome;
    if (outcome === 'fail') {
      if (!pair.run) pair.run = { firstSeen: at.capturedAt, firstSeenSlot: this.slot(at), firstSnapshotId: at.id, reason };
    } else if (pair.run) {
      this.close(pair, pair.run, at);
      pair.run = null;
    }
  }

  /** The resource is no longer in the snapshot `at`: a failure run ends there. */
  gone(type: ResourceType, id: string, at: SnapshotRecord): void {
    const key = `${type}\u0000${id}`;
    const pair = this.pairs.get(key);
    if (!pair) return;
    this.counts[pair.outcome]--;
    if (pair.run) this.close(pair, pair.run, at);
    this.pairs.delete(key);
  }

  endSnapshot(at: SnapshotRecord): void {
    this.tallies.push({
      snapshotId: at.id,
      source: at.source,
      scheduledFor: at.scheduledFor,
      pass: this.counts.pass,
      fail: this.counts.fail,
      notApplicable: this.counts['not-applicable'],
    });
    this.passTotal += this.counts.pass;
    this.failTotal += this.counts.fail;
    this.previous = at;
  }

  /** Runs still failing at the source's last snapshot become open exceptions. */
  endSource(): void {
    const last = this.previous;
    if (!last) return;
    for (const pair of this.pairs.values()) {
      if (!pair.run) continue;
      this.exceptions.push(this.exception(pair, pair.run, last, null));
    }
    this.pairs = new Map();
  }

  private slot(at: SnapshotRecord): string | null {
    return this.slotOf.get(at.id) ?? null;
  }

  private close(pair: PairState, run: OpenRun, fixedIn: SnapshotRecord): void {
    // A run opened in snapshot i can only close in a later one, so `previous` is set and failing.
    const lastFailing = this.previous!;
    this.exceptions.push(this.exception(pair, run, lastFailing, fixedIn));
  }

  private exception(
    pair: PairState,
    run: OpenRun,
    lastFailing: SnapshotRecord,
    fixedIn: SnapshotRecord | null,
  ): CheckException {
    return {
      checkId: this.check.id,
      source: this.source,
      resourceType: pair.type,
      resourceId: pair.id,
      firstSeen: run.firstSeen,
      firstSeenSlot: run.firstSeenSlot,
      lastSeen: lastFailing.capturedAt,
      lastSeenSlot: this.slot(lastFailing),
      fixedAt: fixedIn ? fixedIn.capturedAt : null,
      fixedAtSlot: fixedIn ? this.slot(fixedIn) : null,
      open: fixedIn === null,
      durationDays: days(
        run.firstSeen,
        fixedIn
          ? Date.parse(fixedIn.capturedAt)
          : Math.max(this.openUntilMs, Date.parse(lastFailing.capturedAt)),
      ),
      reason: run.reason,
      firstSnapshotId: run.firstSnapshotId,
      lastSnapshotId: lastFailing.id,
      fixedSnapshotId: fixedIn ? fixedIn.id : null,
    };
  }
}
