/**
 * One canonical form for every time the collectors record: UTC ISO 8601 with milliseconds
 * (Date.prototype.toISOString), whatever form AWS used (the SDK's Date objects, the credential
 * report's "+00:00" strings), so the same instant always gives the same bytes.
 */
export function toIsoUtc(value: Date | string | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (
    typeof value === 'string' &&
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
  )
    return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
