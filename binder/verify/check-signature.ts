/**
 * The signature over manifest.json, and who made it. The bundled key proves only that whoever
 * built the ZIP held its private half; the signer is checked only when the auditor gives the key or
 * its fingerprint received out of band (--key, --fingerprint).
 */
import { verify as verifySignature, type KeyObject } from 'node:crypto';
import { fingerprint, KeyFileError, parsePublicKeyPem } from '../keys.ts';
import { MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE, type Manifest } from '../manifest.ts';
import type { ProblemList } from './problems.ts';
import type { ZipScan } from './zip-reader.ts';

export interface ExpectedSigner {
  key: KeyObject | null;
  /** Lower-case hex. */
  fingerprint: string | null;
}

export interface SignatureFacts {
  signed: boolean;
  /** Fingerprint of the bundled key, when it parses. */
  fingerprint: string | null;
  /** The bundled key is the expected one (given key and/or fingerprint) and the signature verifies with it. */
  signerChecked: boolean;
}

export function checkSignature(manifest: Manifest, manifestBytes: Buffer, scan: ZipScan, expected: ExpectedSigner, problems: ProblemList): SignatureFacts {
  const before = problems.count;
  const expecting = expected.key !== null || expected.fingerprint !== null;
  if (!manifest.signing) {
    if (expecting) problems.add(MANIFEST_FILE, `the binder is UNSIGNED, but you expected it signed by ${expectedDescription(expected)}`);
    if (scan.names.has(SIGNATURE_FILE)) problems.add(SIGNATURE_FILE, 'present, but manifest.json says the binder is unsigned');
    return { signed: false, fingerprint: null, signerChecked: false };
  }

  const pem = scan.kept.get(PUBLIC_KEY_FILE);
  const sig = scan.kept.get(SIGNATURE_FILE);
  let embedded: KeyObject | null = null;
  let embeddedFp: string | null = null;
  if (!pem) {
    if (!scan.names.has(PUBLIC_KEY_FILE)) problems.add(PUBLIC_KEY_FILE, 'missing, but manifest.json says the binder is signed');
  } else {
    try {
      embedded = parsePublicKeyPem(pem.toString('utf8'), PUBLIC_KEY_FILE);
      embeddedFp = fingerprint(embedded);
      if (embeddedFp !== manifest.signing.publicKeyFingerprint) {
        problems.add(PUBLIC_KEY_FILE, `fingerprint ${embeddedFp} differs from publicKeyFingerprint in manifest.json`);
      }
    } catch (err) {
      if (!(err instanceof KeyFileError)) throw err;
      problems.add(PUBLIC_KEY_FILE, err.message);
    }
  }
  if (!sig) {
    if (!scan.names.has(SIGNATURE_FILE)) problems.add(SIGNATURE_FILE, 'missing, but manifest.json says the binder is signed');
  } else if (sig.length !== 64) {
    problems.add(SIGNATURE_FILE, `${sig.length} bytes; an Ed25519 signature is 64`);
  } else {
    if (embedded && !verifySignature(null, manifestBytes, embedded, sig)) {
      problems.add(SIGNATURE_FILE, `signature over manifest.json does not verify with ${PUBLIC_KEY_FILE} (manifest.json or manifest.sig changed after signing)`);
    }
    if (expected.key && !verifySignature(null, manifestBytes, expected.key, sig)) {
      problems.add(SIGNATURE_FILE, `signature over manifest.json does not verify with the --key you gave (fingerprint ${fingerprint(expected.key)})`);
    }
  }
  if (expected.key && embeddedFp && fingerprint(expected.key) !== embeddedFp) {
    problems.add(PUBLIC_KEY_FILE, `bundled key ${embeddedFp} is not the --key you gave (${fingerprint(expected.key)})`);
  }
  if (expected.fingerprint && embeddedFp !== expected.fingerprint) {
    problems.add(PUBLIC_KEY_FILE, `key fingerprint ${embeddedFp ?? '(none)'} is not the expected ${expected.fingerprint}: the binder was signed by someone else`);
  }
  return { signed: true, fingerprint: embeddedFp, signerChecked: expecting && problems.count === before };
}

function expectedDescription(expected: ExpectedSigner): string {
  return expected.fingerprint ?? (expected.key ? fingerprint(expected.key) : '?');
}
