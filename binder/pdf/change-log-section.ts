/** Change log summary: how much configuration changed, per source and resource type, and the changes themselves (capped). */
import { FIRST_CONFIGURATION_CHANGES, isActivityOnly } from '../../controls/period/drift-tally.ts';
import type { DriftEntry } from '../../model/evaluation.ts';
import type { IndexPdfInput } from './index-input.ts';
import { COLOR, heading, paragraph, utcMinute, type Doc } from './layout.ts';
import { drawTable, type Cell } from './table.ts';

/** The PDF lists the first configuration changes the evaluation kept and points to evidence/change-log.json for all. */
export const MAX_LISTED_CHANGES = FIRST_CONFIGURATION_CHANGES;
export { isActivityOnly };

export function drawChangeLog(doc: Doc, input: IndexPdfInput, dest: string): void {
  const drift = input.evaluation.driftSummary;
  const configChanges = drift.added + drift.removed + drift.changed;
  heading(doc, 'Change log', 1, dest);
  paragraph(
    doc,
    `${drift.entries} changes of in-scope resources were seen between consecutive snapshots of the same source (CC7.1, CC8.1): ` +
      `${configChanges} configuration changes (listed below) and ${drift.activityOnly} activity-only changes, ` +
      'where nothing but a "last used" date moved (counted, not listed). ' +
      'The full list, with every changed field before and after, is evidence/change-log.json.',
    { size: 8.5, color: COLOR.muted },
  );
  drawTable(doc, {
    columns: [
      { header: 'Source', width: 1 },
      { header: 'Resource type', width: 2.2, font: 'mono' },
      { header: 'Added', width: 0.7, align: 'right' },
      { header: 'Removed', width: 0.7, align: 'right' },
      { header: 'Changed', width: 0.7, align: 'right' },
      { header: 'Activity only', width: 0.8, align: 'right' },
    ],
    rows: drift.bySourceAndType.map((c) => [c.source, c.resourceType, String(c.added), String(c.removed), String(c.changed), String(c.activityOnly)]),
  });
  heading(
    doc,
    configChanges > MAX_LISTED_CHANGES
      ? `First ${MAX_LISTED_CHANGES} of ${configChanges} configuration changes`
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
    rows: drift.firstConfigurationChanges.slice(0, MAX_LISTED_CHANGES).map((d): Cell[] => [
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
