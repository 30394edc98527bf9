import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citeSnapshots } from '../../binder/cite-snapshots.ts';
import { renderIndexPdf } from '../../binder/pdf/render-index-pdf.ts';
import { SEAL_LABELS, sealInfo, sealKeywords, sealLines, type Seal } from '../../binder/pdf/seal.ts';
import { sealMismatches } from '../../binder/verify/check-pdf-seal.ts';
import { PdfSyntaxError } from '../../binder/verify/pdf-lexer.ts';
import { readPdfSeal } from '../../binder/verify/pdf-seal.ts';
import { buildFixture, NO_FIELDWORK } from './fixtures.ts';
import { COURIER, craftPdf, textLine } from './pdf-craft.ts';

const LIMITS = { maxStreamBytes: 32 * 1024 ** 2, maxInflatedBytes: 256 * 1024 ** 2, maxPages: 10_000 };
const SIGNED: Seal = { evidenceDigest: '3f'.repeat(32), signingFingerprint: 'a7'.repeat(32) };
const UNSIGNED_SEAL: Seal = { evidenceDigest: '3f'.repeat(32), signingFingerprint: null };
const OTHER_DIGEST = '9c'.repeat(32);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-pdf-seal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function render(seal: Seal): Promise<{ bytes: Buffer; path: string }> {
  const ev = buildFixture().evaluation;
  const pdf = await renderIndexPdf({
    evaluation: ev,
    builtWith: { name: 'soc2-binder', version: '0.0.0-test' },
    ...seal,
    citations: citeSnapshots(ev),
    evidenceFiles: [{ path: 'evidence/check-results.json', size: 10, sha256: 'ef'.repeat(32) }],
    manualEvidence: [],
    ...NO_FIELDWORK,
  });
  const path = join(dir, `${seal.signingFingerprint ? 'signed' : 'unsigned'}.pdf`);
  await writeFile(path, pdf.bytes);
  return { bytes: pdf.bytes, path };
}

/** Every "Evidence digest"/"Signing key" value pdftotext sees, with the first page (1-based) it is on. */
function pdftotextSeal(path: string): Map<string, number> {
  const text = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' });
  const out = new Map<string, number>();
  text.split('\f').forEach((page, i) => {
    for (const m of page.matchAll(/(Evidence digest|Signing key):? +([0-9a-f]{8,64}|UNSIGNED)(\.\.\.)?/g)) {
      const claim = `${m[1]} ${m[2]}${m[3] ?? ''}`;
      if (!out.has(claim)) out.set(claim, i + 1);
    }
  });
  return out;
}

