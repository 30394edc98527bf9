/**
 * Thirty simulated days of `binder schedule` against the sandbox through the real collector and a
 * real local store, with a 3-day outage and a person's late manual collect in it:
 * the missed slots are reported, catch-up collects the newest slot late inside its grace time,
 * the late manual run is off-schedule (evidence, but it fills no slot), and the coverage calendar
 * of the period evaluation is exactly that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinderConfig } from '../../config/schema.ts';
import { runCollection } from '../../collectors/collect-run.ts';
import { silentLog } from '../../collectors/log.ts';
import { evaluatePeriod } from '../../controls/period/evaluate-period.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { runScheduler, type SchedulerClock } from '../../schedule/run-scheduler.ts';
import { ephemeralLedgerSigner } from '../../store/ledger-signature.ts';
import { initializeEvidenceStore } from '../../store/open-store.ts';
import type { EvidenceStore } from '../../store/types.ts';
import { makeLocalHarness } from '../store/local-harness.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const scenario = buildScenario({ seed: 'thirty-days', size: 'demo', days: 40 });
const dayAt = (day: number, hour: number, minute = 0) => new Date(scenario.start.getTime() + day * DAY + hour * HOUR + minute * 60_000);
const iso = (d: Date) => d.toISOString();

class SimulatedClock implements SchedulerClock {
  constructor(public t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  async sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
  }
}

describe('thirty days of binder schedule with a 3-day outage', () => {
  let sandbox: SandboxHandle;
  let store: EvidenceStore;
  let cleanup: () => Promise<void>;
  const config = BinderConfig.parse({
    sources: [{ name: 'prod', endpoint: 'http://placeholder.invalid' }],
    schedule: { cron: '0 2 * * *', timezone: 'UTC', graceMinutes: 360, catchUp: 'latest' },
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, day: 0 });
    config.sources[0]!.endpoint = sandbox.endpoint;
    const h = await makeLocalHarness();
    cleanup = h.cleanup;
    store = await initializeEvidenceStore(h.backend, ephemeralLedgerSigner());
  });
  afterAll(async () => {
    await sandbox?.close();
    await cleanup?.();
  });

  it('records the missed slots, catches up inside grace, keeps the late manual run off-schedule', { timeout: 240_000 }, async () => {
    const clock = new SimulatedClock(dayAt(0, 1).getTime());
    const fired: string[] = [];
    const missed: string[] = [];
    const collect = async (slot: Date, signal: AbortSignal) => {
      fired.push(`${iso(slot)}@${iso(clock.now())}`);
      sandbox.setDay(Math.floor((slot.getTime() - scenario.start.getTime()) / DAY));
      return runCollection({ config, store, clock, scheduledFor: slot, credentials: SANDBOX_CREDENTIALS, log: silentLog, signal, tuning: { sleep: async (ms) => void (clock.t += ms) } });
    };
    const run = (maxSlots: number) =>
      runScheduler({
        config,
        store,
        clock,
        sources: ['prod'],
        collect,
        log: silentLog,
        stop: new AbortController().signal,
        stopTimeoutMs: 1000,
        maxSlots,
        random: () => 0,
        events: { onMissed: (m) => void missed.push(...m.slots) },
      });

    // Days 0..9 on time.
    await run(10);
    expect(fired).toHaveLength(10);
    // The scheduler is down on days 10, 11 and 12. On day 11 at 18:21 someone runs `binder collect` by hand.
    clock.t = dayAt(11, 18, 21).getTime();
    sandbox.setDay(11);
    const manual = await runCollection({ config, store, clock, credentials: SANDBOX_CREDENTIALS, log: silentLog, tuning: { sleep: async (ms) => void (clock.t += ms) } });
    expect(manual.outcomes[0]).toMatchObject({ status: 'success', offSchedule: true, slot: null });
    expect(manual.outcomes[0]!.offScheduleReason).toMatch(/16 h 21 min after the .* slot, outside its 6 h grace time/);
    // Back on day 13 at 05:00: 3 h after the 02:00 slot, inside its 6 h grace time.
    clock.t = dayAt(13, 5).getTime();
    await run(3 + 17);
    expect(missed).toEqual([iso(dayAt(10, 2)), iso(dayAt(11, 2)), iso(dayAt(12, 2))]);
    expect(fired[10]).toBe(`${iso(dayAt(13, 2))}@${iso(dayAt(13, 5))}`);
    expect(fired).toHaveLength(27);
    expect(fired.at(-1)!.startsWith(iso(dayAt(29, 2)))).toBe(true);

    // The period's coverage calendar: exactly the three outage slots are gaps; the manual run fills none.
    const from = iso(dayAt(0, 0)).slice(0, 10);
    const to = iso(dayAt(29, 0)).slice(0, 10);
    const evaluation = await evaluatePeriod({ store, config, from, to });
    const coverage = evaluation.coverage.find((c) => c.source === 'prod')!;
    expect(coverage.expectedRuns).toBe(30);
    expect(coverage.successfulRuns).toBe(27);
    expect(coverage.gaps.map((g) => g.slot)).toEqual([iso(dayAt(10, 2)), iso(dayAt(11, 2)), iso(dayAt(12, 2))]);
    expect(coverage.offScheduleCount).toBe(1);
    expect(coverage.offSchedule[0]!.snapshotId).toBe(manual.outcomes[0]!.snapshotId);
    // The manual snapshot is evidence all the same: evaluated with the others.
    expect(evaluation.snapshots.map((s) => s.snapshotId)).toContain(manual.outcomes[0]!.snapshotId);
    const report = await store.verify();
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
