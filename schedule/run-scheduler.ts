/**
 * `binder schedule`: runs collection at every slot of the config's cron in its time zone, for as
 * long as it is left running.
 *
 * - Slots come from schedule/slot-rules.ts (cron-parser), the same calendar coverage expects, so a
 *   DST change skips or repeats a slot only where the cron expression itself does.
 * - Every slot is either collected (a run that starts inside its grace time) or reported missed.
 *   After downtime (at start, or after a run that outlasted the next slots), `catchUp: latest`
 *   collects the most recent missed slot while it is still in its grace time; `none` does not.
 * - A random 0..jitterSeconds delay after each slot spreads many deployments' calls to AWS.
 * - Stop (SIGTERM, SIGINT): between runs it ends at once; during a run it waits up to the stop
 *   timeout for the run to finish, then aborts it, which records the run as failed in the ledger
 *   (runCollection); nothing that looks complete is left half-written, and a restart carries on.
 *
 * Exactly-once per (source, slot) is the store's (slot claims), so two schedulers on one store,
 * or a scheduler and a cron job, still store one snapshot per slot.
 */
import type { BinderConfig } from '../config/schema.ts';
import type { RunSummary } from '../collectors/collect-run.ts';
import type { Log } from '../collectors/log.ts';
import type { EvidenceStore } from '../store/types.ts';
import { fillsNamedSlot, formatDuration, latestSlotAtOrBefore, nextSlotAfter, slotsBetween } from './slot-rules.ts';

/** Time as the scheduler sees it: the system clock in production, a simulated one in tests. */
export interface SchedulerClock {
  now(): Date;
  /** Resolves after ms, or early (without throwing) when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemSchedulerClock: SchedulerClock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      // setTimeout holds at most 2^31-1 ms (24.8 days); the loop sleeps again after waking early.
      const timer = setTimeout(done, Math.min(Math.max(0, ms), 2_147_483_647));
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

export interface MissedSlots {
  source: string;
  slots: string[];
  why: string;
}

export interface SchedulerEvents {
  /** The next slot the scheduler will fire at. */
  onNextSlot?(slot: Date): void;
  onRunStarted?(slot: Date, late: boolean): void;
  onRunFinished?(summary: RunSummary): void | Promise<void>;
  onMissed?(missed: MissedSlots): void | Promise<void>;
}

export interface SchedulerOptions {
  config: BinderConfig;
  store: EvidenceStore;
  clock: SchedulerClock;
  /** Sources the scheduler collects (default: all in the config). */
  sources: string[];
  /** Runs one collection for a slot; the signal aborts it (stop timeout passed). */
  collect(slot: Date, signal: AbortSignal): Promise<RunSummary>;
  log: Log;
  /** Aborting it stops the scheduler. */
  stop: AbortSignal;
  /** How long a run in progress may take to finish after stop, before it is aborted. */
  stopTimeoutMs: number;
  events?: SchedulerEvents;
  /** 0..1; Math.random by default (tests fix it). */
  random?: () => number;
  /** Stop after this many slots were handled (collected or missed): tests. */
  maxSlots?: number;
}

export interface SchedulerResult {
  runs: number;
  missed: number;
  /** Why it stopped. */
  stoppedBy: 'signal' | 'max-slots';
}

/**
 * The newest slot each source has a run recorded for (on schedule), from the ledger's tail: where
 * a restarted scheduler carries on from.
 */
export async function lastRecordedSlots(store: EvidenceStore, sources: string[], graceMinutes: number): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  for await (const e of store.ledgerFromNewest()) {
    if (out.size === sources.length) break;
    if (!sources.includes(e.source) || out.has(e.source)) continue;
    if (!fillsNamedSlot(e, e.startedAt, graceMinutes)) continue;
    out.set(e.source, new Date(e.scheduledFor));
  }
  return out;
}

