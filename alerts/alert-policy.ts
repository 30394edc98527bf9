/**
 * Which alerts the unattended scheduler sends, decided from what it observes per source: a run's
 * outcome and a slot that passed without a run. Pure: no clock, no I/O; the caller sends what
 * `observe` returns.
 *
 * - `run-failed`: exactly one per failed run (the same run observed twice is one alert);
 * - `slot-missed`: exactly one per missed slot of a source;
 * - `recovered`: exactly one when a source succeeds after one or more failed runs or missed
 *   slots, saying since when and how many;
 * - a skipped run (another run fills its slot) is no alert and changes nothing.
 *
 * After a restart, `AlertPolicy.fromLedger` rebuilds the state from the store's ledger: a source
 * whose latest finish entries are failed or interrupted is failing (those runs were alerted
 * already), so its next success sends the recovery.
 */
import type { LedgerEntry } from '../store/types.ts';

export type AlertKind = 'run-failed' | 'slot-missed' | 'recovered';

interface AlertBase {
  source: string;
  /** When the observed event happened (ISO). */
  at: string;
}

export interface RunFailedAlert extends AlertBase {
  kind: 'run-failed';
  runId: string;
  /** The slot the run was to fill; null off-schedule. */
  slot: string | null;
  reason: string;
}

export interface SlotMissedAlert extends AlertBase {
  kind: 'slot-missed';
  slot: string;
  runId: null;
  /** Why no run filled it (the scheduler was down, the run never started, ...). */
  reason: string;
}

export interface RecoveredAlert extends AlertBase {
  kind: 'recovered';
  /** The successful run. */
  runId: string;
  slot: string | null;
  reason: null;
  /** When the first failure or miss of the streak happened (ISO). */
  failingSince: string;
  /** at - failingSince, in milliseconds. */
  downMs: number;
  failedRuns: number;
  missedSlots: number;
}

export type Alert = RunFailedAlert | SlotMissedAlert | RecoveredAlert;

/** A run finished (or was skipped: another run holds its slot). */
export interface RunObserved {
  kind: 'run';
  source: string;
  runId: string;
  slot: string | null;
  status: 'success' | 'failed' | 'skipped';
  /** For failed: what went wrong. */
  reason: string | null;
  at: string;
}

/** A slot's grace time passed and no run filled it. */
export interface SlotMissedObserved {
  kind: 'slot-missed';
  source: string;
  slot: string;
  reason: string;
  /** When the miss was noticed. */
  at: string;
}

export type SourceEvent = RunObserved | SlotMissedObserved;

/** What the policy remembers of one source. */
export interface SourceAlertState {
  /** First failure or miss of the current streak; null while healthy. */
  failingSince: string | null;
  failedRuns: number;
  missedSlots: number;
}

/** Ids remembered per source so a repeat observation is not a second alert; old ones are forgotten first. */
const REMEMBERED_PER_SOURCE = 1000;

class RecentSet {
  private readonly items = new Set<string>();
  has(v: string): boolean {
    return this.items.has(v);
  }
  add(v: string): void {
    this.items.add(v);
    if (this.items.size > REMEMBERED_PER_SOURCE)
      this.items.delete(this.items.values().next().value as string);
  }
}

interface SourceMemory extends SourceAlertState {
  alertedRuns: RecentSet;
  alertedSlots: RecentSet;
  /** Successful runs seen, so a repeated success is not a second recovery. */
  succeededRuns: RecentSet;
}

export class AlertPolicy {
  private readonly sources = new Map<string, SourceMemory>();

