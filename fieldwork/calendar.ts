/** UTC calendar units of fieldwork: days, ISO weeks, months, quarters, years, by their labels. */

const DAY_MS = 86_400_000;

/** YYYY-MM-DD (UTC) of an ISO time. */
export function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** The last millisecond of a YYYY-MM-DD day, UTC. */
export function endOfDayMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) + DAY_MS - 1;
}

export function startOfDayMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** Whole days from `fromIso` to `atIso` (floored), or null when there is no from. */
export function ageDays(fromIso: string | null, atIso: string): number | null {
  if (fromIso === null) return null;
  return Math.floor((Date.parse(atIso) - Date.parse(fromIso)) / DAY_MS);
}

/** `2026-Q1`. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The last day of a `YYYY-Qn` quarter. */
export function quarterEndDay(quarter: string): string {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  return new Date(Date.UTC(year, q * 3, 1) - DAY_MS).toISOString().slice(0, 10);
}

/** ISO 8601 week, `2026-W05` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOf(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
