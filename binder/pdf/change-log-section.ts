/** Change log summary: how much configuration changed, per source and resource type, and the changes themselves (capped). */
import type { DriftEntry } from '../../model/evaluation.ts';
import type { IndexPdfInput } from './index-input.ts';
import { COLOR, heading, paragraph, utcMinute, type Doc } from './layout.ts';
import { drawTable, type Cell } from './table.ts';

/** Beyond this many changes the PDF lists the first ones and points to evidence/change-log.json. */
export const MAX_LISTED_CHANGES = 250;

/**
 * A change whose only changed fields are "last used" stamps (credential report, role last used)
 * is activity, not a configuration change: counted, but not listed, so the configuration changes
 * an auditor samples for CC7.1/CC8.1 are not buried under daily sign-ins.
 */
export function isActivityOnly(d: DriftEntry): boolean {
  return d.kind === 'changed' && d.fields.length > 0 && d.fields.every((f) => /lastUsed/i.test(f.path));
}

export function drawChangeLog(doc: Doc, input: IndexPdfInput, dest: string): void {
  const drift = input.evaluation.drift;
  const configChanges = drift.filter((d) => !isActivityOnly(d));
  heading(doc, 'Change log', 1, dest);
  paragraph(
    doc,
    `${drift.length} changes of in-scope resources were seen between consecutive snapshots of the same source (CC7.1, CC8.1): ` +
      `${configChanges.length} configuration changes (listed below) and ${drift.length - configChanges.length} activity-only changes, ` +
      'where nothing but a "last used" date moved (counted, not listed). ' +
      'The full list, with every changed field before and after, is evidence/change-log.json.',
    { size: 8.5, color: COLOR.muted },
  );
  const counts = new Map<string, { added: number; removed: number; changed: number; activity: number }>();
  for (const d of drift) {
    const key = `${d.source}\u0000${d.resourceType}`;
    const c = counts.get(key) ?? { added: 0, removed: 0, changed: 0, activity: 0 };
    if (isActivityOnly(d)) c.activity++;
    else c[d.kind]++;
    counts.set(key, c);
  }
  drawTable(doc, {
    columns: [
      { header: 'Source', width: 1 },
      { header: 'Resource type', width: 2.2, font: 'mono' },
      { header: 'Added', width: 0.7, align: 'right' },
      { header: 'Removed', width: 0.7, align: 'right' },
      { header: 'Changed', width: 0.7, align: 'right' },
      { header: 'Activity only', width: 0.8, align: 'right' },
    ],
    rows: [...counts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, c]) => {
        const [source, type] = key.split('\u0000') as [string, string];
        return [source, type, String(c.added), String(c.removed), String(c.changed), String(c.activity)];
      }),
  });
  heading(
    doc,
    configChanges.length > MAX_LISTED_CHANGES
      ? `First ${MAX_LISTED_CHANGES} of ${configChanges.length} configuration changes`
      : 'Configuration changes',
    2,
  );
  drawTable(doc, {
    columns: [
      { header: 'Seen at (UTC)', width: 1.05 },
      { header: 'Source', width: 0.65 },
      { header: 'Kind', width: 0.65 },
      { header: 'Resource', width: 3.2 },
      { header: 'Fields', width: 1.6 },
    ],
    fontSize: 7.5,
    rows: configChanges.slice(0, MAX_LISTED_CHANGES).map((d): Cell[] => [
      utcMinute(d.at),
      d.source,
      { text: d.kind, color: d.kind === 'removed' ? COLOR.fail : d.kind === 'added' ? COLOR.pass : COLOR.text },
      { text: d.resourceId, sub: d.resourceType },
      describeFields(d),
    ]),
  });
}

function describeFields(d: DriftEntry): string {
  if (d.kind !== 'changed') return '-';
  // "accessKey1.lastUsedDate.value" and "...kind" are one field to a reader.
  const paths = [...new Set(d.fields.map((f) => f.path.replace(/\.(value|kind)$/, '')))];
  return paths.length > 6 ? `${paths.slice(0, 6).join(', ')} and ${paths.length - 6} more` : paths.join(', ') || '-';
}