  /**
   * The state after a restart, from the ledger (any order; entries of every source). Per source,
   * the finish entries after its last success (or partial) that are failed or interrupted make it
   * failing since the first of them; `missedSlots` (slots known to be missed, e.g. from coverage)
   * add to the streak when they come after the last success. Neither is alerted again.
   */
  static fromLedger(
    entries: Iterable<LedgerEntry>,
    options: { missedSlots?: Array<{ source: string; slot: string }> } = {},
  ): AlertPolicy {
    const policy = new AlertPolicy();
    const finishes = [...entries].filter((e) => e.status !== 'started').sort((a, b) => a.seq - b.seq);
    const lastSuccessAt = new Map<string, number>();
    for (const e of finishes) {
      const m = policy.memory(e.source);
      const at = e.finishedAt ?? e.startedAt;
      if (e.status === 'success' || e.status === 'partial') {
        Object.assign(m, { failingSince: null, failedRuns: 0, missedSlots: 0 });
        m.succeededRuns.add(e.runId);
        lastSuccessAt.set(e.source, Date.parse(at));
      } else {
        m.failingSince ??= at;
        m.failedRuns++;
        m.alertedRuns.add(e.runId);
      }
    }
    for (const { source, slot } of options.missedSlots ?? []) {
      const m = policy.memory(source);
      if (m.alertedSlots.has(slot)) continue;
      m.alertedSlots.add(slot);
      if (Date.parse(slot) <= (lastSuccessAt.get(source) ?? -Infinity)) continue;
      if (m.failingSince === null || Date.parse(slot) < Date.parse(m.failingSince)) m.failingSince = slot;
      m.missedSlots++;
    }
    return policy;
  }

  /** The alerts this event calls for (none, or one). */
  observe(event: SourceEvent): Alert[] {
    const m = this.memory(event.source);
    if (event.kind === 'slot-missed') {
      if (m.alertedSlots.has(event.slot)) return [];
      m.alertedSlots.add(event.slot);
      m.failingSince ??= event.at;
      m.missedSlots++;
      return [
        {
          kind: 'slot-missed',
          source: event.source,
          slot: event.slot,
          runId: null,
          reason: event.reason,
          at: event.at,
        },
      ];
    }
    if (event.status === 'skipped') return [];
    if (event.status === 'failed') {
      if (m.alertedRuns.has(event.runId)) return [];
      m.alertedRuns.add(event.runId);
      m.failingSince ??= event.at;
      m.failedRuns++;
      return [
        {
          kind: 'run-failed',
          source: event.source,
          runId: event.runId,
          slot: event.slot,
          reason: event.reason ?? 'no reason recorded',
          at: event.at,
        },
      ];
    }
    if (m.succeededRuns.has(event.runId)) return [];
    m.succeededRuns.add(event.runId);
    if (m.failingSince === null) return [];
    const alert: RecoveredAlert = {
      kind: 'recovered',
      source: event.source,
      runId: event.runId,
      slot: event.slot,
      reason: null,
      at: event.at,
      failingSince: m.failingSince,
      downMs: Math.max(0, Date.parse(event.at) - Date.parse(m.failingSince)),
      failedRuns: m.failedRuns,
      missedSlots: m.missedSlots,
    };
    Object.assign(m, { failingSince: null, failedRuns: 0, missedSlots: 0 });
    return [alert];
  }

  /** A source's state (healthy when never seen). */
  stateOf(source: string): SourceAlertState {
    const m = this.sources.get(source);
    return m
      ? { failingSince: m.failingSince, failedRuns: m.failedRuns, missedSlots: m.missedSlots }
      : { failingSince: null, failedRuns: 0, missedSlots: 0 };
  }

  private memory(source: string): SourceMemory {
    let m = this.sources.get(source);
    if (!m) {
      m = {
        failingSince: null,
        failedRuns: 0,
        missedSlots: 0,
        alertedRuns: new RecentSet(),
        alertedSlots: new RecentSet(),
        succeededRuns: new RecentSet(),
      };
      this.sources.set(source, m);
    }
    return m;
  }
}

/** The event of a finished run, from the collector's outcome (`at`: when it finished). */
export function runObserved(
  outcome: {
    source: string;
    runId: string;
    slot: string | null;
    status: RunObserved['status'];
    reason: string | null;
  },
  at: Date,
): RunObserved {
  return {
    kind: 'run',
    source: outcome.source,
    runId: outcome.runId,
    slot: outcome.slot,
    status: outcome.status,
    reason: outcome.reason,
    at: at.toISOString(),
  };
}
