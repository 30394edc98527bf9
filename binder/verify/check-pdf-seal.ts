/**
 * index.pdf must state the seal the manifest records: the evidence digest and the signing key's
 * fingerprint (or UNSIGNED), on its cover and in its metadata. A PDF carried over from another
 * binder, or left in place when the evidence was changed and re-signed with another key, shows its
 * reader values that are not this binder's: that is tampering, named on index.pdf.
 */
import { PDF_FILE, type Manifest } from '../manifest.ts';
import { SEAL_INFO_KEYS, SEAL_LABELS, sealKeywords, UNSIGNED, type Seal } from '../pdf/seal.ts';
import type { VerifyLimits } from './limits.ts';
import { PdfSyntaxError } from './pdf-lexer.ts';
import { readPdfSeal, type PdfSeal } from './pdf-seal.ts';
import type { ProblemList } from './problems.ts';
import type { ZipScan } from './zip-reader.ts';

export function checkPdfSeal(manifest: Manifest, scan: ZipScan, limits: VerifyLimits, problems: ProblemList): void {
  const bytes = scan.kept.get(PDF_FILE);
  if (!bytes) {
    // Refused or unreadable entries were reported when read.
    if (!scan.names.has(PDF_FILE)) problems.add(PDF_FILE, 'missing: every binder has an index.pdf stating its seal');
    return;
  }
  let found: PdfSeal;
  try {
    found = readPdfSeal(bytes, { maxStreamBytes: limits.maxPdfStreamBytes, maxInflatedBytes: limits.maxPdfInflatedBytes, maxPages: limits.maxPdfPages });
  } catch (err) {
    if (!(err instanceof PdfSyntaxError)) throw err;
    problems.add(PDF_FILE, `cannot be read as the binder's PDF, so its seal cannot be checked: ${err.message}`);
    return;
  }
  const seal: Seal = { evidenceDigest: manifest.evidenceDigest, signingFingerprint: manifest.signing?.publicKeyFingerprint ?? null };
  for (const problem of sealMismatches(found, seal)) problems.add(PDF_FILE, problem);
}

/** Every way the PDF's seal differs from `seal`, in words. */
export function sealMismatches(found: PdfSeal, seal: Seal): string[] {
  const want = { evidenceDigest: seal.evidenceDigest, signingKey: seal.signingFingerprint ?? UNSIGNED };
  const words = { evidenceDigest: 'evidence digest', signingKey: `signing key${seal.signingFingerprint ? ' fingerprint' : ''}` };
  const out: string[] = [];
  const says = (what: string, value: string | undefined, key: keyof typeof want) =>
    `${what} ${value === undefined ? `does not state the ${words[key]}` : `says ${words[key]} ${value}`}, but manifest.json says ${want[key]}`;

  if (found.info.evidenceDigest !== want.evidenceDigest) out.push(says(`its metadata (${SEAL_INFO_KEYS.evidenceDigest})`, found.info.evidenceDigest, 'evidenceDigest'));
  if (found.info.signingKey !== want.signingKey) out.push(says(`its metadata (${SEAL_INFO_KEYS.signingKey})`, found.info.signingKey, 'signingKey'));
  if (found.info.keywords !== sealKeywords(seal)) out.push(`its metadata (Keywords) ${JSON.stringify(found.info.keywords ?? '')} is not ${JSON.stringify(sealKeywords(seal))}`);

  for (const label of ['evidenceDigest', 'signingKey'] as const) {
    const onCover = found.claims.filter((c) => c.label === label && c.full && c.page === 1);
    if (onCover.length === 0) out.push(`its cover does not show "${SEAL_LABELS[label]}: ${want[label]}"`);
    for (const c of found.claims.filter((x) => x.label === label)) {
      const ok = c.full ? c.value === want[label] : want[label] !== UNSIGNED && want[label].startsWith(c.value);
      if (!ok) out.push(says(`page ${c.page}`, c.value + (c.full ? '' : '...'), label));
    }
  }
  // Unlabelled hex on the cover must still be one of the two values (a digest drawn apart from its label).
  const sealed = [want.evidenceDigest, seal.signingFingerprint ?? ''];
  for (const run of found.coverHexRuns) {
    if (!sealed.some((v) => v.length > 0 && v.startsWith(run.toLowerCase()))) {
      out.push(`its cover shows ${run}, which is neither the evidence digest nor the signing key fingerprint of manifest.json`);
    }
  }
  if (found.overflow) out.push('it states more distinct seal values than any binder PDF does');
  // The renderer uses only the standard fonts and draws no images or forms: anything else could show
  // a reader values this check cannot see.
  for (const where of found.unreadable) out.push(`it draws what the binder renderer never does, which cannot be read back as text: ${where}`);
  return out;
}
