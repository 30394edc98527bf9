import { describe, expect, it } from 'vitest';
import { coverageOfSource } from '../../../controls/period/coverage-of-source.ts';
import type { LedgerEntry, SnapshotRecord } from '../../../store/types.ts';

const SLOTS = ['2026-03-01T02:00:00.000Z', '2026-03-02T02:00:00.000Z', '2026-03-03T02:00:00.000Z'];

function record(id: string, scheduledFor: string): SnapshotRecord {
  return {
    id,
    source: 'prod',
    accountId: '1',
    scheduledFor,
    offSchedule: false,
    capturedAt: scheduledFor,
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
): LedgerEntry {
  seq++;
  return {
    seq,
    prevHash: null,
    runId: `r${seq}`,
    source: 'prod',
    scheduledFor,
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
  it('counts a run started within the grace time after a slot for that slot', () => {
    // A manual run scheduled "now" at 05:30 on Mar 2 fills the 02:00 slot (grace 6 h).
    const late = record('s2', '2026-03-02T05:30:00.000Z');
    const c = coverageOfSource({
      source: 'prod',
      slots: SLOTS,
      records: [record('s1', SLOTS[0]!), late, record('s3', SLOTS[2]!)],
      ledger: [entry('success', late.scheduledFor, late.scheduledFor, 's2')],
      graceMinutes: 360,
    });
    expect(c).toEqual({ source: 'prod', expectedRuns: 3, successfulRuns: 3, gaps: [] });
  });

  it('does not count a run after the grace time, and lets one snapshot fill one slot only', () => {
    const c = coverageOfSource({
      source: 'prod',
      slots: SLOTS,
      records: [record('s1', SLOTS[0]!), record('s2', '2026-03-02T09:00:00.000Z')],
      ledger: [],
      graceMinutes: 360,
    });
    expect(c.successfulRuns).toBe(1);
    expect(c.gaps.map((g) => [g.slot, g.kind])).toEqual([
      [SLOTS[1], 'missing'],
      [SLOTS[2], 'missing'],
    ]);
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
      graceMinutes: 360,
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
      graceMinutes: 60,
    });
    expect(c.gaps[0]).toMatchObject({
      kind: 'missing',
      reason: expect.stringContaining('snapshot gone, but the store has no such snapshot'),
    });
  });
});
