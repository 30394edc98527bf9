import { describe, expect, it } from 'vitest';
import { PeriodEvaluation, type DriftEntry } from '../../../model/evaluation.ts';
import { periodDrift } from '../../../controls/period/period-drift.ts';
import { summarizeDrift } from '../../../controls/period/drift-tally.ts';
import {
  evaluatePeriodWith,
  type EvaluatePeriodWithOptions,
} from '../../../controls/period/evaluate-period-with.ts';
import { PeriodEvaluationError } from '../../../controls/period/period-evaluation-error.ts';
import { zeroDuration } from '../../../controls/period/zero-duration.ts';
import {
  bucket,
  collect,
  MemoryEvidenceStore,
  PUBLIC_READ_STATEMENT,
  TEST_CHECKS,
  TEST_CONTROLS,
  TEST_CRITERIA,
  testConfig,
} from './fakes.ts';
import { RESTRICTED_READ_STATEMENT, tenDayStore } from './scenarios.ts';

function run(store: MemoryEvidenceStore, extra: Partial<EvaluatePeriodWithOptions> = {}) {
  return evaluatePeriodWith({
    store,
    config: testConfig(),
    from: '2026-03-01',
    to: '2026-03-10',
    checks: TEST_CHECKS,
    criteria: TEST_CRITERIA,
    controls: TEST_CONTROLS,
    ...extra,
  });
}

/** The evaluation and its change log as the binder streams it; the evaluation's summary must count exactly those entries. */
async function runWithDrift(store: MemoryEvidenceStore, extra: Partial<EvaluatePeriodWithOptions> = {}) {
  const e = await run(store, extra);
  const drift: DriftEntry[] = [];
  for await (const d of periodDrift(store, e)) drift.push(d);
  expect(e.driftSummary).toEqual(summarizeDrift(drift));
  return { e, drift };
}

function exceptionsOf(e: PeriodEvaluation, checkId: string) {
  return e.checks.find((c) => c.checkId === checkId)!.exceptions;
}

