/** Shared set-up of the collector tests that go through the real SDK to the local sandbox. */
import { collectSnapshot, type CollectSnapshotOptions } from '../../collectors/collect-snapshot.ts';
import { AwsSourceConfig } from '../../config/schema.ts';
import { canonicalJson } from '../../model/canonical-json.ts';
import { ManualClock } from '../../model/clock.ts';
import type { Resource } from '../../model/resources.ts';
import type { Snapshot } from '../../model/snapshot.ts';
import type { Scenario } from '../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, type SandboxHandle } from '../../sandbox/server.ts';

/** Fast test tuning: short waits between whole-operation retries and report polls. */
export const FAST: Pick<CollectSnapshotOptions, 'operationRetry' | 'reportPoll'> = {
  operationRetry: { attempts: 4, minDelayMs: 10, maxDelayMs: 50 },
  reportPoll: { initialDelayMs: 5, maxDelayMs: 20 },
};

export function sandboxSource(sandbox: SandboxHandle, extra: Record<string, unknown> = {}): AwsSourceConfig {
  return AwsSourceConfig.parse({ name: 'sandbox', endpoint: sandbox.endpoint, concurrency: 4, ...extra });
}

export async function collectDay(
  scenario: Scenario,
  sandbox: SandboxHandle,
  day: number,
  extra: Partial<CollectSnapshotOptions> = {},
): Promise<Snapshot> {
  sandbox.setDay(day);
  return collectSnapshot({
    // Every scenario region and its opt-in region, so the snapshot holds exactly the day's state.
    source: sandboxSource(sandbox, { regions: scenario.collectedRegions }),
    scheduledFor: scenario.snapshotTime(day),
    clock: new ManualClock(scenario.snapshotTime(day)),
    credentials: SANDBOX_CREDENTIALS,
    ...FAST,
    ...extra,
  });
}

/** Differences between two resource lists, as "type id: missing|extra|differs" lines. */
export function resourceDiff(expected: readonly Resource[], actual: readonly Resource[]): string[] {
  const key = (r: Resource) => `${r.type} ${r.id}`;
  const exp = new Map(expected.map((r) => [key(r), canonicalJson(r)]));
  const act = new Map(actual.map((r) => [key(r), canonicalJson(r)]));
  const out: string[] = [];
  for (const [k, v] of exp) {
    if (!act.has(k)) out.push(`${k}: missing`);
    else if (act.get(k) !== v) out.push(`${k}: differs\n  expected ${v}\n  actual   ${act.get(k)}`);
  }
  for (const k of act.keys()) if (!exp.has(k)) out.push(`${k}: extra`);
  return out;
}

/** Requests per service in the sandbox log since `from`. */
export function requestCounts(sandbox: SandboxHandle, from = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of sandbox.requestLog.slice(from)) counts[e.service] = (counts[e.service] ?? 0) + 1;
  return counts;
}
