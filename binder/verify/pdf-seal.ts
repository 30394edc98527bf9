/**
 * What index.pdf says seals the binder (see binder/pdf/seal.ts): the information dictionary's seal
 * entries and Keywords, the labelled seal values drawn on the cover and in the footers, and every
 * long hex run on the cover. Distinct values are kept, a bounded number of them.
 */
import { SEAL_INFO_KEYS, sealClaimsInLine, type SEAL_LABELS } from '../pdf/seal.ts';
import { PdfDocument, type PdfReadLimits } from './pdf-document.ts';
import { forEachTextLine } from './pdf-text.ts';

export interface SealClaim {
  label: keyof typeof SEAL_LABELS;
  value: string;
  /** A full value (64 hex digits or UNSIGNED), not a footer's prefix. */
  full: boolean;
  /** 1-based page of its first occurrence. */
  page: number;
}

export interface PdfSeal {
  info: { evidenceDigest: string | undefined; signingKey: string | undefined; keywords: string | undefined };
  /** Distinct labelled claims on every page. */
  claims: SealClaim[];
  /** Distinct runs of 32 or more hex digits on the cover (page 1), labelled or not. */
  coverHexRuns: string[];
  /** More distinct values than MAX_DISTINCT were seen; the PDF contradicts itself at least that often. */
  overflow: boolean;
  /** What the PDF can show that cannot be read back as text (foreign fonts, images, forms), per page; the first few. */
  unreadable: string[];
  pageCount: number;
}

const MAX_DISTINCT = 64;

/** Throws PdfSyntaxError when the PDF cannot be read as the binder renderer writes it. */
export function readPdfSeal(bytes: Buffer, limits: PdfReadLimits): PdfSeal {
  const pdf = PdfDocument.parse(bytes, limits);
  const claims = new Map<string, SealClaim>();
  const coverHexRuns = new Set<string>();
  let overflow = false;
  const unreadable: string[] = [];
  const pages = pdf.pages();
  pages.forEach((page, i) => {
    const foreign = [...page.otherFonts.map((f) => `font ${f}`), ...page.xobjects.map((x) => `external object ${x}`)];
    if (foreign.length && unreadable.length < 8) unreadable.push(`page ${i + 1}: ${foreign.slice(0, 4).join(', ')}`);
    for (const stream of page.contents) {
      forEachTextLine(pdf.decode(stream), page.readableFonts, (line) => {
        for (const c of sealClaimsInLine(line)) {
          const key = `${c.label} ${c.value} ${c.full}`;
          if (claims.has(key)) continue;
          if (claims.size >= MAX_DISTINCT) overflow = true;
          else claims.set(key, { ...c, page: i + 1 });
        }
        if (i === 0) {
          for (const m of line.matchAll(/[0-9a-fA-F]{32,}/g)) {
            if (coverHexRuns.size >= MAX_DISTINCT) overflow = true;
            else coverHexRuns.add(m[0]);
          }
        }
      });
    }
  });
  return {
    info: {
      evidenceDigest: pdf.infoString(SEAL_INFO_KEYS.evidenceDigest),
      signingKey: pdf.infoString(SEAL_INFO_KEYS.signingKey),
      keywords: pdf.infoString('Keywords'),
    },
    claims: [...claims.values()],
    coverHexRuns: [...coverHexRuns],
    overflow,
    unreadable,
    pageCount: pages.length,
  };
}