describe('evaluatePeriodWith: exceptions', () => {
  it("copies each check's remediation into its summary, placeholders unfilled, disabled checks included", async () => {
    const e = await run(await tenDayStore(), { config: testConfig({ checks: { disabled: ['iam.no-inline-policies'] } }) });
    expect(() => PeriodEvaluation.parse(e)).not.toThrow();
    for (const check of TEST_CHECKS) expect(e.checks.find((c) => c.checkId === check.id)!.remediation).toEqual(check.remediation);
    expect(e.checks.find((c) => c.checkId === 'iam.no-inline-policies')!.disabled).toBe(true);
  });

  it('dates a fixed failure run by the capture times of its first failing, last failing and first passing snapshot, with their slots beside', async () => {
    const e = await run(await tenDayStore());
    const logs = exceptionsOf(e, 's3.bucket-versioning').filter((x) => x.resourceId === 'arn:aws:s3:::logs');
    expect(logs).toEqual([
      {
        checkId: 's3.bucket-versioning',
        source: 'prod',
        resourceType: 'aws.s3.bucket',
        resourceId: 'arn:aws:s3:::logs',
        firstSeen: '2026-03-03T02:05:00.000Z',
        firstSeenSlot: '2026-03-03T02:00:00.000Z',
        lastSeen: '2026-03-05T02:05:00.000Z',
        lastSeenSlot: '2026-03-05T02:00:00.000Z',
        fixedAt: '2026-03-06T02:05:00.000Z',
        fixedAtSlot: '2026-03-06T02:00:00.000Z',
        open: false,
        durationDays: 3,
        reason: 'bucket logs: versioning Suspended',
        firstSnapshotId: 'prod/2026-03-03T02:00:00.000Z/run-2026-03-03',
        lastSnapshotId: 'prod/2026-03-05T02:00:00.000Z/run-2026-03-05',
        fixedSnapshotId: 'prod/2026-03-06T02:00:00.000Z/run-2026-03-06',
      },
    ]);
  });

  it('keeps a failure run whole across a day with no snapshot', async () => {
    const e = await run(await tenDayStore());
    // Mar 4 has no snapshot; logs failed on Mar 3 and Mar 5: one exception, not two.
    expect(
      exceptionsOf(e, 's3.bucket-versioning').filter((x) => x.resourceId.endsWith(':logs')),
    ).toHaveLength(1);
  });

  it('reports a failure still present in the last snapshot as open, measured to the period end', async () => {
    const e = await run(await tenDayStore());
    const data = exceptionsOf(e, 's3.bucket-versioning').find((x) => x.resourceId.endsWith(':data'))!;
    expect(data).toMatchObject({
      firstSeen: '2026-03-08T02:05:00.000Z',
      lastSeen: '2026-03-10T02:05:00.000Z',
      fixedAt: null,
      fixedAtSlot: null,
      fixedSnapshotId: null,
      open: true,
    });
    expect(data.durationDays).toBeCloseTo(2 + (22 - 5 / 60) / 24, 3); // first observed Mar 8 02:05 -> Mar 11 00:00
  });

  it('measures an open exception only up to "now" in a period still running', async () => {
    const e = await run(await tenDayStore(), { now: new Date('2026-03-10T12:00:00.000Z') });
    const data = exceptionsOf(e, 's3.bucket-versioning').find((x) => x.resourceId.endsWith(':data'))!;
    expect(data.durationDays).toBeCloseTo(2 + (10 - 5 / 60) / 24, 3); // Mar 8 02:05 -> Mar 10 12:00
  });

  it('closes a failure run when the resource disappears', async () => {
    const e = await run(await tenDayStore());
    const tmp = exceptionsOf(e, 's3.bucket-versioning').find((x) => x.resourceId.endsWith(':tmp'))!;
    expect(tmp).toMatchObject({
      firstSeen: '2026-03-01T02:05:00.000Z',
      lastSeen: '2026-03-02T02:05:00.000Z',
      fixedAt: '2026-03-03T02:05:00.000Z',
      open: false,
    });
  });

  it('catches a time-dependent failure on a resource that never changed, and dates its fix', async () => {
    const e = await run(await tenDayStore());
    // alice's key (rotated 2025-12-06) is 91 days old on Mar 7 (no snapshot), so first seen Mar 8; rotated Mar 9.
    expect(exceptionsOf(e, 'iam.access-key-rotated')).toMatchObject([
      {
        resourceId: 'arn:aws:iam::123456789012:user/alice',
        firstSeen: '2026-03-08T02:05:00.000Z',
        fixedAt: '2026-03-09T02:05:00.000Z',
        reason: 'user alice: key 1 is 92 days old',
      },
    ]);
  });

  it('tallies every enabled check in every snapshot', async () => {
    const e = await run(await tenDayStore());
    const versioning = e.checks.find((c) => c.checkId === 's3.bucket-versioning')!;
    expect(versioning.tallies.map((t) => t.scheduledFor.slice(5, 10))).toEqual([
      '03-01',
      '03-02',
      '03-03',
      '03-05',
      '03-06',
      '03-08',
      '03-09',
      '03-10',
    ]);
    expect(versioning.tallies.map((t) => [t.pass, t.fail])).toEqual([
      [4, 1],
      [4, 1],
      [3, 1],
      [3, 1],
      [4, 0],
      [3, 1],
      [3, 1],
      [3, 1],
    ]);
    expect(versioning.passRate).toBeCloseTo(27 / 34, 6);
  });
});

describe('evaluatePeriodWith: coverage', () => {
  it('lists a day without any run as a missing gap and a failed run as a failed gap with its reason', async () => {
    const e = await run(await tenDayStore());
    expect(e.coverage).toEqual([
      {
        source: 'prod',
        expectedRuns: 10,
        successfulRuns: 8,
        offScheduleCount: 0,
        offSchedule: [],
        gaps: [
          { source: 'prod', slot: '2026-03-04T02:00:00.000Z', kind: 'missing', reason: null },
          {
            source: 'prod',
            slot: '2026-03-07T02:00:00.000Z',
            kind: 'failed',
            reason:
              'run run-2026-03-07-failed failed: AccessDenied: not authorized to perform iam:GenerateCredentialReport',
          },
        ],
      },
    ]);
  });

  it('does not expect slots that have not come due yet', async () => {
    const e = await run(await tenDayStore(), { now: new Date('2026-03-09T05:00:00.000Z') });
    // Slots Mar 1..9 are due (Mar 9 02:00 is collected even though its grace time runs to 08:00).
    expect(e.coverage[0]).toMatchObject({ expectedRuns: 9, successfulRuns: 7 });
  });

  it('reports a configured source with no snapshots as entirely missing', async () => {
    const config = testConfig({ sources: [{ name: 'prod' }, { name: 'staging' }] });
    const e = await run(await tenDayStore(), { config });
    const staging = e.coverage.find((c) => c.source === 'staging')!;
    expect(staging).toMatchObject({ expectedRuns: 10, successfulRuns: 0 });
    expect(staging.gaps.every((g) => g.kind === 'missing')).toBe(true);
    expect(e.sources).toEqual([
      { name: 'prod', accountId: '123456789012' },
      { name: 'staging', accountId: null },
    ]);
  });
});

