import { describe, expect, it } from 'vitest';
import { coverageOfSource } from '../../../controls/period/coverage-of-source.ts';
import type { LedgerEntry, SnapshotRecord } from '../../../store/types.ts';

const SLOTS = ['2026-03-01T02:00:00.000Z', '2026-03-02T02:00:00.000Z', '2026-03-03T02:00:00.000Z'];

const SCHEDULE = { cron: '0 2 * * *', timezone: 'UTC', graceMinutes: 360 };

function record(id: string, scheduledFor: string, options: { capturedAt?: string; offSchedule?: boolean } = {}): SnapshotRecord {
  return {
    id,
    source: 'prod',
    accountId: '1',
    scheduledFor,
    offSchedule: options.offSchedule ?? false,
    capturedAt: options.capturedAt ?? scheduledFor,
    snapshotSha256: 'x',
    resourceCount: 1,
    previousId: null,
    recordKey: id,
  };
}

let seq = 0;
function entry(
  status: LedgerEntry['status'],
  scheduledFor: string,
  startedAt: string,
  snapshotId: string | null,
  reason: string | null = null,
  offSchedule = false,
): LedgerEntry {
  seq++;
  return {
    seq,
    prevHash: null,
    runId: `r${seq}`,
    source: 'prod',
    scheduledFor,
    ...(offSchedule ? { offSchedule: true } : {}),
    startedAt,
    finishedAt: startedAt,
    status,
    reason,
    snapshotId,
    snapshotSha256: null,
    startedSeq: null,
    host: null,
    pid: null,
    deadline: null,
    signature: { algorithm: 'Ed25519', keyFingerprint: '0'.repeat(64), value: `${'A'.repeat(86)}==` },
  };
}