export async function runScheduler(options: SchedulerOptions): Promise<SchedulerResult> {
  const { config, clock, log, stop } = options;
  const schedule = config.schedule;
  const graceMs = schedule.graceMinutes * 60_000;
  const random = options.random ?? Math.random;
  const result: SchedulerResult = { runs: 0, missed: 0, stoppedBy: 'signal' };
  let handled = 0;
  const enough = () => options.maxSlots !== undefined && handled >= options.maxSlots;

  // Where each source left off. A source never collected starts with the newest slot (collected
  // late if still in its grace time): history before its first run is coverage's to report, not a
  // list of "missed" slots.
  const startedAt = clock.now();
  const recorded = await lastRecordedSlots(options.store, options.sources, schedule.graceMinutes);
  const newest = latestSlotAtOrBefore(schedule, startedAt);
  const horizon = new Date(startedAt.getTime() - newest.getTime() <= graceMs ? newest.getTime() - 1 : newest.getTime());
  const lastHandled = new Map<string, Date>();
  for (const s of options.sources) lastHandled.set(s, recorded.get(s) ?? horizon);

  const reportMissed = async (source: string, slots: Date[], why: string) => {
    if (slots.length === 0) return;
    result.missed += slots.length;
    handled += slots.length;
    log.warn(`${slots.length} slot(s) missed`, { source, first: slots[0]!.toISOString(), last: slots[slots.length - 1]!.toISOString(), why });
    await options.events?.onMissed?.({ source, slots: slots.map((d) => d.toISOString()), why });
  };

  const runSlot = async (slot: Date, late: boolean) => {
    options.events?.onRunStarted?.(slot, late);
    log.info(late ? 'collecting a missed slot late, inside its grace time' : 'collecting slot', { slot: slot.toISOString() });
    const runAbort = new AbortController();
    let stopTimer: ReturnType<typeof setTimeout> | undefined;
    // Stop while running: give the run stopTimeoutMs to finish, then abort it (recorded as failed).
    const onStop = () => {
      log.warn('stop requested: waiting for the run in progress', { slot: slot.toISOString(), stopTimeoutSeconds: options.stopTimeoutMs / 1000 });
      stopTimer = setTimeout(() => runAbort.abort(new Error(`the scheduler was stopped and the run did not finish within --stop-timeout (${formatDuration(options.stopTimeoutMs)})`)), options.stopTimeoutMs);
    };
    if (stop.aborted) onStop();
    else stop.addEventListener('abort', onStop, { once: true });
    try {
      const summary = await options.collect(slot, runAbort.signal);
      result.runs++;
      handled++;
      for (const s of options.sources) lastHandled.set(s, slot);
      await options.events?.onRunFinished?.(summary);
    } finally {
      stop.removeEventListener('abort', onStop);
      if (stopTimer) clearTimeout(stopTimer);
    }
  };

  // Slots that passed while nothing waited for them (downtime, or a run that outlasted them);
  // again after a late run, which may itself outlast the next slot.
  const catchUp = async () => {
    while (!stop.aborted && !enough()) {
      if (!(await catchUpOnce())) return;
    }
  };
  /** True when it collected a slot late. */
  const catchUpOnce = async (): Promise<boolean> => {
    const now = clock.now();
    const latePerSlot = new Map<number, Date>();
    for (const source of options.sources) {
      const due = slotsBetween(schedule, lastHandled.get(source)!, now);
      if (due.length === 0) continue;
      const newest = due[due.length - 1]!;
      const inGrace = now.getTime() - newest.getTime() <= graceMs;
      const collectLate = schedule.catchUp === 'latest' && inGrace;
      const missed = collectLate ? due.slice(0, -1) : due;
      const why =
        schedule.catchUp === 'none'
          ? 'binder schedule was not running at these slots (schedule.catchUp: none)'
          : 'binder schedule was not running at these slots, or a run outlasted them';
      await reportMissed(source, missed, why);
      if (collectLate) latePerSlot.set(newest.getTime(), newest);
      else lastHandled.set(source, newest);
    }
    const late = [...latePerSlot.values()].sort((a, b) => a.getTime() - b.getTime());
    for (const slot of late) {
      if (stop.aborted || enough()) return false;
      await runSlot(slot, true);
    }
    return late.length > 0;
  };

  await catchUp();
  while (!stop.aborted && !enough()) {
    const from = new Date(Math.max(...[...lastHandled.values()].map((d) => d.getTime()), clock.now().getTime()));
    const next = nextSlotAfter(schedule, from);
    options.events?.onNextSlot?.(next);
    const jitterMs = Math.floor(random() * schedule.jitterSeconds * 1000);
    const fireAt = next.getTime() + jitterMs;
    log.info('waiting for the next slot', { slot: next.toISOString(), ...(jitterMs ? { jitterSeconds: Math.round(jitterMs / 1000) } : {}) });
    // Sleep in steps, so a clock that jumps (suspend, NTP) is noticed within a minute.
    while (!stop.aborted && clock.now().getTime() < fireAt) {
      await clock.sleep(Math.min(fireAt - clock.now().getTime(), 60_000), stop);
    }
    if (stop.aborted) break;
    const now = clock.now();
    if (now.getTime() - next.getTime() > graceMs) {
      await catchUp(); // woke far too late (the machine slept): treat as downtime
      continue;
    }
    // Earlier slots this wake-up jumped over count as missed before this one is run.
    for (const source of options.sources) {
      const skipped = slotsBetween(schedule, lastHandled.get(source)!, new Date(next.getTime() - 1));
      await reportMissed(source, skipped, 'the scheduler woke after these slots had passed');
    }
    await runSlot(next, false);
    await catchUp();
  }
  result.stoppedBy = stop.aborted ? 'signal' : 'max-slots';
  log.info('scheduler stopped', { runs: result.runs, missed: result.missed, stoppedBy: result.stoppedBy });
  return result;
}
