/**
 * A sample written out. JSON holds everything (each item's rows and evidence: snapshot excerpts and
 * change records with their snapshots' ids and hashes). CSV is the list to work from: one line per
 * sampled row (a time unit without rows gets one line naming its snapshots), with the seed and
 * method in the commented header; the evidence itself is in the JSON.
 */
import { toCsv } from './population-csv.ts';
import type { Sample } from './sample-types.ts';

export function sampleHeader(s: Sample): string[] {
  const scope = s.population.scope;
  const lines = [
    `binder sample of population ${s.population.name}, source ${s.population.source}`,
    scope.kind === 'as-of' ? `as of ${scope.asOf}: snapshot ${scope.snapshot.snapshotId} sha256 ${scope.snapshot.snapshotSha256}` : `period ${scope.from} to ${scope.to}: ${scope.snapshots.length} snapshot(s)`,
    `${s.items.length} of ${s.population.size} ${s.population.unit === 'item' ? 'items' : `${s.population.unit}s`}${s.frequency ? `, control frequency ${s.frequency}` : ''}`,
  ];
  if (s.selection.method === 'seeded-rank') lines.push(`seed: ${s.selection.seed}; size from ${s.selection.sizeFrom}; method ${s.selection.description}`);
  else lines.push(`the auditor's list ${s.selection.file} (sha256 ${s.selection.fileSha256})`);
  lines.push('evidence (snapshot excerpts, change records): binder sample ... --format json');
  return lines;
}

export function formatSample(s: Sample, format: 'csv' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(s, null, 2)}\n`;
  const columns = ['sampleItem', 'rank', 'unitSnapshots', ...s.population.columns];
  const rows = s.items.flatMap((item) => {
    const base = { sampleItem: item.key, rank: item.rank, unitSnapshots: item.snapshots?.map((x) => `${x.snapshotId} ${x.snapshotSha256}`) ?? null };
    return item.rows.length === 0 ? [base] : item.rows.map((r) => ({ ...r, ...base }));
  });
  return toCsv(sampleHeader(s), columns, rows);
}
