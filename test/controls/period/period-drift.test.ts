import { describe, expect, it } from 'vitest';
import { compareDrift } from '../../../controls/period/drift-of.ts';
import { summarizeDrift } from '../../../controls/period/drift-tally.ts';
import { evaluatePeriodWith } from '../../../controls/period/evaluate-period-with.ts';
import { periodDrift } from '../../../controls/period/period-drift.ts';
import type { DriftEntry } from '../../../model/evaluation.ts';
import { bucket, collect, MemoryEvidenceStore, slot, TEST_CHECKS, TEST_CONTROLS, TEST_CRITERIA, testConfig } from './fakes.ts';

const suspended = { versioning: { status: 'Suspended' as const, mfaDelete: 'Disabled' as const } };

/** Two sources collected at the same times, each changing something every day, one with a late run. */
async function twoSourceStore(): Promise<MemoryEvidenceStore> {
  const store = new MemoryEvidenceStore();
  for (let d = 0; d < 6; d++) {
    const day = slot('2026-03-01', d);
    await collect(store, 'prod', day, [bucket('a', d % 2 ? suspended : {}), bucket('b'), ...(d >= 3 ? [bucket(`new-${d}`)] : [])]);
    await collect(store, 'dev', day, [bucket('z', d % 3 ? suspended : {}), bucket('a', d % 2 ? {} : suspended)], d === 4 ? { startedAt: slot('2026-03-01', 4.5) } : {});
  }
  return store;
}

describe('periodDrift', () => {
  it('streams every source merged into change-log order, exactly the entries the evaluation counted', async () => {
    const store = await twoSourceStore();
    const config = testConfig({ sources: [{ name: 'prod' }, { name: 'dev' }] });
    const e = await evaluatePeriodWith({ store, config, from: '2026-03-01', to: '2026-03-06', checks: TEST_CHECKS, criteria: TEST_CRITERIA, controls: TEST_CONTROLS });
    const streamed: DriftEntry[] = [];
    for await (const d of periodDrift(store, e)) streamed.push(d);
    expect(new Set(streamed.map((d) => d.source))).toEqual(new Set(['prod', 'dev']));
    expect(streamed).toEqual([...streamed].sort(compareDrift));
    // Interleaved by capture time, not one source after the other.
    expect(streamed.findIndex((d) => d.source === 'dev')).toBeLessThan(streamed.findLastIndex((d) => d.source === 'prod'));
    expect(e.driftSummary).toEqual(summarizeDrift(streamed));
    expect(e.driftSummary.entries).toBe(streamed.length);
  });

  it('refuses an evaluation whose snapshots the store no longer lists', async () => {
    const store = await twoSourceStore();
    const config = testConfig({ sources: [{ name: 'prod' }, { name: 'dev' }] });
    const e = await evaluatePeriodWith({ store, config, from: '2026-03-01', to: '2026-03-06', checks: TEST_CHECKS, criteria: TEST_CRITERIA, controls: TEST_CONTROLS });
    const ghost = { ...e, snapshots: [...e.snapshots, { ...e.snapshots[0]!, snapshotId: 'prod/20260307T020000Z/run-gone' }] };
    await expect(async () => {
      for await (const d of periodDrift(store, ghost)) void d;
    }).rejects.toThrow(/lists 12 of the 13 snapshots/);
  });
});
