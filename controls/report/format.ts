/** Small formatters shared by the text reports. */

/** "2026-03-04 02:00Z" from an ISO time (UTC). */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

/** A capture time with the snapshot's slot beside it: "2026-03-01 18:21Z (slot 02:00Z)", or "(off-schedule)". */
export function observedText(capturedAt: string, slot: string | null): string {
  if (slot === null) return `${utcMinute(capturedAt)} (off-schedule)`;
  const s = utcMinute(slot);
  return `${utcMinute(capturedAt)} (slot ${s.slice(0, 10) === capturedAt.slice(0, 10) ? s.slice(11) : s})`;
}

export function percent(rate: number | null): string {
  return rate === null ? 'n/a' : `${(Math.floor(rate * 1000) / 10).toFixed(1)}%`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

export function daysText(days: number): string {
  return days === 1 ? '1 day' : `${days.toFixed(days < 10 && days % 1 !== 0 ? 1 : 0)} days`;
}
