/**
 * How index.pdf states what seals the binder: the evidence digest and the signing key's fingerprint
 * (or UNSIGNED). The renderer writes them in three places and `binder verify` reads all three back
 * and compares them with the manifest, so a PDF that shows a reader other values than the manifest's
 * is reported as tampering:
 *  - two cover lines drawn in a standard font (Courier), e.g. `Evidence digest: <hex>`;
 *  - custom keys of the document information dictionary (BinderEvidenceDigest, BinderSigningKey);
 *  - the Keywords entry, plain ASCII, so `grep -a` on the raw PDF finds it (VERIFY.md does).
 */

/** What the cover says instead of a fingerprint when the binder is not signed. */
export const UNSIGNED = 'UNSIGNED';

export const SEAL_INFO_KEYS = { evidenceDigest: 'BinderEvidenceDigest', signingKey: 'BinderSigningKey' } as const;

export const SEAL_LABELS = { evidenceDigest: 'Evidence digest', signingKey: 'Signing key' } as const;

export interface Seal {
  evidenceDigest: string;
  /** Hex fingerprint of the signing key, or null when unsigned. */
  signingFingerprint: string | null;
}

/** The cover's two seal lines, exactly as drawn. */
export function sealLines(seal: Seal): { evidenceDigest: string; signingKey: string } {
  return {
    evidenceDigest: `${SEAL_LABELS.evidenceDigest}: ${seal.evidenceDigest}`,
    signingKey: `${SEAL_LABELS.signingKey}: ${seal.signingFingerprint ?? UNSIGNED}`,
  };
}

/** The Keywords entry; VERIFY.md greps the raw PDF for it. */
export function sealKeywords(seal: Seal): string {
  return `evidence digest ${seal.evidenceDigest}; signing key ${seal.signingFingerprint ?? UNSIGNED}`;
}

/** The custom information dictionary entries. */
export function sealInfo(seal: Seal): Record<string, string> {
  return { [SEAL_INFO_KEYS.evidenceDigest]: seal.evidenceDigest, [SEAL_INFO_KEYS.signingKey]: seal.signingFingerprint ?? UNSIGNED };
}

/**
 * Every labelled seal value in a line of text: the cover's full values and the running footers'
 * 16-digit prefixes ("Evidence digest 0123456789abcdef...").
 */
export function sealClaimsInLine(line: string): { label: keyof typeof SEAL_LABELS; value: string; full: boolean }[] {
  const out: { label: keyof typeof SEAL_LABELS; value: string; full: boolean }[] = [];
  for (const m of line.matchAll(/(Evidence digest|Signing key):? +([0-9a-f]{8,64}|UNSIGNED)(\.\.\.)?/g)) {
    const label = m[1] === SEAL_LABELS.evidenceDigest ? 'evidenceDigest' : 'signingKey';
    out.push({ label, value: m[2]!, full: m[3] === undefined && (m[2] === UNSIGNED || m[2]!.length === 64) });
  }
  return out;
}
