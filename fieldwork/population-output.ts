/** A population written out: CSV with a commented header naming its scope, or JSON. */
import type { Population } from './population-types.ts';
import { toCsv } from './population-csv.ts';

export function populationHeader(p: Population): string[] {
  const lines = [`binder population ${p.name}: ${p.description}`, `source: ${p.source}`];
  if (p.scope.kind === 'as-of') {
    lines.push(`as of ${p.scope.asOf}: snapshot ${p.scope.snapshot.snapshotId} captured ${p.scope.snapshot.capturedAt} sha256 ${p.scope.snapshot.snapshotSha256}`);
  } else {
    const s = p.scope.snapshots;
    lines.push(`period ${p.scope.from} to ${p.scope.to}: ${s.length} snapshot(s)${s.length > 0 ? `, first ${s[0]!.snapshotId}, last ${s[s.length - 1]!.snapshotId}` : ''}`);
  }
  lines.push(`rows: ${p.rows.length}; evidence: ${p.evidence === 'change' ? 'the change record of snapshotId against previousSnapshotId' : 'the resource resourceId in snapshot snapshotId'}`);
  return lines;
}

export function formatPopulation(p: Population, format: 'csv' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(p, null, 2)}\n` : toCsv(populationHeader(p), p.columns, p.rows);
}