describe('index.pdf states its seal where a reader sees it and the verifier reads it', () => {
  for (const seal of [SIGNED, UNSIGNED_SEAL]) {
    const kind = seal.signingFingerprint ? 'signed' : 'unsigned';
    it(`${kind}: the cover lines pdftotext shows are the ones the verifier extracts, and the metadata carries the same values`, async () => {
      const { bytes, path } = await render(seal);
      const found = readPdfSeal(bytes, LIMITS);
      const lines = sealLines(seal);
      const cover = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-raw', path, '-'], { encoding: 'utf8' });
      expect(cover).toContain(lines.evidenceDigest);
      expect(cover).toContain(lines.signingKey);
      if (!seal.signingFingerprint) expect(cover).toMatch(/^UNSIGNED$/m);
      // Every page repeats the footer: the verifier keeps each distinct claim once, with its first page.
      const extracted = new Map(found.claims.map((c) => [`${SEAL_LABELS[c.label]} ${c.value}${c.full ? '' : '...'}`, c.page]));
      expect(extracted).toEqual(pdftotextSeal(path));
      expect(extracted.size).toBe(seal.signingFingerprint ? 4 : 2);
      expect(found.info).toEqual({ evidenceDigest: seal.evidenceDigest, signingKey: seal.signingFingerprint ?? 'UNSIGNED', keywords: sealKeywords(seal) });
      const info = execFileSync('pdfinfo', ['-custom', path], { encoding: 'utf8' });
      for (const [k, v] of Object.entries(sealInfo(seal))) expect(info).toMatch(new RegExp(`^${k}:\\s*${v}$`, 'm'));
      expect(bytes.includes(Buffer.from(sealKeywords(seal), 'latin1')), 'Keywords in plain bytes, for grep -a').toBe(true);
      expect(sealMismatches(found, seal)).toEqual([]);
    });
  }

  it('names every place a PDF states another seal than the manifest', async () => {
    const found = readPdfSeal((await render(SIGNED)).bytes, LIMITS);
    const problems = sealMismatches(found, { ...SIGNED, evidenceDigest: OTHER_DIGEST });
    expect(problems).toEqual(
      expect.arrayContaining([
        `its metadata (BinderEvidenceDigest) says evidence digest ${SIGNED.evidenceDigest}, but manifest.json says ${OTHER_DIGEST}`,
        expect.stringMatching(/^its metadata \(Keywords\)/),
        `page 1 says evidence digest ${SIGNED.evidenceDigest}, but manifest.json says ${OTHER_DIGEST}`,
        `page 1 says evidence digest ${SIGNED.evidenceDigest.slice(0, 16)}..., but manifest.json says ${OTHER_DIGEST}`,
        `its cover shows ${SIGNED.evidenceDigest}, which is neither the evidence digest nor the signing key fingerprint of manifest.json`,
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/says signing key/);
    // A signed PDF in a binder whose manifest is unsigned (signature stripped), and the reverse.
    expect(sealMismatches(found, UNSIGNED_SEAL)).toContain(`page 1 says signing key ${SIGNED.signingFingerprint}, but manifest.json says UNSIGNED`);
    const unsignedPdf = readPdfSeal((await render(UNSIGNED_SEAL)).bytes, LIMITS);
    expect(sealMismatches(unsignedPdf, SIGNED)).toContain(`page 1 says signing key fingerprint UNSIGNED, but manifest.json says ${SIGNED.signingFingerprint}`);
  });
});

describe('the PDF reader counts only what a viewer shows, within limits', () => {
  const info = { Keywords: sealKeywords(SIGNED), ...sealInfo(SIGNED) };
  const cover = [textLine(sealLines(SIGNED).evidenceDigest, { y: 700 }), textLine(sealLines(SIGNED).signingKey, { y: 680 })].join('\n');

  it('reads a minimal PDF written by another tool that states the seal correctly', () => {
    expect(sealMismatches(readPdfSeal(craftPdf([{ content: cover }], info), LIMITS), SIGNED)).toEqual([]);
  });

  it('ignores seal lines drawn invisibly (render mode 3) or in an embedded font whose glyphs could show anything', () => {
    // Tr is graphics state: it holds across text objects until set again.
    const invisible = [textLine(sealLines(SIGNED).evidenceDigest, { renderMode: 3 }), textLine(sealLines(SIGNED).signingKey, { y: 680, renderMode: 0 })].join('\n');
    expect(sealMismatches(readPdfSeal(craftPdf([{ content: invisible }], info), LIMITS), SIGNED)).toEqual([`its cover does not show "Evidence digest: ${SIGNED.evidenceDigest}"`]);
    const embedded = '<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding /FontDescriptor << /FontFile 99 0 R >> >>';
    const tricked = readPdfSeal(craftPdf([{ content: cover.replaceAll('/F1 ', '/F2 '), fonts: { F1: COURIER, F2: embedded } }], info), LIMITS);
    expect(tricked.claims).toEqual([]);
    expect(sealMismatches(tricked, SIGNED)).toContain('it draws what the binder renderer never does, which cannot be read back as text: page 1: font F2 (Courier)');
  });

  it('flags images and forms, which the binder renderer never draws and which could show anything', () => {
    const pdf = craftPdf([{ content: `${cover}\nq 100 0 0 20 50 600 cm /Im1 Do Q`, resources: '/XObject << /Im1 << /Type /XObject /Subtype /Image >> >>' }], info);
    expect(sealMismatches(readPdfSeal(pdf, LIMITS), SIGNED)).toEqual(['it draws what the binder renderer never does, which cannot be read back as text: page 1: external object Im1']);
  });

  it('flags a seal value drawn apart from its label, and a footer prefix that is not the digest', () => {
    const apart = `${cover}\n${textLine(OTHER_DIGEST, { y: 600 })}\n${textLine(`Evidence digest ${OTHER_DIGEST.slice(0, 16)}...`, { y: 40 })}`;
    const problems = sealMismatches(readPdfSeal(craftPdf([{ content: apart }], info), LIMITS), SIGNED);
    expect(problems).toEqual([
      `page 1 says evidence digest ${OTHER_DIGEST.slice(0, 16)}..., but manifest.json says ${SIGNED.evidenceDigest}`,
      `its cover shows ${OTHER_DIGEST}, which is neither the evidence digest nor the signing key fingerprint of manifest.json`,
    ]);
  });

  it('refuses a stream that inflates beyond the limit, without inflating it all', () => {
    const bomb = craftPdf([{ content: Buffer.alloc(64 * 1024 ** 2, 0x20) }], info);
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => readPdfSeal(bomb, { ...LIMITS, maxStreamBytes: 1024 ** 2 })).toThrow(PdfSyntaxError);
    expect(() => readPdfSeal(bomb, { ...LIMITS, maxStreamBytes: 1024 ** 2 })).toThrow(/does not inflate within 1048576 bytes/);
  });

  it('refuses a PDF holding more objects than any binder PDF, instead of building them all', () => {
    const fonts = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`F${i}`, '1 0 R']));
    const pages = Array.from({ length: 2_000 }, () => ({ content: cover, fonts }));
    expect(() => readPdfSeal(craftPdf(pages, info), LIMITS)).toThrow(/more objects than any binder PDF holds/);
    const wide = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`F${i}`, '1 0 R']));
    expect(() => readPdfSeal(craftPdf([{ content: cover, fonts: wide }], info), LIMITS)).toThrow(/dictionary of more than 1000 entries/);
  });

  it('refuses an updated (incremental) PDF, an encrypted one and a broken cross-reference table', () => {
    expect(() => readPdfSeal(craftPdf([{ content: cover }], info, ' /Prev 9'), LIMITS)).toThrow(/updated after it was written/);
    expect(() => readPdfSeal(craftPdf([{ content: cover }], info, ' /Encrypt 1 0 R'), LIMITS)).toThrow(/encrypted/);
    const pdf = craftPdf([{ content: cover }], info);
    const shifted = Buffer.concat([pdf.subarray(0, 9), Buffer.from('%%%%'), pdf.subarray(9)]);
    expect(() => readPdfSeal(shifted, LIMITS)).toThrow(PdfSyntaxError);
  });
});
