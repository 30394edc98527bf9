/**
 * Runs the real collection pipeline against the sandbox for a range of simulated days, with a
 * manual clock, so a year of daily snapshots takes seconds to minutes instead of a year.
 * Used by `binder demo`, the end-to-end tests and the benchmarks.
 */
import type { BinderConfig } from '../config/schema.ts';
import { runCollection } from '../collectors/collect-run.ts';
import type { Log } from '../collectors/log.ts';
import { silentLog } from '../collectors/log.ts';
import { ManualClock } from '../model/clock.ts';
import type { Scenario } from '../sandbox/scenario.ts';
import { generateFakeCredentials } from '../sandbox/fake-credentials.ts';
import { SANDBOX_CREDENTIALS } from '../sandbox/server.ts';
import type { SandboxControl } from '../sandbox/start-sandbox-worker.ts';
import type { EvidenceStore } from '../store/types.ts';

const DAY_MS = 86_400_000;

export interface SimulationOptions {
  scenario: Scenario;
  /** The sandbox in a worker thread (startSandboxWorker), so server and collectors use both cores. */
  sandbox: SandboxControl;
  store: EvidenceStore;
  config: BinderConfig;
  /** Days of the scenario to collect (0-based), in order. */
  days: readonly number[];
  /** Days on which the collector is "down": no run at all (a coverage gap). */
  skipDays?: readonly number[];
  /** Days on which the run fails (the collector presents rejected credentials): a failed ledger entry. */
  failDays?: readonly number[];
  /** Minutes after the 02:00 slot the simulated run starts. */
  startDelayMinutes?: number;
  log?: Log;
  progress?: (done: number, total: number, what: string) => void;
}

export interface SimulationSummary {
  collected: number;
  failed: number;
  skipped: number;
  apiCalls: number;
}

/** The scheduled slot of a scenario day: 02:00 UTC, matching the demo config's "0 2 * * *". */
export function slotOfDay(scenario: Scenario, day: number): Date {
  return new Date(scenario.start.getTime() + day * DAY_MS + 2 * 3_600_000);
}

export async function simulateCollection(options: SimulationOptions): Promise<SimulationSummary> {
  const { scenario, sandbox, store, config, days } = options;
  const skip = new Set(options.skipDays ?? []);
  const fail = new Set(options.failDays ?? []);
  const log = options.log ?? silentLog;
  const clock = new ManualClock(scenario.start);
  const summary: SimulationSummary = { collected: 0, failed: 0, skipped: 0, apiCalls: 0 };
  let done = 0;
  for (const day of days) {
    done += 1;
    options.progress?.(done, days.length, `day ${day + 1} of ${scenario.days}`);
    if (skip.has(day)) {
      summary.skipped += 1;
      continue;
    }
    const slot = slotOfDay(scenario, day);
    clock.set(new Date(slot.getTime() + (options.startDelayMinutes ?? 3) * 60_000));
    await sandbox.setDay(day);
    const credentials = fail.has(day) ? generateFakeCredentials() : SANDBOX_CREDENTIALS;
    const result = await runCollection({
      config,
      store,
      clock,
      scheduledFor: slot,
      credentials,
      log,
      // Waiting for the credential report passes in simulated time, like everything else here.
      tuning: { sleep: async (ms: number) => clock.advance(ms) },
    });
    summary.apiCalls += await sandbox.takeRequestCount();
    for (const s of result.outcomes) {
      if (s.status === 'success') summary.collected += 1;
      else summary.failed += 1;
    }
  }
  return summary;
}
