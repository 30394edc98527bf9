/**
 * The scheduler loop on a simulated clock (sleep advances time at once): which slots it fires,
 * across Europe/Berlin's DST changes, after downtime (catchUp latest / none), with jitter, and
 * how a stop during a run is handled. Collection itself is a stub that records a signed ledger
 * entry per source, like a real run, in a real local store.
 */
import { describe, expect, it } from 'vitest';
import { BinderConfig } from '../../config/schema.ts';
import type { RunSummary } from '../../collectors/collect-run.ts';
import { silentLog } from '../../collectors/log.ts';
import { runScheduler, type SchedulerClock } from '../../schedule/run-scheduler.ts';
import { latestSlotAtOrBefore, slotsBetween } from '../../schedule/slot-rules.ts';
import { ephemeralLedgerSigner } from '../../store/ledger-signature.ts';
import { initializeEvidenceStore } from '../../store/open-store.ts';
import type { EvidenceStore } from '../../store/types.ts';
import { makeLocalHarness } from '../store/local-harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

class SimulatedClock implements SchedulerClock {
  constructor(public t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    this.t += Math.max(0, ms);
    await Promise.resolve();
  }
}

function configWith(schedule: Record<string, unknown>, sources = ['prod']): BinderConfig {
  return BinderConfig.parse({ sources: sources.map((name) => ({ name })), schedule });
}

interface Harness {
  store: EvidenceStore;
  clock: SimulatedClock;
  fired: { slot: string; at: string }[];
  /** A collect stub: records a started + success entry per source, taking `runMs` of simulated time. */
  collect(config: BinderConfig, runMs?: number): (slot: Date, signal: AbortSignal) => Promise<RunSummary>;
  cleanup(): Promise<void>;
}

async function harness(start: string): Promise<Harness> {
  const h = await makeLocalHarness();
  const store = await initializeEvidenceStore(h.backend, ephemeralLedgerSigner());
  const clock = new SimulatedClock(Date.parse(start));
  const fired: Harness['fired'] = [];
  return {
    store,
    clock,
    fired,
    collect: (config, runMs = 2 * MIN) => async (slot) => {
      const startedAt = clock.now().toISOString();
      fired.push({ slot: slot.toISOString(), at: startedAt });
      clock.t += runMs;
      for (const s of config.sources) {
        const base = { runId: `r-${slot.getTime()}-${s.name}`, source: s.name, scheduledFor: slot.toISOString(), startedAt, reason: null, snapshotId: null, snapshotSha256: null };
        const st = await store.appendLedger({ ...base, finishedAt: null, status: 'started', startedSeq: null, host: 'h', pid: 1, deadline: startedAt });
        await store.appendLedger({ ...base, finishedAt: clock.now().toISOString(), status: 'success', startedSeq: st.seq, host: null, pid: null, deadline: null });
      }
      return { scheduledFor: slot.toISOString(), offSchedule: false, startedAt, finishedAt: clock.now().toISOString(), outcomes: [], ok: true };
    },
    cleanup: () => h.cleanup(),
  };
}

async function schedule(h: Harness, config: BinderConfig, options: { maxSlots: number; runMs?: number; random?: () => number; missed?: string[] }) {
  const stop = new AbortController();
  return runScheduler({
    config,
    store: h.store,
    clock: h.clock,
    sources: config.sources.map((s) => s.name),
    collect: h.collect(config, options.runMs),
    log: silentLog,
    stop: stop.signal,
    stopTimeoutMs: 1000,
    maxSlots: options.maxSlots,
    random: options.random ?? (() => 0),
    events: { onMissed: (m) => void options.missed?.push(...m.slots) },
  });
}

