/**
 * The alert policy: sequences of run outcomes and missed slots give exactly one alert per failed
 * run, one per missed slot and one recovery per streak; skipped runs are silent; and the state
 * comes back from a real store's ledger after a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AlertPolicy, runObserved, type Alert, type SourceEvent } from '../../alerts/alert-policy.ts';
import type { FinishStatus, LedgerEntry } from '../../store/types.ts';
import { freshStore, type FreshStore } from '../collectors/fresh-store.ts';

const slot = (day: number) => new Date(Date.UTC(2026, 2, day, 2)).toISOString();
const at = (day: number, minutes = 3) => new Date(Date.UTC(2026, 2, day, 2, minutes)).toISOString();
const run = (
  source: string,
  day: number,
  status: 'success' | 'failed' | 'skipped',
  runId = `${source}-r${day}`,
): SourceEvent => ({
  kind: 'run',
  source,
  runId,
  slot: slot(day),
  status,
  reason: status === 'failed' ? 'iam:GetAccountAuthorizationDetails failed with AccessDenied' : null,
  at: at(day),
});
const missed = (source: string, day: number): SourceEvent => ({
  kind: 'slot-missed',
  source,
  slot: slot(day),
  reason: 'no run started within the grace time',
  at: at(day, 360),
});
const feed = (policy: AlertPolicy, events: SourceEvent[]): Alert[] =>
  events.flatMap((e) => policy.observe(e));

describe('alert policy', () => {
  it('sends nothing while a source succeeds, and nothing for skipped runs', () => {
    const policy = new AlertPolicy();
    expect(
      feed(policy, [
        run('prod', 1, 'success'),
        run('prod', 2, 'skipped'),
        run('prod', 2, 'success'),
        run('prod', 3, 'skipped'),
      ]),
    ).toEqual([]);
  });

  it('sends one run-failed per failed run and one recovery naming the streak', () => {
    const policy = new AlertPolicy();
    const alerts = feed(policy, [
      run('prod', 1, 'success'),
      run('prod', 2, 'failed'),
      run('prod', 3, 'skipped'),
      run('prod', 3, 'failed'),
      run('prod', 4, 'success'),
      run('prod', 5, 'success'),
    ]);
    expect(alerts.map((a) => [a.kind, a.runId])).toEqual([
      ['run-failed', 'prod-r2'],
      ['run-failed', 'prod-r3'],
      ['recovered', 'prod-r4'],
    ]);
    expect(alerts[0]).toEqual({
      kind: 'run-failed',
      source: 'prod',
      runId: 'prod-r2',
      slot: slot(2),
      reason: 'iam:GetAccountAuthorizationDetails failed with AccessDenied',
      at: at(2),
    });
    expect(alerts[2]).toMatchObject({
      kind: 'recovered',
      failingSince: at(2),
      failedRuns: 2,
      missedSlots: 0,
      downMs: 2 * 86_400_000,
      slot: slot(4),
    });
    expect(policy.stateOf('prod')).toEqual({ failingSince: null, failedRuns: 0, missedSlots: 0 });
  });

  it('sends one slot-missed per missed slot and counts them in the recovery', () => {
    const policy = new AlertPolicy();
    const alerts = feed(policy, [
      missed('prod', 1),
      missed('prod', 1),
      run('prod', 2, 'failed'),
      missed('prod', 3),
      run('prod', 4, 'success'),
    ]);
    expect(alerts.map((a) => [a.kind, a.slot])).toEqual([
      ['slot-missed', slot(1)],
      ['run-failed', slot(2)],
      ['slot-missed', slot(3)],
      ['recovered', slot(4)],
    ]);
    expect(alerts[3]).toMatchObject({ failingSince: at(1, 360), failedRuns: 1, missedSlots: 2 });
  });

  it('alerts a run once however often its outcome is observed, and recovers once', () => {
    const policy = new AlertPolicy();
    const failed = run('prod', 2, 'failed');
    const ok = run('prod', 3, 'success');
    expect(feed(policy, [failed, failed, ok, ok, failed]).map((a) => a.kind)).toEqual([
      'run-failed',
      'recovered',
    ]);
  });

  it('keeps sources apart', () => {
    const policy = new AlertPolicy();
    const alerts = feed(policy, [
      run('prod', 1, 'failed'),
      run('staging', 1, 'success'),
      run('staging', 2, 'failed'),
      run('prod', 2, 'success'),
      run('staging', 3, 'success'),
    ]);
    expect(alerts.map((a) => `${a.kind}:${a.source}`)).toEqual([
      'run-failed:prod',
      'run-failed:staging',
      'recovered:prod',
      'recovered:staging',
    ]);
  });

  it('takes an off-schedule failure and a recovery from the collector outcome', () => {
    const policy = new AlertPolicy();
    const failedAt = new Date(Date.UTC(2026, 2, 1, 14));
    const [failed] = policy.observe(
      runObserved(
        { source: 'prod', runId: 'x1', slot: null, status: 'failed', reason: 'timed out' },
        failedAt,
      ),
    );
    expect(failed).toEqual({
      kind: 'run-failed',
      source: 'prod',
      runId: 'x1',
      slot: null,
      reason: 'timed out',
      at: failedAt.toISOString(),
    });
    const [recovered] = policy.observe(
      runObserved(
        { source: 'prod', runId: 'x2', slot: slot(2), status: 'success', reason: null },
        new Date(Date.UTC(2026, 2, 2, 2, 30)),
      ),
    );
    expect(recovered).toMatchObject({ kind: 'recovered', downMs: 12.5 * 3_600_000 });
  });
});

describe('alert policy after a restart', () => {
  let fresh: FreshStore | undefined;
  afterEach(async () => {
    await fresh?.remove();
    fresh = undefined;
  });

  /** A real ledger: each run a started entry and its finish entry. */
  async function ledgerOf(
    runs: Array<{ source: string; day: number; status: FinishStatus }>,
  ): Promise<LedgerEntry[]> {
    fresh = await freshStore('binder-alerts-');
    for (const r of runs) {
      const base = {
        runId: `${r.source}-r${r.day}`,
        source: r.source,
        scheduledFor: slot(r.day),
        startedAt: at(r.day, 0),
      };
      const started = await fresh.store.appendLedger({
        ...base,
        finishedAt: null,
        status: 'started',
        reason: null,
        snapshotId: null,
        snapshotSha256: null,
        startedSeq: null,
        host: 'h',
        pid: 1,
        deadline: at(r.day, 30),
      });
      await fresh.store.appendLedger({
        ...base,
        finishedAt: at(r.day),
        status: r.status,
        reason: r.status === 'success' ? null : 'boom',
        snapshotId: null,
        snapshotSha256: null,
        startedSeq: started.seq,
        host: null,
        pid: null,
        deadline: null,
      });
    }
    return fresh.store.readLedger();
  }

  it('a source whose latest runs failed or were interrupted is failing: its next success recovers once, its old failures are not alerted again', async () => {
    const ledger = await ledgerOf([
      { source: 'prod', day: 1, status: 'failed' },
      { source: 'prod', day: 2, status: 'success' },
      { source: 'prod', day: 3, status: 'failed' },
      { source: 'prod', day: 4, status: 'interrupted' },
      { source: 'staging', day: 4, status: 'success' },
    ]);
    const policy = AlertPolicy.fromLedger([...ledger].reverse());
    expect(policy.stateOf('prod')).toEqual({ failingSince: at(3), failedRuns: 2, missedSlots: 0 });
    expect(policy.stateOf('staging')).toEqual({ failingSince: null, failedRuns: 0, missedSlots: 0 });
    expect(policy.observe(run('prod', 4, 'failed'))).toEqual([]); // r4's outcome again: already alerted
    expect(policy.observe(run('staging', 5, 'success'))).toEqual([]);
    const alerts = feed(policy, [run('prod', 5, 'success'), run('prod', 6, 'success')]);
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'recovered', source: 'prod', failedRuns: 2, failingSince: at(3) }),
    ]);
  });

  it('a source whose latest run succeeded is healthy; known missed slots after it make it failing', async () => {
    const ledger = await ledgerOf([
      { source: 'prod', day: 1, status: 'failed' },
      { source: 'prod', day: 2, status: 'success' },
    ]);
    expect(AlertPolicy.fromLedger(ledger).stateOf('prod')).toEqual({
      failingSince: null,
      failedRuns: 0,
      missedSlots: 0,
    });
    const policy = AlertPolicy.fromLedger(ledger, {
      missedSlots: [
        { source: 'prod', slot: slot(1) },
        { source: 'prod', slot: slot(3) },
      ],
    });
    expect(policy.stateOf('prod')).toEqual({ failingSince: slot(3), failedRuns: 0, missedSlots: 1 });
    expect(policy.observe(missed('prod', 3))).toEqual([]);
    expect(feed(policy, [missed('prod', 4), run('prod', 5, 'success')]).map((a) => a.kind)).toEqual([
      'slot-missed',
      'recovered',
    ]);
  });
});
