/** The cover page: who, what system, which period, as of when, and how the binder is sealed. */
import type { IndexPdfInput } from './index-input.ts';
import { COLOR, contentWidth, keyValues, left, setFont, type Doc } from './layout.ts';
import { sealLines } from './seal.ts';

export function drawCover(doc: Doc, input: IndexPdfInput): void {
  const { evaluation: ev } = input;
  const x = left(doc);
  const w = contentWidth(doc);
  doc.rect(0, 0, doc.page.width, 8).fill(COLOR.accent);

  doc.y = 110;
  setFont(doc, 'bold', 11, COLOR.muted).text('SOC 2 TYPE II EVIDENCE BINDER', x, doc.y, { width: w, characterSpacing: 1.2 });
  doc.y += 10;
  setFont(doc, 'bold', 26, COLOR.accent).text(ev.organization, x, doc.y, { width: w });
  doc.y += 4;
  setFont(doc, 'regular', 14, COLOR.text).text(ev.system, x, doc.y, { width: w });
  doc.y += 18;
  setFont(doc, 'bold', 15, COLOR.text).text(`Audit period ${ev.period.from} to ${ev.period.to}`, x, doc.y, { width: w });
  doc.y += 22;

  const sources = ev.sources.map((s) => (s.accountId ? `${s.name} (AWS account ${s.accountId})` : s.name)).join(', ');
  keyValues(
    doc,
    [
      ['Evidence as of', `${ev.evaluatedAsOf} (latest capture used; all times UTC)`],
      ['Categories', ev.categories.join(', ')],
      ['Sources', sources],
      ['Snapshots evaluated', `${ev.snapshots.length} (${input.citations.length} included in full in evidence/snapshots/)`],
      ['At a glance', atAGlance(input)],
      ['Built with', `${input.builtWith.name} ${input.builtWith.version}; evaluated with ${ev.tool.name} ${ev.tool.version}`],
    ],
    120,
  );

  // The seal lines are drawn in Courier, a standard font whose text PDFKit writes as plain WinAnsi
  // codes: `binder verify` reads them back from the content stream and compares them with the manifest.
  const seal = sealLines(input);
  doc.y += 14;
  setFont(doc, 'bold', 10, COLOR.text).text('How this binder is sealed', x, doc.y, { width: w });
  doc.y += 3;
  setFont(doc, 'mono', 9.5, COLOR.text).text(seal.evidenceDigest, x, doc.y, { width: w, lineBreak: false });
  doc.moveDown(0.2);
  setFont(doc, 'regular', 8, COLOR.muted).text(
    'SHA-256 of the SHA256SUMS lines for every file under evidence/. A PDF cannot contain its own hash, so this page ' +
      "seals the evidence instead; manifest.json seals this PDF. Recompute: grep -E '^[0-9a-f]{64}  evidence/' SHA256SUMS | sha256sum",
    x,
    doc.y,
    { width: w, lineGap: 1 },
  );

  doc.y += 10;
  // Plain hex: exactly what `openssl pkey ... -outform DER | sha256sum` prints.
  setFont(doc, 'mono', 9.5, input.signingFingerprint ? COLOR.text : COLOR.fail).text(seal.signingKey, x, doc.y, { width: w, lineBreak: false });
  doc.moveDown(0.2);
  if (input.signingFingerprint) {
    setFont(doc, 'regular', 8, COLOR.muted).text(
      'The fingerprint (SHA-256 of the DER public key) of the Ed25519 key that signed manifest.json (manifest.sig). Compare it with the one ' +
        `you received from ${ev.organization} through a separate channel, not with this page alone (see "How to verify this binder").`,
      x,
      doc.y,
      { width: w, lineGap: 1 },
    );
  } else {
    doc.y += 6;
    const y = doc.y;
    doc.rect(x, y, w, 62).lineWidth(2).strokeColor(COLOR.fail).stroke();
    setFont(doc, 'bold', 26, COLOR.fail).text('UNSIGNED', x, y + 8, { width: w, align: 'center' });
    setFont(doc, 'regular', 8.5, COLOR.fail).text(
      'This binder carries no signature. The checksums show the files match manifest.json, but nothing shows who produced it.',
      x + 10,
      y + 40,
      { width: w - 20, align: 'center' },
    );
    doc.y = y + 70;
  }
}

function atAGlance(input: IndexPdfInput): string {
  const ev = input.evaluation;
  const exceptions = ev.checks.flatMap((c) => c.exceptions);
  const open = exceptions.filter((e) => e.open).length;
  const gaps = ev.coverage.reduce((n, c) => n + c.gaps.length, 0);
  return (
    `${ev.criteria.filter((c) => c.inScope).length} criteria in scope, ${ev.controls.length} controls, ` +
    `${ev.checks.filter((c) => !c.disabled).length} automated checks; ${exceptions.length} exceptions (${open} open at period end); ` +
    `${gaps} collection gap${gaps === 1 ? '' : 's'}`
  );
}
