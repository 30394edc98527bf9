/**
 * Verifies a binder ZIP in place (nothing is extracted) and says what was shown:
 *
 *   status             exit  meaning
 *   valid                0   intact, and signed by the key given with --key / --fingerprint
 *   signer-unchecked     3   intact and the signature verifies with the bundled key, but no key or
 *                            fingerprint was given: anyone can re-sign with a key of their own
 *   unsigned             3   intact, not signed, no key expected: nothing shows who produced it
 *   tampered             1   something does not match; `problems` names each entry
 *   unreadable           2   not a readable ZIP, or a bad --key / --fingerprint (nothing concluded)
 *   error                4   the verification itself failed (nothing concluded about the binder)
 *
 * The checks, each in its own module under verify/: reading the ZIP with limits (zip-reader), the
 * manifest parsed within a budget (read-manifest), every file against the manifest (check-files),
 * SHA256SUMS against the manifest (check-sums), the signature and its signer (check-signature), and
 * the seal index.pdf states against the manifest (check-pdf-seal).
 */
import { type KeyObject } from 'node:crypto';
import { KeyFileError, normalizeFingerprint, parsePublicKeyPem } from './keys.ts';
import { MANIFEST_FILE, PDF_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE, SUMS_FILE, type Manifest } from './manifest.ts';
import { checkFiles } from './verify/check-files.ts';
import { checkPdfSeal } from './verify/check-pdf-seal.ts';
import { checkSignature, type SignatureFacts } from './verify/check-signature.ts';
import { checkSums } from './verify/check-sums.ts';
import { DEFAULT_LIMITS, MAX_KEY_BYTES, MAX_SIGNATURE_BYTES, type VerifyLimits } from './verify/limits.ts';
import { ProblemList, type VerifyProblem } from './verify/problems.ts';
import { readManifest } from './verify/read-manifest.ts';
import { exitCodeFor, type VerifyStatus } from './verify/status.ts';
import { scanZip, UnreadableZipError, type ZipScan } from './verify/zip-reader.ts';

export { DEFAULT_LIMITS, type VerifyLimits } from './verify/limits.ts';
export type { VerifyProblem } from './verify/problems.ts';
export {
  EXIT_INCOMPLETE,
  EXIT_TAMPERED,
  EXIT_UNAUTHENTICATED,
  EXIT_UNREADABLE,
  EXIT_VALID,
  exitCodeFor,
  VERIFY_STATUSES,
  type VerifyStatus,
} from './verify/status.ts';

export interface VerifyResult {
  status: VerifyStatus;
  /** exitCodeFor(status). */
  exitCode: number;
  /** The first limits.maxProblems problems found. */
  problems: VerifyProblem[];
  /** How many more were found and not listed. */
  problemsOmitted: number;
  /** Whether the manifest says the binder is signed. */
  signed: boolean;
  /** Hex fingerprint of the bundled signing key, when present. */
  fingerprint: string | null;
  /** The bundled key is the one given with --key / --fingerprint and the signature verifies with it. */
  signerChecked: boolean;
  manifest: Manifest | null;
  entries: number;
  bytesHashed: number;
  /** Things worth telling that are not problems (e.g. it is unsigned, the signer was not checked). */
  warnings: string[];
  /** For status 'error': what failed inside the verifier. */
  error?: string;
}

export interface VerifyOptions {
  /** The public key the auditor received out of band (SPKI PEM); the bundled key must be this key. */
  publicKeyPem?: string;
  /** Fingerprint received out of band (hex, optionally `SHA256:` and colons, any case). */
  expectedFingerprint?: string;
  limits?: Partial<VerifyLimits>;
}

export async function verifyBinder(zipPath: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  try {
    return await verifyOrThrow(zipPath, options);
  } catch (err) {
    // Our own failure is not evidence about the binder: never report it as tampering.
    return {
      ...emptyResult('error'),
      error: `verification could not complete: ${(err as Error).message}. Nothing was concluded about ${zipPath}: it is neither shown intact nor shown tampered.`,
    };
  }
}

