import { describe, expect, it } from 'vitest';
import { evaluatePeriodWith } from '../../../controls/period/evaluate-period-with.ts';
import {
  publicReadCheck,
  TEST_CHECKS,
  TEST_CONTROLS,
  TEST_CRITERIA,
  testConfig,
  versioningCheck,
  type MemoryEvidenceStore,
} from './fakes.ts';
import { evaluateNaively } from './evaluate-naively.ts';
import { lowChurnStore } from './scenarios.ts';
import type { Check } from '../../../controls/check.ts';
import { AccessKeyRecentlyUsed } from '../../../controls/checks/iam/AccessKeyRecentlyUsed.ts';
import { AccessKeyRotated } from '../../../controls/checks/iam/AccessKeyRotated.ts';
import { PasswordRecentlyUsed } from '../../../controls/checks/iam/PasswordRecentlyUsed.ts';

const DAYS = 60;
const BUCKETS = 120;
const USERS = 30;
const FROM = '2026-01-01';
const TO = '2026-03-01';

let shared: Promise<MemoryEvidenceStore> | null = null;
/** One low-churn history shared by the tests that only read it (building it is the slow part). */
async function sharedStore(): Promise<MemoryEvidenceStore> {
  const store = await (shared ??= lowChurnStore(DAYS, BUCKETS, USERS));
  store.calls.loadSnapshot = 0;
  store.calls.loadChanges = 0;
  return store;
}

async function both(store: MemoryEvidenceStore, checks: readonly Check[]) {
  const config = testConfig();
  const fast = await evaluatePeriodWith({
    store,
    config,
    from: FROM,
    to: TO,
    checks,
    criteria: TEST_CRITERIA,
    controls: TEST_CONTROLS,
  });
  const naive = await evaluateNaively(store, config, FROM, TO, checks);
  return { fast, naive };
}