describe('runScheduler on a simulated clock', () => {
  it('fires each daily slot once across Europe/Berlin DST changes (spring and autumn)', async () => {
    for (const [cron, start, days] of [
      ['30 2 * * *', '2026-03-26T12:00:00Z', 6], // 02:30 does not exist on 29 March
      ['30 2 * * *', '2026-10-22T12:00:00Z', 6], // 02:30 happens twice on 25 October
      ['0 * * * *', '2026-03-28T11:45:00Z', 2], // started off a slot and outside every grace time
      ['0 * * * *', '2026-10-24T11:45:00Z', 2],
    ] as const) {
      const h = await harness(start);
      try {
        const config = configWith({ cron, timezone: 'Europe/Berlin', graceMinutes: 30 });
        const expected = slotsBetween(config.schedule, new Date(start), new Date(Date.parse(start) + days * 24 * HOUR)).map((d) => d.toISOString());
        await schedule(h, config, { maxSlots: expected.length });
        const slots = h.fired.map((f) => f.slot);
        expect(slots, `${cron} from ${start}`).toEqual(expected);
        expect(new Set(slots).size).toBe(slots.length);
        // The collector places a run by the same calendar: a run a minute after each slot fills that slot.
        for (const s of slots) expect(latestSlotAtOrBefore(config.schedule, new Date(Date.parse(s) + 60_000)).toISOString()).toBe(s);
        if (cron === '30 2 * * *') {
          // One run per local day, DST day included.
          const days = slots.map((s) => new Date(s).toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' }));
          expect(new Set(days).size).toBe(slots.length);
        } else {
          // Hourly: the 23-hour spring day has 23 slots, the 25-hour autumn day 25.
          const day = start.startsWith('2026-03') ? '2026-03-29' : '2026-10-25';
          const local = slots.filter((s) => new Date(s).toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' }) === day);
          expect(local).toHaveLength(day === '2026-03-29' ? 23 : 25);
        }
      } finally {
        await h.cleanup();
      }
    }
  });

  it('after a 3-day outage: the missed slots are reported; catchUp latest collects the newest late inside grace, none does not', async () => {
    for (const catchUp of ['latest', 'none'] as const) {
      const h = await harness('2026-06-01T01:00:00Z');
      try {
        const config = configWith({ cron: '0 2 * * *', timezone: 'UTC', graceMinutes: 360, catchUp });
        await schedule(h, config, { maxSlots: 5 }); // 1..5 June
        expect(h.fired.map((f) => f.slot.slice(0, 10))).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05']);
        // Down until 9 June 04:00: the 6, 7 and 8 June slots pass unattended; 9 June 02:00 is 2 h late.
        h.clock.t = Date.parse('2026-06-09T04:00:00Z');
        const missed: string[] = [];
        const before = h.fired.length;
        await schedule(h, config, { maxSlots: 5, missed });
        const after = h.fired.slice(before);
        if (catchUp === 'latest') {
          expect(missed.map((s) => s.slice(0, 10))).toEqual(['2026-06-06', '2026-06-07', '2026-06-08']);
          expect(after[0]).toEqual({ slot: '2026-06-09T02:00:00.000Z', at: '2026-06-09T04:00:00.000Z' });
          expect(after.map((f) => f.slot.slice(0, 10))).toEqual(['2026-06-09', '2026-06-10']);
        } else {
          expect(missed.map((s) => s.slice(0, 10))).toEqual(['2026-06-06', '2026-06-07', '2026-06-08', '2026-06-09']);
          expect(after.map((f) => f.slot.slice(0, 10))).toEqual(['2026-06-10']);
        }
      } finally {
        await h.cleanup();
      }
    }
  });

  it('a restart outside the newest slot’s grace time collects nothing late and reports the slot missed', async () => {
    const h = await harness('2026-06-01T01:00:00Z');
    try {
      const config = configWith({ cron: '0 2 * * *', timezone: 'UTC', graceMinutes: 60, catchUp: 'latest' });
      await schedule(h, config, { maxSlots: 1 });
      h.clock.t = Date.parse('2026-06-02T18:21:00Z');
      const missed: string[] = [];
      await schedule(h, config, { maxSlots: 2, missed });
      expect(missed).toEqual(['2026-06-02T02:00:00.000Z']);
      expect(h.fired.map((f) => f.slot)).toEqual(['2026-06-01T02:00:00.000Z', '2026-06-03T02:00:00.000Z']);
    } finally {
      await h.cleanup();
    }
  });

  it('a run that outlasts the next slots: they are missed, the newest collected late while in grace', async () => {
    const h = await harness('2026-06-01T00:45:00Z');
    try {
      // Every 10 minutes, grace 15 minutes; the first run takes 25 minutes. Started at 00:45, the
      // 00:40 slot is still in its grace time: collected at once.
      const config = configWith({ cron: '*/10 * * * *', timezone: 'UTC', graceMinutes: 15 });
      const missed: string[] = [];
      let first = true;
      const collect = h.collect(config, 1000);
      const stop = new AbortController();
      await runScheduler({
        config,
        store: h.store,
        clock: h.clock,
        sources: ['prod'],
        collect: async (slot, signal) => {
          const r = await collect(slot, signal);
          if (first) h.clock.t += 25 * MIN;
          first = false;
          return r;
        },
        log: silentLog,
        stop: stop.signal,
        stopTimeoutMs: 1000,
        maxSlots: 5,
        random: () => 0,
        events: { onMissed: (m) => void missed.push(...m.slots) },
      });
      expect(h.fired.map((f) => `${f.slot.slice(11, 16)}@${f.at.slice(11, 19)}`)).toEqual(['00:40@00:45:00', '01:10@01:10:01', '01:20@01:20:00']);
      expect(missed.map((s) => s.slice(11, 16))).toEqual(['00:50', '01:00']);
    } finally {
      await h.cleanup();
    }
  });

  it('waits a random 0..jitterSeconds after the slot', async () => {
    const h = await harness('2026-06-01T01:00:00Z');
    try {
      const config = configWith({ cron: '0 2 * * *', timezone: 'UTC', graceMinutes: 60, jitterSeconds: 600 });
      await schedule(h, config, { maxSlots: 2, random: () => 0.5 });
      expect(h.fired.map((f) => f.at)).toEqual(['2026-06-01T02:05:00.000Z', '2026-06-02T02:05:00.000Z']);
    } finally {
      await h.cleanup();
    }
  });

  it('stop during a run: waits for it up to the stop timeout, then aborts it; stop between runs ends at once', async () => {
    const h = await harness('2026-06-01T01:59:59Z');
    try {
      const config = configWith({ cron: '0 2 * * *', timezone: 'UTC', graceMinutes: 60 });
      const stop = new AbortController();
      let abortedWith: unknown = null;
      const result = await runScheduler({
        config,
        store: h.store,
        clock: h.clock,
        sources: ['prod'],
        log: silentLog,
        stop: stop.signal,
        stopTimeoutMs: 50,
        random: () => 0,
        collect: (slot, signal) =>
          new Promise<RunSummary>((resolve) => {
            stop.abort();
            signal.addEventListener('abort', () => {
              abortedWith = signal.reason;
              resolve({ scheduledFor: slot.toISOString(), offSchedule: false, startedAt: '', finishedAt: '', outcomes: [], ok: false });
            });
          }),
      });
      expect(String(abortedWith)).toMatch(/did not finish within --stop-timeout/);
      expect(result).toMatchObject({ runs: 1, stoppedBy: 'signal' });
    } finally {
      await h.cleanup();
    }
  });
});
