/**
 * The fieldwork section: the populations an auditor asks for first (each a CSV in this binder,
 * every row naming the snapshot and hash it came from), the binder's seeded samples with their
 * evidence, and what the fieldwork journal records (management's responses, accepted deviations,
 * attached documents), each with who recorded it and when.
 */
import type { CheckException } from '../../model/evaluation.ts';
import type { JournalEntry } from '../../store/journal-types.ts';
import { exceptionKey } from '../../fieldwork/exception-key.ts';
import type { IndexPdfInput } from './index-input.ts';
import { COLOR, heading, paragraph, type Doc } from './layout.ts';
import { drawTable, type Cell } from './table.ts';

const day = (iso: string) => iso.slice(0, 10);

export function drawFieldwork(doc: Doc, input: IndexPdfInput, dest: string): void {
  const fw = input.fieldwork;
  const fileOf = new Map(input.evidenceFiles.map((f) => [f.path, f]));
  heading(doc, 'Fieldwork: populations, samples, responses', 1, dest);
  paragraph(
    doc,
    'Populations over the period (as of its last day for the as-of ones), drawn from the same verified snapshots as the checks: every row of each CSV names its snapshot and SHA-256. ' +
      'Each population is sampled by item with a seeded rank (sha256 of the seed, a NUL byte and the item key; smallest first), ' +
      `seeded by the verified ledger head this binder records (${fw.sampleSeed}), so \`binder sample --seed <that head> --frequency per-event\` draws the same items again. ` +
      'The auditor draws their own with `binder sample`.',
    { size: 8.5, color: COLOR.muted },
  );
  heading(doc, `Populations (${fw.populations.length})`, 3);
  drawTable(doc, {
    columns: [
      { header: 'Population', width: 1.5 },
      { header: 'Scope', width: 2.3 },
      { header: 'Rows', width: 0.5, align: 'right' },
      { header: 'File / SHA-256', width: 3.1 },
    ],
    fontSize: 7.5,
    rows: fw.populations.map((p): Cell[] => [
      { text: p.name, sub: p.source },
      { text: p.scope, sub: p.description },
      String(p.rows),
      { text: p.path, sub: fileOf.get(p.path)?.sha256 ?? '', subFont: 'mono' },
    ]),
  });
  if (fw.gaps.length) {
    paragraph(doc, `Not drawn: ${fw.gaps.map((g) => `${g.population} (${g.source}): ${g.reason}`).join('; ')}.`, { size: 8.5, color: COLOR.warn });
  }
  heading(doc, `Samples (${fw.samples.length})`, 3);
  if (fw.samples.length) {
    drawTable(doc, {
      columns: [
        { header: 'Population', width: 1.5 },
        { header: 'Sampled', width: 1.3 },
        { header: 'File / SHA-256 (each item with its snapshot excerpt or change record)', width: 4.6 },
      ],
      fontSize: 7.5,
      rows: fw.samples.map((s): Cell[] => [
        { text: s.population, sub: s.source },
        `${s.size} of ${s.of} ${s.unit === 'item' ? 'items' : `${s.unit}s`}`,
        { text: s.path, sub: fileOf.get(s.path)?.sha256 ?? '', subFont: 'mono' },
      ]),
    });
  } else {
    paragraph(doc, 'Every population of the period is empty: there was nothing to sample.', { size: 8.5 });
  }

  const journal = input.journal;
  heading(doc, 'Fieldwork journal', 3);
  if (!fw.journal) {
    paragraph(doc, 'No management response, accepted deviation or attached document was recorded in the evidence store.', { size: 8.5, color: COLOR.muted });
    return;
  }
  paragraph(
    doc,
    `${fw.journal.entries} entries (${fw.journal.responses} responses, ${fw.journal.acceptances} accepted deviations, ${fw.journal.attachments} attachments), ` +
      `each signed with the ledger key and chained to the one before, copied verbatim into ${fw.journal.path}.`,
    { size: 8.5 },
  );
  const acceptances = journal.filter((e): e is Extract<JournalEntry, { kind: 'acceptance' }> => e.kind === 'acceptance');
  if (acceptances.length) {
    heading(doc, `Accepted deviations (${acceptances.length})`, 3);
    drawTable(doc, {
      columns: [
        { header: 'Check / resource', width: 2.8 },
        { header: 'Accepted', width: 2.2 },
        { header: 'Reason', width: 2.4 },
      ],
      fontSize: 7.5,
      rows: acceptances.map((e): Cell[] => [
        { text: e.acceptance.checkId, sub: `${e.acceptance.resource}${e.acceptance.source ? ` (${e.acceptance.source})` : ''}` },
        { text: `by ${e.acceptance.approvedBy}, ${e.acceptance.from} until ${e.acceptance.until}`, sub: `recorded by ${e.recordedBy} on ${day(e.recordedAt)} (journal entry ${e.seq})` },
        e.acceptance.reason,
      ]),
    });
  }
  const responses = journal.filter((e): e is Extract<JournalEntry, { kind: 'response' }> => e.kind === 'response');
  if (responses.length) {
    heading(doc, `Management responses (${responses.length})`, 3);
    drawTable(doc, {
      columns: [
        { header: 'Exception', width: 2.4 },
        { header: 'Response', width: 3.6 },
        { header: 'Recorded', width: 1.4 },
      ],
      fontSize: 7.5,
      rows: responses.map((e): Cell[] => [
        { text: e.response.exceptionKey, font: 'mono', sub: `${e.response.checkId} ${e.response.resourceId}` },
        { text: e.response.text, ...(e.response.remediatedAt ? { sub: `remediated ${e.response.remediatedAt}` } : {}) },
        { text: e.recordedBy, sub: `${day(e.recordedAt)}, journal entry ${e.seq}` },
      ]),
    });
  }
}

/** What the journal and the evaluation say of one exception, for its row in a control's table. */
export function exceptionNotes(e: CheckException, journal: readonly JournalEntry[]): string[] {
  const key = exceptionKey(e);
  const lines = [`Key ${key}`];
  const responses = journal.filter((j): j is Extract<JournalEntry, { kind: 'response' }> => j.kind === 'response' && j.response.exceptionKey === key);
  const latest = responses[responses.length - 1];
  if (latest) {
    lines.push(
      `Management response (${latest.recordedBy}, ${day(latest.recordedAt)}${responses.length > 1 ? `, latest of ${responses.length}` : ''}): ${latest.response.text}` +
        (latest.response.remediatedAt ? ` Remediated ${latest.response.remediatedAt}.` : ''),
    );
  }
  const a = e.acceptance;
  if (a) {
    for (const by of a.by) {
      // An acceptance recorded after the day it starts covers failures already seen: say so.
      const late = day(by.recordedAt) > by.from ? `, recorded after the days it covers from ${by.from}` : '';
      lines.push(`Accepted by ${by.approvedBy} on ${day(by.recordedAt)} until ${by.until}${late}, reason: ${by.reason}`);
    }
    if (!a.whole) {
      lines.push(
        a.exceptionAgainFrom
          ? `An exception again from ${day(a.exceptionAgainFrom)}, after the acceptance ran out (${a.acceptedSnapshots} of ${a.failingSnapshots} failing snapshots accepted)`
          : `Only ${a.acceptedSnapshots} of ${a.failingSnapshots} failing snapshots fall inside the acceptance: still an exception`,
      );
    }
  }
  return lines;
}
