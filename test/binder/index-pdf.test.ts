import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citeSnapshots } from '../../binder/cite-snapshots.ts';
import { MARGINS } from '../../binder/pdf/layout.ts';
import { SHOWN_PER_CHECK } from '../../binder/pdf/remediation-block.ts';
import { renderIndexPdf } from '../../binder/pdf/render-index-pdf.ts';
import type { IndexPdfInput } from '../../binder/pdf/index-input.ts';
import { PeriodEvaluation } from '../../model/evaluation.ts';
import { sealMismatches } from '../../binder/verify/check-pdf-seal.ts';
import { readPdfSeal } from '../../binder/verify/pdf-seal.ts';
import { buildFixture, NO_FIELDWORK } from './fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-pdf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The fixture made harder to lay out: an unbreakable 400-character ARN, a very long reason, and 90 exceptions on one check. */
function stressedEvaluation(): PeriodEvaluation {
  const ev = buildFixture().evaluation;
  const check = ev.checks.find((c) => c.checkId === 'iam.access-key-rotated')!;
  const template = check.exceptions[0]!;
  check.exceptions[0] = { ...template, resourceId: `arn:aws:s3:::${'a'.repeat(400)}`, reason: `${'very long reason '.repeat(60)}end` };
  for (let i = 0; i < 90; i++) {
    check.exceptions.push({ ...template, resourceId: `arn:aws:iam::111122223333:user/generated/batch-user-${String(i).padStart(3, '0')}`, open: false });
  }
  ev.controls.find((c) => c.controlId === 'AC-03')!.title = `Access key rotation ${'and a very long control title '.repeat(4)}`;
  return ev;
}

function inputFor(ev: PeriodEvaluation): IndexPdfInput {
  return {
    evaluation: ev,
    builtWith: { name: 'soc2-binder', version: '0.0.0-test' },
    evidenceDigest: 'ab'.repeat(32),
    signingFingerprint: 'cd'.repeat(32),
    citations: citeSnapshots(ev),
    evidenceFiles: [{ path: 'evidence/check-results.json', size: 10, sha256: 'ef'.repeat(32) }],
    manualEvidence: [],
    ...NO_FIELDWORK,
  };
}

describe('renderIndexPdf', () => {
  it('keeps every word inside the margins, wraps unbreakable tokens and repeats table headers on page breaks', async () => {
    const pdf = await renderIndexPdf(inputFor(stressedEvaluation()));
    const path = join(dir, 'stressed.pdf');
    await writeFile(path, pdf.bytes);
    const bbox = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const page = /<page width="([\d.]+)" height="([\d.]+)">/.exec(bbox)!;
    const width = Number(page[1]);
    const height = Number(page[2]);
    const outside: string[] = [];
    for (const m of bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      if (x0 < MARGINS.left - 0.5 || x1 > width - MARGINS.right + 0.5 || y0 < 20 || y1 > height - 20) outside.push(`${m[5]} @${x0},${y0}-${x1},${y1}`);
    }
    expect(outside).toEqual([]);
    const text = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(`arn:aws:s3:::${'a'.repeat(400)}`);
    expect(text.match(/Resource and first failure/g)!.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain(`Page ${pdf.pageCount} of ${pdf.pageCount}`);
    // The verifier reads this harder layout's seal back as well.
    const input = inputFor(stressedEvaluation());
    const seal = readPdfSeal(pdf.bytes, { maxStreamBytes: 32 * 1024 ** 2, maxInflatedBytes: 256 * 1024 ** 2, maxPages: 10_000 });
    expect(seal.pageCount).toBe(pdf.pageCount);
    expect(sealMismatches(seal, input)).toEqual([]);
  });

  it('shows the commands of the first open exceptions of a check and counts the rest, which the CSV holds', async () => {
    const ev = buildFixture().evaluation;
    const check = ev.checks.find((c) => c.checkId === 'iam.access-key-rotated')!;
    const template = check.exceptions.find((e) => e.open)!;
    for (let i = 0; i < SHOWN_PER_CHECK + 3; i++)
      check.exceptions.push({ ...template, resourceId: `arn:aws:iam::111122223333:user/generated/stale-key-${i}` });
    const path = join(dir, 'many-open.pdf');
    await writeFile(path, (await renderIndexPdf(inputFor(ev))).bytes);
    const flat = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(flat).toContain(`How to fix the open exceptions (${SHOWN_PER_CHECK + 4})`);
    const shown = flat.match(/aws iam create-access-key --user-name \S+/g)!;
    expect(shown).toHaveLength(SHOWN_PER_CHECK);
    expect(flat).toContain('and 4 more open exceptions of iam.access-key-rotated: the commands for each are in evidence/exceptions.csv');
  });

  it('renders the same bytes twice, with the as-of time as creation and modification date', async () => {
    const ev = buildFixture().evaluation;
    const a = await renderIndexPdf(inputFor(ev));
    const b = await renderIndexPdf(inputFor(ev));
    expect(b.bytes.equals(a.bytes)).toBe(true);
    const path = join(dir, 'plain.pdf');
    await writeFile(path, a.bytes);
    expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/ModDate:\s+Tue Mar 31 02:03:18 2026 UTC/);
  });

  it('lists off-schedule snapshots per source with why, counts them, and dates exceptions by capture time with the slot beside', async () => {
    const ev = buildFixture().evaluation;
    expect(() => PeriodEvaluation.parse(ev)).not.toThrow();
    const path = join(dir, 'off-schedule.pdf');
    await writeFile(path, (await renderIndexPdf(inputFor(ev))).bytes);
    const text = execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const flat = text.replace(/\s+/g, ' ');
    // Coverage: the count per source, each off-schedule snapshot with its reason, the late slot as a gap.
    expect(flat).toContain('Off-schedule snapshots (2)');
    expect(flat).toMatch(/prod 182 180 98\.9% 2 1/);
    expect(flat).toMatch(/staging 182 180 98\.9% 2 1/);
    expect(flat).toContain('started 2025-12-25 18:21');
    expect(flat).toContain('captured 2025-12-25 18:23');
    expect(flat).toContain('started 16 h 21 min after the 2025-12-25T02:00:00.000Z slot, outside its 6 h grace time');
    expect(flat).toContain('taken on purpose (collect --off-schedule)');
    expect(flat).toContain('run run-20251225T182100Z came too late');
    // Exceptions: capture time, slot beside; off-schedule observations say so.
    expect(flat).toContain('first seen 2025-10-21 02:03 UTC (slot 02:00)');
    expect(flat).toContain('first seen 2025-12-25 18:23 UTC (off-schedule)');
    expect(flat).toContain('fixed 2025-12-28 02:03 UTC (slot 02:00)');
    expect(flat).toContain('1 off-schedule snapshot, evaluated but counted in no slot');
  });
});
