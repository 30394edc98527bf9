/**
 * What a sample draws from. Items of an as-of population, or of any population sampled per event
 * or by --size alone, are its rows (by key). A period population sampled at a control frequency
 * (daily, weekly, monthly, quarterly, annual) is sampled by time: the units are the days (ISO
 * weeks, months, quarters, years) that hold a snapshot of the period, each with the rows its
 * snapshots show; a unit without rows is still evidence (its snapshots show nothing happened).
 */
import { dayOf, isoWeekOf, quarterOf } from './calendar.ts';
import type { Population, PopulationRow, SnapshotRef } from './population-types.ts';

export const SAMPLE_FREQUENCIES = ['daily', 'weekly', 'monthly', 'quarterly', 'annual', 'per-event'] as const;
export type SampleFrequency = (typeof SAMPLE_FREQUENCIES)[number];

export type UnitKind = 'item' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface SampleUnit {
  /** The item key, or the unit's label (2026-03-14, 2026-W11, 2026-03, 2026-Q1, 2026). */
  key: string;
  rows: PopulationRow[];
  /** For a time unit: the snapshots of the period in it. */
  snapshots: SnapshotRef[] | null;
}

const UNIT_OF: Record<Exclude<SampleFrequency, 'per-event'>, { kind: UnitKind; label: (day: string) => string }> = {
  daily: { kind: 'day', label: (d) => d },
  weekly: { kind: 'week', label: isoWeekOf },
  monthly: { kind: 'month', label: (d) => d.slice(0, 7) },
  quarterly: { kind: 'quarter', label: quarterOf },
  annual: { kind: 'year', label: (d) => d.slice(0, 4) },
};

export function unitKindFor(p: Population, frequency: SampleFrequency | undefined): UnitKind {
  if (p.scope.kind === 'as-of' || frequency === undefined || frequency === 'per-event') return 'item';
  return UNIT_OF[frequency].kind;
}

/** The label of a time unit a YYYY-MM-DD day falls in. */
export function unitLabel(frequency: Exclude<SampleFrequency, 'per-event'>, day: string): string {
  return UNIT_OF[frequency].label(day);
}

export function sampleUnits(p: Population, frequency: SampleFrequency | undefined): SampleUnit[] {
  if (unitKindFor(p, frequency) === 'item' || p.scope.kind !== 'period') return p.rows.map((r) => ({ key: r.key, rows: [r], snapshots: null }));
  const label = UNIT_OF[frequency as Exclude<SampleFrequency, 'per-event'>].label;
  const units = new Map<string, SampleUnit>();
  const unitOfSnapshot = new Map<string, SampleUnit>();
  for (const s of p.scope.snapshots) {
    const key = label(dayOf(s.scheduledFor));
    let u = units.get(key);
    if (!u) units.set(key, (u = { key, rows: [], snapshots: [] }));
    u.snapshots!.push(s);
    unitOfSnapshot.set(s.snapshotId, u);
  }
  for (const r of p.rows) unitOfSnapshot.get(r.snapshotId)?.rows.push(r);
  return [...units.values()];
}
