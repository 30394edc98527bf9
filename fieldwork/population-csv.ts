/**
 * Populations and samples as CSV (RFC 4180): a header of the columns, one line per row; a list is
 * its items joined by "; ", null is empty. The lines before the header start with "#" and say what
 * the file is (population, source, as-of snapshot or period, and for a sample its seed and method):
 * parse with csv-parse's `comment: '#'`. So a cell starting with "#" cannot be read as a comment, any
 * cell holding "#", a quote, a comma or a line break is quoted.
 */

export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (Array.isArray(value)) text = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('; ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return /[",\r\n#]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = header.map((h) => `# ${h.replace(/[\r\n]+/g, ' ')}`);
  lines.push(columns.map(csvCell).join(','));
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