describe('coverageOfSource', () => {
  it('fills a slot with a run that started within the grace time after it', () => {
    const onTime = record('s1', SLOTS[0]!, { capturedAt: '2026-03-01T02:11:00.000Z' });
    const c = coverageOfSource({
      source: 'prod',
      slots: [SLOTS[0]!],
      records: [onTime],
      ledger: [entry('success', SLOTS[0]!, '2026-03-01T07:59:00.000Z', 's1')],
      schedule: SCHEDULE,
    });
    expect(c).toEqual({ source: 'prod', expectedRuns: 1, successfulRuns: 1, gaps: [], offScheduleCount: 0, offSchedule: [] });
  });

  it('does not fill a slot with a late run (a store written before off-schedule runs were marked): the slot is a late gap and the snapshot off-schedule', () => {
    // The user's report: cron 0 2 * * *, grace 6 h, the run for Mar 1 started at 18:21 and was stored under 02:00.
    const late = record('s1', SLOTS[0]!, { capturedAt: '2026-03-01T18:24:00.000Z' });
    const run = entry('success', SLOTS[0]!, '2026-03-01T18:21:00.000Z', 's1');
    const c = coverageOfSource({ source: 'prod', slots: [SLOTS[0]!], records: [late], ledger: [run], schedule: SCHEDULE });
    expect(c.successfulRuns).toBe(0);
    expect(c.offScheduleCount).toBe(1);
    expect(c.offSchedule).toEqual([
      {
        snapshotId: 's1',
        runId: run.runId,
        kind: 'outside-grace',
        slot: SLOTS[0],
        scheduledFor: SLOTS[0],
        startedAt: '2026-03-01T18:21:00.000Z',
        capturedAt: '2026-03-01T18:24:00.000Z',
        reason: 'started 16 h 21 min after the 2026-03-01T02:00:00.000Z slot, outside its 6 h grace time',
      },
    ]);
    expect(c.gaps).toEqual([
      {
        source: 'prod',
        slot: SLOTS[0],
        kind: 'late',
        reason: `run ${run.runId} came too late: started 16 h 21 min after the 2026-03-01T02:00:00.000Z slot, outside its 6 h grace time; its snapshot s1 is off-schedule`,
      },
    ]);
  });

  it('classes a late run the collector marked off-schedule the same way, by its start time', () => {
    const started = '2026-03-01T18:21:00.000Z';
    const late = record('s1', started, { capturedAt: '2026-03-01T18:24:00.000Z', offSchedule: true });
    const c = coverageOfSource({
      source: 'prod',
      slots: [SLOTS[0]!],
      records: [late],
      ledger: [entry('success', started, started, 's1', null, true)],
      schedule: SCHEDULE,
    });
    expect(c.successfulRuns).toBe(0);
    expect(c.offSchedule).toMatchObject([
      { kind: 'outside-grace', slot: SLOTS[0], reason: 'started 16 h 21 min after the 2026-03-01T02:00:00.000Z slot, outside its 6 h grace time' },
    ]);
    expect(c.gaps).toMatchObject([{ slot: SLOTS[0], kind: 'late', reason: expect.stringContaining('came too late: started 16 h 21 min after') }]);
  });

  it('fills nothing with a snapshot taken on purpose off-schedule, even inside a grace window', () => {
    const started = '2026-03-01T03:00:00.000Z';
    const extra = record('s1', started, { capturedAt: '2026-03-01T03:04:00.000Z', offSchedule: true });
    const c = coverageOfSource({
      source: 'prod',
      slots: [SLOTS[0]!],
      records: [extra],
      ledger: [entry('success', started, started, 's1', null, true)],
      schedule: SCHEDULE,
    });
    expect(c.successfulRuns).toBe(0);
    expect(c.offSchedule).toMatchObject([{ snapshotId: 's1', kind: 'on-purpose', slot: SLOTS[0], reason: 'taken on purpose (collect --off-schedule)' }]);
    expect(c.gaps).toEqual([
      {
        source: 'prod',
        slot: SLOTS[0],
        kind: 'missing',
        reason: 'no scheduled run; snapshot s1 was taken off-schedule on purpose and fills no slot',
      },
    ]);
  });

  it('fills a slot once: a second snapshot of it is listed as off-schedule, counted in no slot', () => {
    const c = coverageOfSource({
      source: 'prod',
      slots: SLOTS,
      records: [record('s1b', SLOTS[0]!), record('s1a', SLOTS[0]!), record('s2', SLOTS[1]!)],
      ledger: [
        entry('success', SLOTS[0]!, '2026-03-01T02:01:00.000Z', 's1a'),
        entry('success', SLOTS[0]!, '2026-03-01T04:00:00.000Z', 's1b'),
        entry('success', SLOTS[1]!, SLOTS[1]!, 's2'),
      ],
      schedule: SCHEDULE,
    });
    expect(c.successfulRuns).toBe(2);
    expect(c.gaps.map((g) => [g.slot, g.kind])).toEqual([[SLOTS[2], 'missing']]);
    expect(c.offSchedule).toMatchObject([
      {
        snapshotId: 's1b',
        kind: 'slot-already-filled',
        slot: SLOTS[0],
        reason: `second snapshot of an already filled slot (${SLOTS[0]}, filled by snapshot s1a)`,
      },
    ]);
  });

  it('fills no slot with a snapshot that names a time which is no slot of the schedule', () => {
    const c = coverageOfSource({
      source: 'prod',
      slots: [SLOTS[0]!],
      records: [record('s1', '2026-03-01T05:30:00.000Z')],
      ledger: [],
      schedule: SCHEDULE,
    });
    expect(c.successfulRuns).toBe(0);
    expect(c.offSchedule).toMatchObject([{ kind: 'not-a-slot', slot: null }]);
    expect(c.gaps).toEqual([{ source: 'prod', slot: SLOTS[0], kind: 'missing', reason: null }]);
  });

  it('leaves a slot still inside its grace time pending, not a gap', () => {
    const c = coverageOfSource({
      source: 'prod',
      slots: SLOTS,
      records: [record('s1', SLOTS[0]!), record('s2', SLOTS[1]!)],
      ledger: [],
      schedule: SCHEDULE,
      nowMs: Date.parse('2026-03-03T05:00:00.000Z'),
    });
    expect(c).toMatchObject({ expectedRuns: 2, successfulRuns: 2, gaps: [] });
  });

  it('reports partial runs and failed retries with the ledger reason', () => {
    const c = coverageOfSource({
      source: 'prod',
      slots: SLOTS,
      records: [record('s1', SLOTS[0]!), record('s2', SLOTS[1]!)],
      ledger: [
        entry('partial', SLOTS[1]!, SLOTS[1]!, 's2', 'S3 GetBucketPolicy throttled for 3 buckets'),
        entry('failed', SLOTS[2]!, SLOTS[2]!, null, 'timeout'),
        entry('failed', SLOTS[2]!, '2026-03-03T03:00:00.000Z', null, 'AccessDenied'),
      ],
      schedule: SCHEDULE,
    });
    expect(c.successfulRuns).toBe(1);
    expect(c.gaps).toEqual([
      {
        source: 'prod',
        slot: SLOTS[1],
        kind: 'partial',
        reason: 'snapshot s2 is partial: S3 GetBucketPolicy throttled for 3 buckets',
      },
      {
        source: 'prod',
        slot: SLOTS[2],
        kind: 'failed',
        reason: `2 runs failed; last (r${seq}): AccessDenied`,
      },
    ]);
  });

  it('calls out a run the ledger records as successful whose snapshot is not in the store', () => {
    const c = coverageOfSource({
      source: 'prod',
      slots: [SLOTS[0]!],
      records: [],
      ledger: [entry('success', SLOTS[0]!, SLOTS[0]!, 'gone')],
      schedule: { ...SCHEDULE, graceMinutes: 60 },
    });
    expect(c.gaps[0]).toMatchObject({
      kind: 'missing',
      reason: expect.stringContaining('snapshot gone, but the store has no such snapshot'),
    });
  });
});
