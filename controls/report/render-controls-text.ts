/**
 * The catalog as text for `binder controls`: all criteria grouped by category and group, each with
 * how it is evidenced (automated, automated + documents, documents, or no control) and the
 * controls supporting it; then every control with its frequency, criteria and checks.
 */
import type { Coverage } from '../catalog/index.ts';
import { controlsListing, type CatalogInput } from './controls-listing.ts';
import { plural } from './format.ts';
import { TextWriter, type TextOptions, type Tone } from './text-layout.ts';

const COVERAGE_LABEL: Record<Coverage, string> = {
  automated: 'automated',
  mixed: 'auto+docs',
  manual: 'documents',
  none: 'NO CONTROL',
};

const COVERAGE_TONE: Record<Coverage, Tone> = {
  automated: 'good',
  mixed: 'good',
  manual: 'dim',
  none: 'warn',
};

export function renderControlsText(catalog: CatalogInput, options: TextOptions = {}): string {
  const listing = controlsListing(catalog);
  const w = new TextWriter(options);
  const n = listing.counts;
  w.line(
    w.paint(
      `SOC 2 Trust Services Criteria: ${plural(n.criteria, 'criterion', 'criteria')}, ${plural(n.controls, 'control')}, ${plural(n.checks, 'automated check')}`,
      'bold',
    ),
  );
  w.line(
    `Coverage: ${n.coverage.automated} automated, ${n.coverage.mixed} automated + documents, ` +
      `${n.coverage.manual} documents only, ${n.coverage.none} without a control`,
  );

  const titleOf = new Map(listing.controls.map((c) => [c.id, c.title]));
  const idWidth = Math.max(6, ...listing.criteria.map((c) => c.id.length + 2));
  let category = '';
  let group = '';
  for (const c of listing.criteria) {
    if (c.category !== category) {
      category = c.category;
      group = '';
      w.blank();
      w.line(w.paint(category.toUpperCase(), 'bold'));
    }
    if (c.group !== group) {
      group = c.group;
      w.line(group, 1);
    }
    const lead = `${c.id.padEnd(idWidth)}${COVERAGE_LABEL[c.coverage].padEnd(11)}`;
    w.columns(lead, c.title, COVERAGE_TONE[c.coverage], 2);
    for (const id of c.controlIds)
      w.line(`${id} ${titleOf.get(id) ?? ''}`, 2 + lead.length, 4 + lead.length, 'dim');
  }

  w.blank();
  w.line(w.paint('CONTROLS', 'bold'));
  const controlWidth = Math.max(...listing.controls.map((c) => c.id.length + 2), 7);
  for (const k of listing.controls) {
    const pad = 2 + controlWidth;
    w.columns(
      k.id.padEnd(controlWidth),
      `${k.title} [${k.evidencedBy.join(', ')}; ${k.frequency}]`,
      undefined,
      2,
    );
    w.line(`criteria: ${k.criteria.join(', ')}`, pad, pad + 2, 'dim');
    if (k.checkIds.length > 0) w.line(`checks: ${k.checkIds.join(', ')}`, pad, pad + 2, 'dim');
    if (k.manualEvidence.length > 0) w.line(`documents: ${k.manualEvidence.join('; ')}`, pad, pad + 2, 'dim');
  }
  return w.toString();
}