/**
 * Three days on cron 0 2 * * * with 6 h grace: Mar 1 on time (logs versioned); the Mar 2 run started
 * at 18:21 and was stored under the 02:00 slot, as stores did before off-schedule runs were marked
 * (logs Suspended); Mar 3 on time (still Suspended); an extra `collect --off-schedule` at 04:00 on
 * Mar 3 sees logs versioned again.
 */
async function lateRunStore(): Promise<MemoryEvidenceStore> {
  const store = new MemoryEvidenceStore();
  const suspended = { versioning: { status: 'Suspended' as const, mfaDelete: 'Disabled' as const } };
  await collect(store, 'prod', '2026-03-01T02:00:00.000Z', [bucket('logs')]);
  await collect(store, 'prod', '2026-03-02T02:00:00.000Z', [bucket('logs', suspended)], {
    startedAt: '2026-03-02T18:21:00.000Z',
    finishedAt: '2026-03-02T18:25:00.000Z',
  });
  await collect(store, 'prod', '2026-03-03T02:00:00.000Z', [bucket('logs', suspended)]);
  await collect(store, 'prod', '2026-03-03T04:00:00.000Z', [bucket('logs')], {
    startedAt: '2026-03-03T04:00:00.000Z',
    finishedAt: '2026-03-03T04:04:00.000Z',
    offSchedule: true,
    runId: 'run-extra',
  });
  return store;
}

describe('evaluatePeriodWith: off-schedule snapshots', () => {
  const period = { from: '2026-03-01', to: '2026-03-03' };
  const late = 'prod/2026-03-02T02:00:00.000Z/run-2026-03-02';
  const extra = 'prod/2026-03-03T04:00:00.000Z/run-extra';

  it('counts a run outside its grace time in no slot: the slot is a late gap, the snapshot is listed off-schedule', async () => {
    const e = await run(await lateRunStore(), period);
    expect(e.coverage).toHaveLength(1);
    const c = e.coverage[0]!;
    expect(c).toMatchObject({ expectedRuns: 3, successfulRuns: 2, offScheduleCount: 2 });
    expect(c.gaps).toEqual([
      {
        source: 'prod',
        slot: '2026-03-02T02:00:00.000Z',
        kind: 'late',
        reason: `run run-2026-03-02 came too late: started 16 h 21 min after the 2026-03-02T02:00:00.000Z slot, outside its 6 h grace time; its snapshot ${late} is off-schedule`,
      },
    ]);
    expect(c.offSchedule.map((o) => [o.snapshotId, o.kind, o.capturedAt, o.reason])).toEqual([
      [late, 'outside-grace', '2026-03-02T18:25:00.000Z', 'started 16 h 21 min after the 2026-03-02T02:00:00.000Z slot, outside its 6 h grace time'],
      [extra, 'on-purpose', '2026-03-03T04:04:00.000Z', 'taken on purpose (collect --off-schedule)'],
    ]);
  });

  it('evaluates off-schedule snapshots like any other, with no slot beside them', async () => {
    const { e, drift } = await runWithDrift(await lateRunStore(), period);
    expect(e.stats.snapshotsEvaluated).toBe(4);
    expect(e.snapshots.map((s) => [s.snapshotId, s.slot])).toEqual([
      ['prod/2026-03-01T02:00:00.000Z/run-2026-03-01', '2026-03-01T02:00:00.000Z'],
      [late, null],
      ['prod/2026-03-03T02:00:00.000Z/run-2026-03-03', '2026-03-03T02:00:00.000Z'],
      [extra, null],
    ]);
    expect(drift.map((d) => [d.snapshotId, d.at, d.slot])).toEqual([
      [late, '2026-03-02T18:25:00.000Z', null],
      [extra, '2026-03-03T04:04:00.000Z', null],
    ]);
  });

  it('dates exceptions by capture time, not by the slot a late run names, and measures them between observations', async () => {
    const e = await run(await lateRunStore(), period);
    expect(exceptionsOf(e, 's3.bucket-versioning')).toEqual([
      expect.objectContaining({
        resourceId: 'arn:aws:s3:::logs',
        firstSeen: '2026-03-02T18:25:00.000Z', // observed at 18:25, not "02:00"
        firstSeenSlot: null,
        lastSeen: '2026-03-03T02:05:00.000Z',
        lastSeenSlot: '2026-03-03T02:00:00.000Z',
        fixedAt: '2026-03-03T04:04:00.000Z',
        fixedAtSlot: null,
        fixedSnapshotId: extra,
        open: false,
        durationDays: Math.round(((9 * 60 + 39) / 1440) * 1000) / 1000, // 18:25 -> 04:04 next day, not 02:00 -> 04:04
      }),
    ]);
    expect(() => PeriodEvaluation.parse(e)).not.toThrow();
  });

  it('orders snapshots by when they were observed, not by the slot a late run names', async () => {
    // Mar 2: an on-purpose snapshot at 04:00 sees logs Suspended; the Mar 2 run, stored under 02:00, only ran at 18:21.
    const store = new MemoryEvidenceStore();
    const suspended = { versioning: { status: 'Suspended' as const, mfaDelete: 'Disabled' as const } };
    await collect(store, 'prod', '2026-03-01T02:00:00.000Z', [bucket('logs')]);
    await collect(store, 'prod', '2026-03-02T04:00:00.000Z', [bucket('logs', suspended)], {
      startedAt: '2026-03-02T04:00:00.000Z',
      offSchedule: true,
      runId: 'run-extra',
    });
    await collect(store, 'prod', '2026-03-02T02:00:00.000Z', [bucket('logs')], { startedAt: '2026-03-02T18:21:00.000Z' });
    const e = await run(store, { from: '2026-03-01', to: '2026-03-02' });
    expect(e.snapshots.map((s) => s.capturedAt)).toEqual(['2026-03-01T02:05:00.000Z', '2026-03-02T04:04:00.000Z', '2026-03-02T18:25:00.000Z']);
    expect(exceptionsOf(e, 's3.bucket-versioning')).toMatchObject([
      { firstSeen: '2026-03-02T04:04:00.000Z', fixedAt: '2026-03-02T18:25:00.000Z', fixedAtSlot: null, durationDays: Math.round((861 / 1440) * 1000) / 1000 },
    ]);
  });
});