async function verifyOrThrow(zipPath: string, options: VerifyOptions): Promise<VerifyResult> {
  const limits: VerifyLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const problems = new ProblemList(limits.maxProblems);

  // Options the auditor passed are checked first: a bad key or fingerprint is a usage error, not a bad binder.
  let key: KeyObject | null = null;
  if (options.publicKeyPem !== undefined) {
    try {
      key = parsePublicKeyPem(options.publicKeyPem, 'the --key public key');
    } catch (err) {
      if (!(err instanceof KeyFileError)) throw err;
      return unreadable('--key', err.message);
    }
  }
  let expectedFp: string | null = null;
  if (options.expectedFingerprint !== undefined) {
    expectedFp = normalizeFingerprint(options.expectedFingerprint);
    if (!expectedFp) return unreadable('--fingerprint', `${JSON.stringify(options.expectedFingerprint.slice(0, 200))} is not a SHA-256 fingerprint (64 hex digits)`);
  }

  const keep = new Map([
    [MANIFEST_FILE, limits.maxManifestBytes],
    [SUMS_FILE, limits.maxSumsBytes],
    [PDF_FILE, limits.maxPdfBytes],
    [PUBLIC_KEY_FILE, MAX_KEY_BYTES],
    [SIGNATURE_FILE, MAX_SIGNATURE_BYTES],
  ]);
  let scan: ZipScan;
  try {
    scan = await scanZip(zipPath, limits, keep, problems);
  } catch (err) {
    if (!(err instanceof UnreadableZipError)) throw err;
    return unreadable(zipPath, err.message);
  }

  const facts = { entries: scan.entryCount, bytesHashed: scan.bytesHashed };
  const manifestBytes = scan.kept.get(MANIFEST_FILE);
  const manifest = manifestBytes ? readManifest(manifestBytes, scan.entryCount, problems) : null;
  if (!manifestBytes && !scan.names.has(MANIFEST_FILE)) problems.add(MANIFEST_FILE, 'missing: this is not a binder, or its manifest was removed');
  if (!manifest || !manifestBytes) return finish(problems, { ...facts, manifest: null, signature: null, expecting: false });

  checkFiles(manifest, scan, problems);
  const sums = scan.kept.get(SUMS_FILE);
  if (sums) checkSums(sums, { manifest, manifestSha256: scan.facts.get(MANIFEST_FILE)!.sha256, maxLines: scan.entryCount }, problems);
  else if (!scan.names.has(SUMS_FILE)) problems.add(SUMS_FILE, 'missing');
  const signature = checkSignature(manifest, manifestBytes, scan, { key, fingerprint: expectedFp }, problems);
  checkPdfSeal(manifest, scan, limits, problems);
  return finish(problems, { ...facts, manifest, signature, expecting: key !== null || expectedFp !== null });
}

function finish(
  problems: ProblemList,
  r: { entries: number; bytesHashed: number; manifest: Manifest | null; signature: SignatureFacts | null; expecting: boolean },
): VerifyResult {
  const warnings: string[] = [];
  let status: VerifyStatus;
  if (problems.count > 0) status = 'tampered';
  else if (!r.signature?.signed) {
    status = 'unsigned';
    warnings.push('the binder is UNSIGNED: the checksums show the files are intact, but nothing shows who produced them');
  } else if (r.signature.signerChecked) status = 'valid';
  else {
    status = 'signer-unchecked';
    warnings.push(
      `the signer was not checked: the signature verifies with the bundled key ${r.signature.fingerprint}, but anyone can re-sign a binder ` +
        'with a key of their own. Compare this fingerprint with the one the organization gave you out of band and pass it with --fingerprint.',
    );
  }
  return {
    status,
    exitCode: exitCodeFor(status),
    problems: problems.list(),
    problemsOmitted: problems.omitted,
    signed: r.signature?.signed ?? false,
    fingerprint: r.signature?.fingerprint ?? null,
    signerChecked: status === 'valid',
    manifest: r.manifest,
    entries: r.entries,
    bytesHashed: r.bytesHashed,
    warnings,
  };
}

function unreadable(path: string, message: string): VerifyResult {
  return { ...emptyResult('unreadable'), problems: [{ path, message }] };
}

function emptyResult(status: VerifyStatus): VerifyResult {
  return {
    status,
    exitCode: exitCodeFor(status),
    problems: [],
    problemsOmitted: 0,
    signed: false,
    fingerprint: null,
    signerChecked: false,
    manifest: null,
    entries: 0,
    bytesHashed: 0,
    warnings: [],
  };
}
