/**
 * Expected vs actual collection runs of one source, by the slot rules of schedule/slot-rules.ts: a
 * snapshot fills the slot it names only when its run started within graceMinutes after it and it is
 * not marked off-schedule (fillsNamedSlot), and a slot is filled at most once. Every other snapshot
 * is off-schedule: listed with why (taken on purpose, started outside the grace time, second
 * snapshot of a filled slot, names no slot), evaluated like any other, counted in no slot. Every
 * slot left over is a gap, with the ledger's word on why: failed (with the run's reason), partial,
 * late (its only run started after the grace time), or missing (no run recorded at all).
 */
import type { ScheduleConfig } from '../../config/schema.ts';
import type { Coverage, CoverageGap, OffScheduleSnapshot } from '../../model/evaluation.ts';
import { fillsNamedSlot, formatDuration, placeRun } from '../../schedule/slot-rules.ts';
import type { LedgerEntry, SnapshotRecord } from '../../store/types.ts';

export interface CoverageInput {
  source: string;
  /** Expected slots, UTC ISO, ascending. */
  slots: readonly string[];
  /** Snapshots of this source in the period. */
  records: readonly SnapshotRecord[];
  /** Ledger entries of this source (any time; only those near a slot matter). */
  ledger: readonly LedgerEntry[];
  schedule: Pick<ScheduleConfig, 'cron' | 'timezone' | 'graceMinutes'>;
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

interface Run {
  record: SnapshotRecord;
  entry: LedgerEntry | undefined;
  startedAt: string | null;
}

export function coverageOfSource(input: CoverageInput): Coverage {
  const graceMs = input.schedule.graceMinutes * 60_000;
  const ledgerBySnapshot = new Map<string, LedgerEntry>();
  // `started` entries only announce a run; its finish entry (or a later `interrupted` one) is the outcome.
  const outcomes = input.ledger.filter((e) => e.status !== 'started');
  for (const e of outcomes) if (e.snapshotId && e.status !== 'interrupted') ledgerBySnapshot.set(e.snapshotId, e);
  const knownSnapshots = new Set(input.records.map((r) => r.id));
  const slotByMs = new Map(input.slots.map((s) => [Date.parse(s), s]));

  // Runs in the order they started: the first on-time run of a slot fills it.
  const runs: Run[] = input.records
    .map((record) => {
      const entry = ledgerBySnapshot.get(record.id);
      return { record, entry, startedAt: entry?.startedAt ?? null };
    })
    .sort(
      (a, b) =>
        Date.parse(a.startedAt ?? a.record.scheduledFor) - Date.parse(b.startedAt ?? b.record.scheduledFor) ||
        Date.parse(a.record.capturedAt) - Date.parse(b.record.capturedAt) ||
        (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0),
    );
  const onTime = new Map<number, Run[]>();
  const offSchedule: OffScheduleSnapshot[] = [];
  for (const run of runs) {
    const named = Date.parse(run.record.scheduledFor);
    if (slotByMs.has(named) && fillsNamedSlot(run.record, run.startedAt, input.schedule.graceMinutes)) {
      const list = onTime.get(named);
      if (list) list.push(run);
      else onTime.set(named, [run]);
    } else {
      offSchedule.push(describeOffSchedule(run, input.schedule, slotByMs));
    }
  }

  // Runs that produced no usable snapshot: failed ones, and "successful" ones whose snapshot is absent.
  // Off-schedule runs never stand for a slot, so they explain no gap either.
  const ledgerEvents: TimedEvent<LedgerEntry>[] = [];
  for (const e of outcomes) {
    if (e.offSchedule) continue;
    if (e.snapshotId && knownSnapshots.has(e.snapshotId) && e.status !== 'interrupted') continue;
    ledgerEvents.push({ at: Date.parse(e.scheduledFor), item: e });
    if (e.startedAt !== e.scheduledFor) ledgerEvents.push({ at: Date.parse(e.startedAt), item: e });
  }
  byTime(ledgerEvents);

  const statusOf = (r: Run) => r.entry?.status ?? 'success';
  const gaps: CoverageGap[] = [];
  let successfulRuns = 0;
  let pending = 0;
  for (const slot of input.slots) {
    const s = Date.parse(slot);
    const candidates = onTime.get(s) ?? [];
    const filler = candidates.find((r) => statusOf(r) === 'success') ?? null;
    const standIn = filler ?? candidates[0] ?? null; // a partial run stands for the slot it did not fill
    for (const extra of candidates) {
      if (extra === standIn) continue;
      offSchedule.push({
        ...offScheduleFields(extra),
        kind: 'slot-already-filled',
        slot,
        reason: filler
          ? `second snapshot of an already filled slot (${slot}, filled by snapshot ${filler.record.id})`
          : `second snapshot of the ${slot} slot (partial snapshot ${standIn!.record.id} stands for it)`,
      });
    }
    if (filler) {
      successfulRuns++;
      continue;
    }
    if (standIn) {
      const reason = standIn.entry?.reason ?? null;
      gaps.push({
        source: input.source,
        slot,
        kind: 'partial',
        reason: `snapshot ${standIn.record.id} is partial${reason ? `: ${reason}` : ''}`,
      });
      continue;
    }
    const late = offSchedule.filter((o) => o.kind === 'outside-grace' && o.slot === slot);
    const gap = gapFromLedger(input.source, slot, dedupe(inWindow(ledgerEvents, s, s + graceMs)), late);
    if (gap.kind === 'missing' && input.nowMs !== undefined && s + graceMs > input.nowMs) {
      pending++;
      continue;
    }
    if (gap.kind === 'missing' && gap.reason === null) {
      const onPurpose = offSchedule.filter((o) => o.kind === 'on-purpose' && o.slot === slot);
      if (onPurpose.length > 0) {
        gap.reason = `no scheduled run; ${onPurpose.map((o) => `snapshot ${o.snapshotId}`).join(', ')} was taken off-schedule on purpose and fills no slot`;
      }
    }
    gaps.push(gap);
  }
  offSchedule.sort(
    (a, b) =>
      Date.parse(a.capturedAt) - Date.parse(b.capturedAt) ||
      (a.snapshotId < b.snapshotId ? -1 : a.snapshotId > b.snapshotId ? 1 : 0),
  );
  return {
    source: input.source,
    expectedRuns: input.slots.length - pending,
    successfulRuns,
    gaps,
    offScheduleCount: offSchedule.length,
    offSchedule,
  };
}

function offScheduleFields(run: Run): Pick<OffScheduleSnapshot, 'snapshotId' | 'runId' | 'scheduledFor' | 'startedAt' | 'capturedAt'> {
  return {
    snapshotId: run.record.id,
    runId: run.entry?.runId ?? null,
    scheduledFor: run.record.scheduledFor,
    startedAt: run.startedAt,
    capturedAt: run.record.capturedAt,
  };
}

/** Why a snapshot fills no slot (second snapshots of a slot are told apart later, per slot). */
function describeOffSchedule(
  run: Run,
  schedule: CoverageInput['schedule'],
  slotByMs: ReadonlyMap<number, string>,
): OffScheduleSnapshot {
  const base = offScheduleFields(run);
  const { record } = run;
  const grace = formatDuration(schedule.graceMinutes * 60_000);
  if (record.offSchedule) {
    // An off-schedule record's scheduledFor is its run's start time.
    const placement = placeRun(schedule, new Date(run.startedAt ?? record.scheduledFor));
    const slot = placement.kind === 'slot' ? placement.slot : placement.latestSlot;
    const known = slotByMs.get(slot.getTime()) ?? null;
    return placement.kind === 'slot'
      ? { ...base, kind: 'on-purpose', slot: known, reason: 'taken on purpose (collect --off-schedule)' }
      : { ...base, kind: 'outside-grace', slot: known, reason: placement.reason };
  }
  const named = slotByMs.get(Date.parse(record.scheduledFor));
  if (named === undefined) {
    return { ...base, kind: 'not-a-slot', slot: null, reason: `names ${record.scheduledFor}, which is no slot of schedule.cron in the period` };
  }
  // Names a slot (a store written before off-schedule runs were marked) but started outside its grace time.
  const lateMs = Date.parse(run.startedAt!) - Date.parse(named);
  return {
    ...base,
    kind: 'outside-grace',
    slot: named,
    reason:
      lateMs < 0
        ? `started ${formatDuration(-lateMs)} before the ${named} slot it names`
        : `started ${formatDuration(lateMs)} after the ${named} slot, outside its ${grace} grace time`,
  };
}

function dedupe(entries: LedgerEntry[]): LedgerEntry[] {
  const seen = new Set<number>();
  return entries
    .filter((e) => (seen.has(e.seq) ? false : (seen.add(e.seq), true)))
    .sort((a, b) => a.seq - b.seq);
}

function lateText(late: readonly OffScheduleSnapshot[]): string {
  return late
    .map((o) => `${o.runId ? `run ${o.runId}` : 'a run'} came too late: ${o.reason}; its snapshot ${o.snapshotId} is off-schedule`)
    .join('; ');
}

function gapFromLedger(source: string, slot: string, runs: LedgerEntry[], late: readonly OffScheduleSnapshot[]): CoverageGap {
  const failed = runs.filter((e) => e.status === 'failed' || e.status === 'interrupted');
  if (failed.length > 0) {
    const last = failed[failed.length - 1]!;
    const why = last.status === 'interrupted' ? `interrupted: ${last.reason ?? 'no reason recorded'}` : (last.reason ?? 'no reason recorded');
    const reason =
      failed.length === 1
        ? last.status === 'interrupted'
          ? `run ${last.runId} was ${why}`
          : `run ${last.runId} failed: ${why}`
        : `${failed.length} runs failed; last (${last.runId}): ${why}`;
    return { source, slot, kind: 'failed', reason: late.length ? `${reason}; then ${lateText(late)}` : reason };
  }
  if (late.length > 0) return { source, slot, kind: 'late', reason: lateText(late) };
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