describe('evaluatePeriodWith: drift', () => {
  it('shows the old and the new statement of a changed bucket policy', async () => {
    const { drift } = await runWithDrift(await tenDayStore());
    const web = drift.filter((d) => d.resourceId === 'arn:aws:s3:::web');
    expect(web).toEqual([
      {
        source: 'prod',
        snapshotId: 'prod/2026-03-02T02:00:00.000Z/run-2026-03-02',
        at: '2026-03-02T02:05:00.000Z', // observed at capture, the slot beside it
        slot: '2026-03-02T02:00:00.000Z',
        previousSnapshotId: 'prod/2026-03-01T02:00:00.000Z/run-2026-03-01',
        resourceType: 'aws.s3.bucket',
        resourceId: 'arn:aws:s3:::web',
        kind: 'changed',
        fields: [
          { path: 'policy.Statement[1]', before: PUBLIC_READ_STATEMENT, after: RESTRICTED_READ_STATEMENT },
          { path: 'policyStatusIsPublic', before: true, after: false },
        ],
      },
    ]);
  });

  it('records no change for a resource that never changed, and records removals', async () => {
    const { drift } = await runWithDrift(await tenDayStore());
    expect(drift.filter((d) => d.resourceId.endsWith(':archive'))).toEqual([]);
    expect(drift.filter((d) => d.resourceId.endsWith(':tmp'))).toMatchObject([
      { kind: 'removed', at: '2026-03-03T02:05:00.000Z', slot: '2026-03-03T02:00:00.000Z', fields: [] },
    ]);
  });

  it('compares the first snapshot of the period with the one before the period', async () => {
    const { e, drift } = await runWithDrift(await tenDayStore({ withBeforePeriod: true }));
    const first = drift.filter((d) => d.slot === '2026-03-01T02:00:00.000Z');
    expect(first).toEqual([
      expect.objectContaining({
        previousSnapshotId: 'prod/2026-02-28T02:00:00.000Z/run-2026-02-28',
        resourceId: 'arn:aws:s3:::data',
        fields: [{ path: 'versioning.status', before: 'Suspended', after: 'Enabled' }],
      }),
    ]);
    // The snapshot before the period is context for drift only: it adds no tallies or exceptions.
    expect(e.snapshots.map((s) => s.scheduledFor.slice(0, 10))).not.toContain('2026-02-28');
    expect(
      exceptionsOf(e, 's3.bucket-versioning').some((x) => x.resourceId.endsWith(':data') && !x.open),
    ).toBe(false);
  });
});

