/**
 * Expected vs actual collection runs of one source. A slot is collected when a snapshot's
 * scheduledFor equals it, or when a successful run started (or was scheduled) within graceMinutes
 * after it; each snapshot fills at most one slot. Every slot left over is a gap, with the ledger's
 * word on why: failed (with the run's reason), partial, or missing (no run recorded at all).
 */
import type { Coverage, CoverageGap } from '../../model/evaluation.ts';
import type { LedgerEntry, SnapshotRecord } from '../../store/types.ts';

export interface CoverageInput {
  source: string;
  /** Expected slots, UTC ISO, ascending. */
  slots: readonly string[];
  /** Snapshots of this source in the period. */
  records: readonly SnapshotRecord[];
  /** Ledger entries of this source (any time; only those near a slot matter). */
  ledger: readonly LedgerEntry[];
  graceMinutes: number;
  /** In a period still running: a slot whose grace time has not passed and has no run is pending, not a gap. */
  nowMs?: number;
}

interface TimedEvent<T> {
  at: number;
  item: T;
}

/** First index whose `at` is >= t (events sorted by at). */
function lowerBound<T>(events: readonly TimedEvent<T>[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function inWindow<T>(events: readonly TimedEvent<T>[], from: number, to: number): T[] {
  const out: T[] = [];
  for (let i = lowerBound(events, from); i < events.length && events[i]!.at <= to; i++)
    out.push(events[i]!.item);
  return out;
}

function byTime<T>(events: TimedEvent<T>[]): TimedEvent<T>[] {
  return events.sort((a, b) => a.at - b.at);
}

export function coverageOfSource(input: CoverageInput): Coverage {
  const graceMs = input.graceMinutes * 60_000;
  const ledgerBySnapshot = new Map<string, LedgerEntry>();
  // `started` entries only announce a run; its finish entry (or a later `interrupted` one) is the outcome.
  const outcomes = input.ledger.filter((e) => e.status !== 'started');
  for (const e of outcomes) if (e.snapshotId && e.status !== 'interrupted') ledgerBySnapshot.set(e.snapshotId, e);
  const knownSnapshots = new Set(input.records.map((r) => r.id));

  // A snapshot can match a slot by its scheduledFor or by when its run started.
  const snapshotEvents: TimedEvent<SnapshotRecord>[] = [];
  for (const r of input.records) {
    snapshotEvents.push({ at: Date.parse(r.scheduledFor), item: r });
    const entry = ledgerBySnapshot.get(r.id);
    if (entry) snapshotEvents.push({ at: Date.parse(entry.startedAt), item: r });
  }
  byTime(snapshotEvents);
  // Runs that produced no usable snapshot: failed ones, and "successful" ones whose snapshot is absent.
  const ledgerEvents: TimedEvent<LedgerEntry>[] = [];
  for (const e of outcomes) {
    if (e.snapshotId && knownSnapshots.has(e.snapshotId) && e.status !== 'interrupted') continue;
    ledgerEvents.push({ at: Date.parse(e.scheduledFor), item: e });
    if (e.startedAt !== e.scheduledFor) ledgerEvents.push({ at: Date.parse(e.startedAt), item: e });
  }
  byTime(ledgerEvents);

  const used = new Set<string>();
  const gaps: CoverageGap[] = [];
  let successfulRuns = 0;
  let pending = 0;
  for (const slot of input.slots) {
    const s = Date.parse(slot);
    const candidates = inWindow(snapshotEvents, s, s + graceMs).filter((r) => !used.has(r.id));
    const statusOf = (r: SnapshotRecord) => ledgerBySnapshot.get(r.id)?.status ?? 'success';
    const exact = candidates.find((r) => Date.parse(r.scheduledFor) === s && statusOf(r) === 'success');
    const success = exact ?? candidates.find((r) => statusOf(r) === 'success');
    if (success) {
      used.add(success.id);
      successfulRuns++;
      continue;
    }
    const partial = candidates.find((r) => statusOf(r) === 'partial');
    if (partial) {
      used.add(partial.id);
      const reason = ledgerBySnapshot.get(partial.id)?.reason ?? null;
      gaps.push({
        source: input.source,
        slot,
        kind: 'partial',
        reason: `snapshot ${partial.id} is partial${reason ? `: ${reason}` : ''}`,
      });
      continue;
    }
    const gap = gapFromLedger(input.source, slot, dedupe(inWindow(ledgerEvents, s, s + graceMs)));
    if (gap.kind === 'missing' && input.nowMs !== undefined && s + graceMs > input.nowMs) {
      pending++;
      continue;
    }
    gaps.push(gap);
  }
  return { source: input.source, expectedRuns: input.slots.length - pending, successfulRuns, gaps };
}

function dedupe(entries: LedgerEntry[]): LedgerEntry[] {
  const seen = new Set<number>();
  return entries
    .filter((e) => (seen.has(e.seq) ? false : (seen.add(e.seq), true)))
    .sort((a, b) => a.seq - b.seq);
}

function gapFromLedger(source: string, slot: string, runs: LedgerEntry[]): CoverageGap {
  const failed = runs.filter((e) => e.status === 'failed' || e.status === 'interrupted');
  if (failed.length > 0) {
    const last = failed[failed.length - 1]!;
    const why = last.status === 'interrupted' ? `interrupted: ${last.reason ?? 'no reason recorded'}` : (last.reason ?? 'no reason recorded');
    return {
      source,
      slot,
      kind: 'failed',
      reason:
        failed.length === 1
          ? last.status === 'interrupted'
            ? `run ${last.runId} was ${why}`
            : `run ${last.runId} failed: ${why}`
          : `${failed.length} runs failed; last (${last.runId}): ${why}`,
    };
  }
  const vanished = runs.find((e) => (e.status === 'success' || e.status === 'partial') && e.snapshotId);
  if (vanished) {
    return {
      source,
      slot,
      kind: 'missing',
      reason: `ledger records run ${vanished.runId} as ${vanished.status} with snapshot ${vanished.snapshotId}, but the store has no such snapshot in the period`,
    };
  }
  return { source, slot, kind: 'missing', reason: null };
}
