/**
 * Ages for threshold checks. "Older than N days" fails when (asOf - then) in milliseconds divided
 * by 86,400,000 is greater than N: exact to the millisecond, no rounding to calendar days, so a key
 * rotated exactly 90 days before the snapshot passes a 90-day limit and one a second earlier fails.
 */
import type { ReportDate } from '../../model/resources.ts';

const DAY_MS = 86_400_000;

export function ageInDays(then: string, asOf: Date): number {
  return (asOf.getTime() - Date.parse(then)) / DAY_MS;
}

/** True when the age is over the limit (strictly greater). */
export function isOlderThan(then: string, asOf: Date, limitDays: number): boolean {
  return ageInDays(then, asOf) > limitDays;
}

/** "131" or "90.25": whole days when whole, else two decimals at most (truncated, never rounded up). */
export function formatDays(days: number): string {
  const truncated = Math.trunc(days * 100) / 100;
  return String(truncated);
}

/** "2026-01-02" at midnight UTC, else "2026-01-02T10:30:00Z". */
export function showTime(iso: string | Date): string {
  if (typeof iso !== 'string') {
    // asOf: the same instant for every resource of a snapshot.
    if (iso.getTime() !== lastDate.ms) lastDate = { ms: iso.getTime(), shown: formatTime(iso) };
    return lastDate.shown;
  }
  // Reasons are built for every credential row of every snapshot; the same dates recur daily.
  let shown = shownTimes.get(iso);
  if (shown === undefined) {
    shown = formatTime(new Date(iso));
    if (shownTimes.size > 100_000) shownTimes.clear();
    shownTimes.set(iso, shown);
  }
  return shown;
}

const shownTimes = new Map<string, string>();
let lastDate = { ms: Number.NaN, shown: '' };

function formatTime(d: Date): string {
  const s = d.toISOString();
  return s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : s.replace(/\.000Z$/, 'Z');
}

/** The ISO time of a credential-report value, or null for N/A / no_information / not_supported. */
export function reportTime(value: ReportDate): string | null {
  return value.kind === 'date' ? value.value : null;
}

/**
 * The first instant at which "older than limitDays" becomes true for `then` (exclusive bound of the
 * passing window): age > limit  <=>  asOf > then + limit days.
 */
export function turnsOldAt(then: string, limitDays: number): number {
  return Date.parse(then) + limitDays * DAY_MS + 1;
}