describe('evaluatePeriodWith: controls and criteria', () => {
  it('gives controls effective (change records) / exceptions / not-tested / manual and criteria their scope', async () => {
    const e = await run(await tenDayStore());
    expect(Object.fromEntries(e.controls.map((c) => [c.controlId, c.status]))).toEqual({
      'AC-01': 'exceptions',
      'CM-01': 'not-tested',
      'CM-02': 'effective',
      'DP-01': 'exceptions',
      'GV-01': 'manual',
    });
    const dp = e.controls.find((c) => c.controlId === 'DP-01')!;
    expect(dp).toMatchObject({ openExceptions: 1, closedExceptions: 3 });
    expect(
      Object.fromEntries(e.criteria.map((c) => [c.criterionId, [c.status, c.coverage, c.inScope]])),
    ).toEqual({
      'CC1.1': ['manual', 'manual', true],
      'CC6.1': ['exceptions', 'automated', true],
      'CC7.1': ['not-tested', 'none', true],
      'CC8.1': ['not-tested', 'automated', true], // CM-02 effective, but CM-01's check never ran
      'A1.2': ['out-of-scope', 'automated', false],
      'C1.1': ['out-of-scope', 'none', false],
    });
  });

  it('calls a control effective when its checks ran without exceptions', async () => {
    const e = await run(await tenDayStore(), { from: '2026-03-06', to: '2026-03-06' });
    expect(e.controls.find((c) => c.controlId === 'DP-01')).toMatchObject({
      status: 'effective',
      passRate: 1,
      openExceptions: 0,
    });
    expect(e.criteria.find((c) => c.criterionId === 'CC6.1')!.status).toBe('effective');
  });

  it('calls automated controls not tested when the period holds no snapshot', async () => {
    const e = await run(await tenDayStore(), { from: '2026-04-01', to: '2026-04-02' });
    expect(e.controls.find((c) => c.controlId === 'DP-01')).toMatchObject({
      status: 'not-tested',
      passRate: null,
    });
    expect(e.controls.find((c) => c.controlId === 'CM-02')!.status).toBe('not-tested');
    expect(e.evaluatedAsOf).toBe('2026-04-01T00:00:00.000Z');
  });

  it('brings availability criteria into scope when the config lists the category', async () => {
    const e = await run(await tenDayStore(), { config: testConfig({ categories: ['availability'] }) });
    expect(e.criteria.find((c) => c.criterionId === 'A1.2')).toMatchObject({
      inScope: true,
      status: 'exceptions',
    });
    expect(e.categories).toEqual(['availability', 'security']);
  });

  it('reports disabled checks as disabled, without results, and leaves them out of control status', async () => {
    const config = testConfig({ checks: { disabled: ['iam.access-key-rotated'] } });
    const e = await run(await tenDayStore(), { config });
    expect(e.checks.find((c) => c.checkId === 'iam.access-key-rotated')).toMatchObject({
      disabled: true,
      tallies: [],
      exceptions: [],
      passRate: null,
    });
    expect(e.controls.find((c) => c.controlId === 'AC-01')!.status).toBe('not-tested');
  });

  it('rejects a disabled id that names no check, naming the config field', async () => {
    const config = testConfig({ checks: { disabled: ['s3.no-such-check'] } });
    await expect(run(await tenDayStore(), { config })).rejects.toThrow(
      /checks\.disabled\[0\]: "s3\.no-such-check" is not a known check id/,
    );
  });
});

describe('evaluatePeriodWith: output', () => {
  it('produces a valid PeriodEvaluation with settings, snapshots and the latest capture time', async () => {
    const e = await run(await tenDayStore());
    expect(() => PeriodEvaluation.parse(e)).not.toThrow();
    expect(e.evaluatedAsOf).toBe('2026-03-10T02:05:00.000Z');
    expect(e.snapshots).toHaveLength(8);
    expect(e.checks.find((c) => c.checkId === 'iam.access-key-rotated')!.settings).toEqual({
      accessKeyMaxAgeDays: 90,
    });
    expect(e.stats.snapshotsEvaluated).toBe(8);
  });

  it('is deterministic: two runs, and a store listing in another order, give the same JSON but durationMs', async () => {
    const store = await tenDayStore({ withBeforePeriod: true });
    const a = JSON.stringify(zeroDuration(await run(store)));
    const b = JSON.stringify(zeroDuration(await run(store)));
    store.reverseListing = true;
    const c = JSON.stringify(zeroDuration(await run(store)));
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('reports progress once per snapshot', async () => {
    const seen: [number, number][] = [];
    await run(await tenDayStore(), { progress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, 8]));
  });

  it('rejects a malformed period, naming the option', async () => {
    await expect(run(await tenDayStore(), { from: '2026-02-30' })).rejects.toThrow(PeriodEvaluationError);
    await expect(run(await tenDayStore(), { from: '2026-03-05', to: '2026-03-01' })).rejects.toThrow(
      /"to" \(2026-03-01\) is before "from"/,
    );
  });
});
