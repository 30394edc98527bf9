/**
 * Renders index.pdf. Deterministic: CreationDate/ModDate are the evaluation's as-of time (pdfkit
 * derives the trailer /ID from the info dictionary, so it is fixed too), only the standard fonts are
 * used, and nothing reads the clock. The seal (evidence digest, signing key) is stated on the cover,
 * in the footers and in the information dictionary, for `binder verify` to compare (see seal.ts). Pages are buffered so the table of contents and the
 * "page X of Y" footers can be written once the page count is known.
 */
import PDFDocument from 'pdfkit';
import { drawVerifyAppendix, drawFileListAppendix } from './appendix-section.ts';
import { drawChangeLog } from './change-log-section.ts';
import { drawControlSection } from './control-section.ts';
import { drawCover } from './cover.ts';
import type { IndexPdfInput } from './index-input.ts';
import { drawFieldwork } from './fieldwork-section.ts';
import { heading, MARGINS, PAGE_SIZE, paragraph, COLOR, stampPages, type Doc } from './layout.ts';
import { drawCoverage, drawCriteriaSummary, drawManualEvidence, drawScope } from './overview-sections.ts';
import { sealInfo, sealKeywords } from './seal.ts';
import { drawToc, tocPageCount, type TocEntry } from './toc.ts';

export interface RenderedPdf {
  bytes: Buffer;
  pageCount: number;
}

export async function renderIndexPdf(input: IndexPdfInput): Promise<RenderedPdf> {
  const ev = input.evaluation;
  const date = new Date(ev.evaluatedAsOf);
  // Custom keys ride along in the information dictionary; PDFKit's types only list the standard ones.
  const info: PDFKit.DocumentInfo & Record<string, string | Date> = {
    Title: `SOC 2 Type II evidence binder: ${ev.organization}, ${ev.period.from} to ${ev.period.to}`,
    Author: ev.organization,
    Subject: `${ev.system}; evidence as of ${ev.evaluatedAsOf}`,
    Keywords: sealKeywords(input),
    Creator: `${input.builtWith.name} ${input.builtWith.version}`,
    Producer: `${input.builtWith.name} ${input.builtWith.version} (PDFKit)`,
    CreationDate: date,
    ModDate: date,
    ...sealInfo(input),
  };
  const doc: Doc = new PDFDocument({
    size: PAGE_SIZE,
    margins: { ...MARGINS },
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    lang: 'en',
    displayTitle: true,
    info,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const dest = {
    scope: 'scope',
    summary: 'summary',
    coverage: 'coverage',
    controls: 'controls',
    changeLog: 'change-log',
    manual: 'manual-evidence',
    fieldwork: 'fieldwork',
    verify: 'appendix-verify',
    files: 'appendix-files',
    control: (id: string) => `control-${id}`,
  };
  const entries: TocEntry[] = [
    { title: 'Scope', level: 1, dest: dest.scope },
    { title: 'Summary by criterion', level: 1, dest: dest.summary },
    { title: 'Collection coverage', level: 1, dest: dest.coverage },
    { title: 'Controls', level: 1, dest: dest.controls },
    ...ev.controls.map((c): TocEntry => ({ title: `${c.controlId}  ${c.title}`, level: 2, dest: dest.control(c.controlId) })),
    { title: 'Change log', level: 1, dest: dest.changeLog },
    ...(input.manualEvidence.length ? [{ title: 'Manual evidence', level: 1 as const, dest: dest.manual }] : []),
    { title: 'Fieldwork: populations, samples, responses', level: 1, dest: dest.fieldwork },
    { title: 'Appendix A. How to verify this binder', level: 1, dest: dest.verify },
    { title: 'Appendix B. Evidence files', level: 1, dest: dest.files },
  ];

  drawCover(doc, input);
  const tocFirst = 1;
  const tocPages = tocPageCount(doc, entries);
  for (let i = 0; i < tocPages; i++) doc.addPage();

  const pageOf = new Map<string, number>();
  const mark = (name: string, title: string, outlineParent?: PDFKit.PDFOutline) => {
    pageOf.set(name, doc.bufferedPageRange().count - 1);
    return (outlineParent ?? doc.outline).addItem(title);
  };
  // Each level-1 section starts on a new page: heading() adds the page, so mark after it.
  const section = (name: string, title: string, draw: () => void) => {
    doc.addPage();
    mark(name, title);
    draw();
  };

  section(dest.scope, 'Scope', () => drawScope(doc, input, dest.scope));
  section(dest.summary, 'Summary by criterion', () => drawCriteriaSummary(doc, input, dest.summary));
  section(dest.coverage, 'Collection coverage', () => drawCoverage(doc, input, dest.coverage));
  doc.addPage();
  const controlsOutline = mark(dest.controls, 'Controls');
  heading(doc, 'Controls', 1, dest.controls);
  paragraph(
    doc,
    'One section per control: what it is, the automated checks that evidence it with the thresholds used, results per day ' +
      'across the period, every exception with its dates, collection coverage, and the files in this binder that back it.',
    { size: 8.5, color: COLOR.muted },
  );
  ev.controls.forEach((c, i) => {
    // Controls with charts and tables read best starting on a fresh page; short ones may share.
    if (i > 0 && (c.checkIds.length > 0 || doc.y > doc.page.height / 2)) doc.addPage();
    mark(dest.control(c.controlId), `${c.controlId} ${c.title}`, controlsOutline);
    drawControlSection(doc, input, c, dest.control(c.controlId));
  });
  section(dest.changeLog, 'Change log', () => drawChangeLog(doc, input, dest.changeLog));
  if (input.manualEvidence.length) section(dest.manual, 'Manual evidence', () => drawManualEvidence(doc, input, dest.manual));
  section(dest.fieldwork, 'Fieldwork', () => drawFieldwork(doc, input, dest.fieldwork));
  section(dest.verify, 'Appendix A. How to verify', () => drawVerifyAppendix(doc, input, dest.verify));
  section(dest.files, 'Appendix B. Evidence files', () => drawFileListAppendix(doc, input, dest.files));

  drawToc(doc, entries, pageOf, tocFirst);
  const unsigned = input.signingFingerprint === null;
  stampPages(
    doc,
    { left: `${ev.organization}: SOC 2 Type II evidence binder`, right: `Period ${ev.period.from} to ${ev.period.to} (UTC)` },
    // Footer prefixes are seal claims too (see sealClaimsInLine): verify checks them against the manifest.
    unsigned ? 'UNSIGNED BINDER' : `Evidence digest ${input.evidenceDigest.slice(0, 16)}...  Signing key ${input.signingFingerprint!.slice(0, 16)}...`,
    unsigned,
  );
  const pageCount = doc.bufferedPageRange().count;
  doc.end();
  await ended;
  return { bytes: Buffer.concat(chunks), pageCount };
}
