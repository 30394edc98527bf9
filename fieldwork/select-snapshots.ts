/**
 * Which snapshots a population is drawn from: the evidence snapshots (those a signed ledger entry
 * records, as `binder evaluate` counts them) of the source (the only one in the store, or the one
 * named), the as-of snapshot (the last captured on or before the end of the day, UTC) or a period's
 * snapshots (scheduled from the start of `from` to the end of `to`, UTC, as `binder evaluate`
 * counts them). A date outside the stored snapshots' days is refused, not answered with nothing.
 */
import { byObservation } from '../controls/period/walk-source.ts';
import { vouchedSnapshots } from '../store/ledger.ts';
import type { EvidenceStore, SnapshotRecord } from '../store/types.ts';
import { dayOf, endOfDayMs, startOfDayMs } from './calendar.ts';
import { FieldworkInputError } from './fieldwork-input-error.ts';

export interface SourceSnapshots {
  source: string;
  /** Every evidence snapshot of the source, in order of observation. */
  records: SnapshotRecord[];
  /** The evidence snapshot before a record, or null for the first. */
  previousOf: (rec: SnapshotRecord) => SnapshotRecord | null;
  firstDay: string;
  lastDay: string;
}

export async function sourceSnapshots(store: Pick<EvidenceStore, 'listSnapshots' | 'readLedger' | 'location'>, source: string | undefined): Promise<SourceSnapshots> {
  const vouched = vouchedSnapshots(await store.readLedger());
  // A snapshot no ledger entry records (its run died before finishing) is not evidence.
  const all = (await store.listSnapshots(source === undefined ? {} : { source })).filter((r) => vouched.get(r.id) === r.snapshotSha256);
  const sources = [...new Set(all.map((r) => r.source))].sort();
  if (source === undefined && sources.length > 1) {
    throw new FieldworkInputError(`the store holds snapshots of several sources (${sources.join(', ')}): name one with --source`);
  }
  if (all.length === 0) {
    throw new FieldworkInputError(source === undefined ? `no snapshots in ${store.location}: run \`binder collect\` first` : `no snapshots of source "${source}" in ${store.location}`);
  }
  const records = all.sort(byObservation);
  const index = new Map(records.map((r, i) => [r.id, i]));
  const previousOf = (rec: SnapshotRecord) => {
    const i = index.get(rec.id);
    return i === undefined || i === 0 ? null : records[i - 1]!;
  };
  const days = records.map((r) => dayOf(r.scheduledFor)).sort();
  return { source: records[0]!.source, records, previousOf, firstDay: days[0]!, lastDay: days[days.length - 1]! };
}

function range(s: SourceSnapshots): string {
  return `the stored snapshots of source "${s.source}" run from ${s.firstDay} to ${s.lastDay}`;
}

/** The last snapshot captured on or before the end of `asOf` (UTC). */
export function asOfSnapshot(s: SourceSnapshots, asOf: string): SnapshotRecord {
  if (asOf > s.lastDay) throw new FieldworkInputError(`--as-of ${asOf} is after the last stored snapshot: ${range(s)}`);
  const end = endOfDayMs(asOf);
  let found: SnapshotRecord | undefined;
  for (const r of s.records) if (Date.parse(r.capturedAt) <= end) found = r;
  if (!found) throw new FieldworkInputError(`--as-of ${asOf}: no snapshot was captured on or before that day; ${range(s)}`);
  return found;
}

/** The snapshots scheduled in from..to (both days included, UTC), in order of observation. */
export function periodSnapshots(s: SourceSnapshots, from: string, to: string): SnapshotRecord[] {
  if (from > to) throw new FieldworkInputError(`--from ${from} is after --to ${to}`);
  if (from < s.firstDay || to > s.lastDay) throw new FieldworkInputError(`the period ${from} to ${to} is not within the stored snapshots: ${range(s)}`);
  const lo = startOfDayMs(from);
  const hi = endOfDayMs(to);
  return s.records.filter((r) => Date.parse(r.scheduledFor) >= lo && Date.parse(r.scheduledFor) <= hi);
}