describe('evaluatePeriodWith: reuse of unchanged results', () => {
  it('evaluates a non-time-dependent check about once per change, not once per snapshot and resource', async () => {
    const store = await sharedStore();
    const { fast, naive } = await both(store, [versioningCheck as Check]);
    // 200 buckets in the first snapshot, then one flipped bucket a day plus the one created on day 25.
    expect(fast.stats.checkEvaluations).toBeLessThan(BUCKETS + 2 * DAYS);
    expect(naive.evaluations).toBeGreaterThan(DAYS * (BUCKETS - 1));
    expect(fast.stats.checkEvaluations + fast.stats.resultsReused).toBe(naive.evaluations);
    // Only the first snapshot is loaded whole; the rest come from change records.
    expect(store.calls.loadSnapshot).toBe(DAYS + 1); // 1 by the fast path + DAYS by the naive reference
  });

  it('re-evaluates every bucket when a type the check reads changes (account Block Public Access on day 30)', async () => {
    const store = await sharedStore();
    const { fast, naive } = await both(store, [publicReadCheck as Check]);
    expect(fast.stats.checkEvaluations).toBeGreaterThanOrEqual(2 * BUCKETS);
    expect(fast.stats.checkEvaluations).toBeLessThan(2 * BUCKETS + 2 * DAYS);
    const exceptions = fast.checks[0]!.exceptions;
    expect(exceptions.length).toBeGreaterThan(0);
    // Dated by capture time (5 min after the 02:00 slot in these histories), the slot beside it.
    expect(exceptions.every((x) => x.fixedAt === '2026-01-31T02:05:00.000Z' && x.fixedAtSlot === '2026-01-31T02:00:00.000Z')).toBe(true);
    expect(exceptions).toEqual(naive.byCheck.get(publicReadCheck.id)!.exceptions);
  });

  it('gives exactly the tallies, exceptions and pass rates of evaluating every snapshot in full', async () => {
    const store = await sharedStore();
    const { fast, naive } = await both(store, TEST_CHECKS);
    for (const summary of fast.checks) {
      const ref = naive.byCheck.get(summary.checkId)!;
      expect(summary.tallies, summary.checkId).toEqual(ref.tallies);
      expect(summary.exceptions, summary.checkId).toEqual(ref.exceptions);
      expect(summary.passRate, summary.checkId).toBe(ref.passRate);
    }
    // The history has failures of every kind: fixed, open, and closed by deletion.
    const all = fast.checks.flatMap((c) => c.exceptions);
    expect(all.some((x) => x.open)).toBe(true);
    expect(all.some((x) => !x.open)).toBe(true);
    expect(all.some((x) => x.resourceId.endsWith('b-0003') && x.fixedAt === '2026-01-21T02:05:00.000Z')).toBe(
      true,
    );
    expect(
      fast.checks.find((c) => c.checkId === 'iam.access-key-rotated')!.exceptions.length,
    ).toBeGreaterThan(0);
    const inline = fast.checks.find((c) => c.checkId === 'iam.no-inline-policies')!.exceptions;
    expect(inline.filter((x) => x.resourceType === 'aws.iam.user')).toHaveLength(10);
    expect(inline.filter((x) => x.resourceType === 'aws.iam.role')).toMatchObject([
      { resourceId: 'arn:aws:iam::123456789012:role/svc-2', fixedAt: '2026-02-10T02:05:00.000Z', fixedAtSlot: '2026-02-10T02:00:00.000Z' },
    ]);

    const total = fast.stats.checkEvaluations + fast.stats.resultsReused;
    expect(total).toBe(naive.evaluations);
    // The time-dependent check runs on all 50 users every day; the bucket checks follow the churn.
    expect(fast.stats.checkEvaluations).toBeLessThan(USERS * DAYS + 3 * BUCKETS + 15 + 6 * DAYS);
    expect(fast.stats.checkEvaluations).toBeLessThan(naive.evaluations / 5);
    const resources = (await store.listSnapshots())[0]!.resourceCount;
    console.log(
      `reuse: ${DAYS} snapshots x ${resources} resources, ${TEST_CHECKS.length} checks: ` +
        `${fast.stats.checkEvaluations} evaluations (${fast.stats.resultsReused} reused) vs ${naive.evaluations} naive`,
    );
  });

  it('reuses the real age checks until their verdict can flip, with exactly the naive results', async () => {
    const store = await sharedStore();
    const real = [AccessKeyRotated, AccessKeyRecentlyUsed, PasswordRecentlyUsed] as Check[];
    const { fast, naive } = await both(store, real);
    for (const summary of fast.checks) {
      const ref = naive.byCheck.get(summary.checkId)!;
      expect(summary.tallies, summary.checkId).toEqual(ref.tallies);
      expect(summary.exceptions, summary.checkId).toEqual(ref.exceptions);
    }
    expect(fast.checks.some((c) => c.exceptions.length > 0)).toBe(true);
    expect(fast.stats.checkEvaluations + fast.stats.resultsReused).toBe(naive.evaluations);
    expect(fast.stats.checkEvaluations).toBeLessThan(naive.evaluations / 3);
  });

  it('falls back to diffing a full snapshot when the store chain skips a snapshot, with the same results', async () => {
    const store = await lowChurnStore(12, 30, 5);
    const original = store.loadChanges.bind(store);
    // A store whose change record for day 6 is relative to day 4 (e.g. day 5 written late).
    store.loadChanges = async (id) => {
      const changes = await original(id);
      if (id.includes('2026-01-07'))
        return { ...changes, previous: { ...changes.previous!, id: 'prod/elsewhere' } };
      return changes;
    };
    const config = testConfig();
    const fast = await evaluatePeriodWith({
      store,
      config,
      from: FROM,
      to: '2026-01-12',
      checks: TEST_CHECKS,
      criteria: TEST_CRITERIA,
      controls: TEST_CONTROLS,
    });
    const naive = await evaluateNaively(store, config, FROM, '2026-01-12', TEST_CHECKS);
    for (const summary of fast.checks) {
      expect(summary.tallies).toEqual(naive.byCheck.get(summary.checkId)!.tallies);
      expect(summary.exceptions).toEqual(naive.byCheck.get(summary.checkId)!.exceptions);
    }
  });

  it('stops with the snapshot id when applied changes do not add up to the recorded resource count', async () => {
    const store = await lowChurnStore(5, 10, 2);
    const original = store.loadChanges.bind(store);
    store.loadChanges = async (id) => {
      const changes = await original(id);
      return id.includes('2026-01-03')
        ? { ...changes, changes: changes.changes.filter((c) => c.kind !== 'changed') }
        : changes;
    };
    const lister = store.listSnapshots.bind(store);
    store.listSnapshots = async (f) =>
      (await lister(f)).map((r) =>
        r.id.includes('2026-01-03') ? { ...r, resourceCount: r.resourceCount + 1 } : r,
      );
    await expect(
      evaluatePeriodWith({
        store,
        config: testConfig(),
        from: FROM,
        to: '2026-01-05',
        checks: TEST_CHECKS,
        criteria: TEST_CRITERIA,
        controls: TEST_CONTROLS,
      }),
    ).rejects.toThrow(
      /snapshot prod\/2026-01-03T02:00:00.000Z\/run-2026-01-03: applying its changes .* gives 28 resources, its record says 29/,
    );
  });
});
