/**
 * Verifies a binder ZIP in place: nothing is extracted to disk. Every entry is streamed once through
 * SHA-256 (bounded memory), with limits that refuse zip bombs, and entries an extractor could abuse
 * (paths with "..", absolute paths, backslashes, drive letters, symlinks, duplicates, encryption)
 * are refused without being read. Then: every manifest entry present with its size and hash, no
 * extra files, SHA256SUMS consistent with the manifest, and the Ed25519 signature valid with the
 * embedded key and, if given, with the key the auditor received out of band.
 */
import { createHash, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { sha256Hex } from '../model/canonical-json.ts';
import { fingerprint, normalizeFingerprint, parsePublicKeyPem } from './keys.ts';
import {
  evidenceDigest,
  filesDigest,
  Manifest,
  MANIFEST_FILE,
  parseSums,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  SUMS_FILE,
} from './manifest.ts';

/** Exit codes for `binder verify`. */
export const EXIT_VALID = 0;
export const EXIT_TAMPERED = 1;
/** Unreadable archive, or wrong usage (the CLI uses the same code for both). */
export const EXIT_UNREADABLE = 2;

export type VerifyStatus = 'valid' | 'tampered' | 'unreadable';

export interface VerifyProblem {
  /** The entry (or the ZIP itself) the problem is about. */
  path: string;
  message: string;
}

export interface VerifyResult {
  status: VerifyStatus;
  problems: VerifyProblem[];
  /** Whether the manifest says the binder is signed (and the signature was checked). */
  signed: boolean;
  /** Hex fingerprint of the embedded signing key, when present. */
  fingerprint: string | null;
  manifest: Manifest | null;
  entries: number;
  bytesHashed: number;
  /** Things worth telling that do not make the binder invalid (e.g. it is unsigned). */
  warnings: string[];
}

export interface VerifyLimits {
  /** Largest uncompressed entry accepted. */
  maxEntryBytes: number;
  /** Largest total of uncompressed bytes accepted. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio accepted for entries over ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
  /** manifest.json, SHA256SUMS and the key are held in memory: cap them. */
  maxMetaBytes: number;
}

export const DEFAULT_LIMITS: VerifyLimits = {
  maxEntryBytes: 8 * 1024 ** 3,
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 1000,
  ratioFloorBytes: 1024 ** 2,
  maxEntries: 200_000,
  maxMetaBytes: 256 * 1024 ** 2,
};

export interface VerifyOptions {
  /** The public key the auditor received out of band (SPKI PEM); the embedded key must be this key. */
  publicKeyPem?: string;
  /** Fingerprint received out of band (hex, optionally `SHA256:` and colons). */
  expectedFingerprint?: string;
  limits?: Partial<VerifyLimits>;
}

export function exitCodeFor(status: VerifyStatus): number {
  return status === 'valid' ? EXIT_VALID : status === 'tampered' ? EXIT_TAMPERED : EXIT_UNREADABLE;
}

interface EntryFacts {
  size: number;
  sha256: string;
}

const META_FILES = new Set([MANIFEST_FILE, SUMS_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE]);

export async function verifyBinder(zipPath: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const problems: VerifyProblem[] = [];
  const warnings: string[] = [];
  let unreadable = false;
  const result = (extra: Partial<VerifyResult> = {}): VerifyResult => ({
    status: unreadable ? 'unreadable' : problems.length ? 'tampered' : 'valid',
    problems,
    signed: false,
    fingerprint: null,
    manifest: null,
    entries: 0,
    bytesHashed: 0,
    warnings,
    ...extra,
  });

  // Options the auditor passed are checked first: a bad key file is a usage error, not a bad binder.
  let givenKey: KeyObject | null = null;
  if (options.publicKeyPem !== undefined) {
    try {
      givenKey = parsePublicKeyPem(options.publicKeyPem, 'the --key public key');
    } catch (err) {
      unreadable = true;
      problems.push({ path: '--key', message: (err as Error).message });
      return result();
    }
  }
  let expectedFp: string | null = null;
  if (options.expectedFingerprint !== undefined) {
    expectedFp = normalizeFingerprint(options.expectedFingerprint);
    if (!expectedFp) {
      unreadable = true;
      problems.push({ path: '--fingerprint', message: `"${options.expectedFingerprint}" is not a SHA-256 fingerprint (64 hex digits)` });
      return result();
    }
  }

  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipPath);
  } catch (err) {
    unreadable = true;
    problems.push({ path: zipPath, message: `not a readable ZIP: ${(err as Error).message}` });
    return result();
  }

  const facts = new Map<string, EntryFacts>();
  const meta = new Map<string, Buffer>();
  const seen = new Set<string>();
  let bytesHashed = 0;
  let declaredTotal = 0;
  let entries = 0;
  try {
    if (zip.entryCount > limits.maxEntries) {
      problems.push({ path: zipPath, message: `${zip.entryCount} entries, more than the limit of ${limits.maxEntries}; refused` });
      return result({ entries: zip.entryCount });
    }
    for await (const entry of iterateEntries(zip)) {
      entries++;
      const name = entryName(entry);
      const refusal = refuseEntry(entry, name, seen, limits, declaredTotal);
      seen.add(name);
      if (refusal) {
        problems.push({ path: name, message: `${refusal}; refused, not read` });
        continue;
      }
      declaredTotal += entry.uncompressedSize;
      try {
        const keep = META_FILES.has(name) ? Math.min(limits.maxMetaBytes, limits.maxEntryBytes) : 0;
        const hashed = await hashEntry(zip, entry, name, limits.maxEntryBytes, keep);
        bytesHashed += hashed.size;
        facts.set(name, { size: hashed.size, sha256: hashed.sha256 });
        if (hashed.kept) meta.set(name, hashed.kept);
      } catch (err) {
        problems.push({ path: name, message: (err as Error).message });
      }
    }
  } catch (err) {
    unreadable = true;
    problems.push({ path: zipPath, message: `ZIP structure is damaged: ${(err as Error).message}` });
    return result({ entries, bytesHashed });
  } finally {
    zip.close();
  }

  // The manifest.
  const manifestBytes = meta.get(MANIFEST_FILE);
  if (!manifestBytes) {
    if (!problems.some((p) => p.path === MANIFEST_FILE)) problems.push({ path: MANIFEST_FILE, message: 'missing: this is not a binder, or its manifest was removed' });
    return result({ entries, bytesHashed });
  }
  let manifest: Manifest;
  try {
    const parsed = Manifest.safeParse(JSON.parse(manifestBytes.toString('utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push({ path: MANIFEST_FILE, message: `does not match ${'binder.manifest/v1'}: ${issue.path.join('.') || '(root)'}: ${issue.message}` });
      return result({ entries, bytesHashed });
    }
    manifest = parsed.data;
  } catch (err) {
    problems.push({ path: MANIFEST_FILE, message: `is not valid JSON: ${(err as Error).message}` });
    return result({ entries, bytesHashed });
  }

  // Every listed file present with its size and hash; nothing unlisted.
  const listed = new Set<string>();
  for (const f of manifest.files) {
    if (listed.has(f.path)) problems.push({ path: f.path, message: 'listed twice in manifest.json' });
    listed.add(f.path);
    const actual = facts.get(f.path);
    if (!actual) {
      if (!seen.has(f.path)) problems.push({ path: f.path, message: 'listed in manifest.json but missing from the ZIP' });
      continue;
    }
    if (actual.size !== f.size) problems.push({ path: f.path, message: `size ${actual.size} bytes, manifest.json says ${f.size}` });
    else if (actual.sha256 !== f.sha256) problems.push({ path: f.path, message: `SHA-256 ${actual.sha256} does not match manifest.json (${f.sha256})` });
  }
  for (const name of [...seen].sort()) {
    if (!listed.has(name) && name !== MANIFEST_FILE && name !== SUMS_FILE && name !== SIGNATURE_FILE) {
      problems.push({ path: name, message: 'present in the ZIP but not listed in manifest.json' });
    }
  }
  // Snapshot files are the exact canonical JSON hashed at collection: their hash must be the store's.
  const fileSha = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  for (const s of manifest.snapshots) {
    const sha = fileSha.get(s.path);
    if (sha === undefined) problems.push({ path: s.path, message: `cited snapshot ${s.snapshotId} is not among the files of manifest.json` });
    else if (sha !== s.snapshotSha256) problems.push({ path: s.path, message: `SHA-256 ${sha} differs from the collection-time snapshotSha256 ${s.snapshotSha256}` });
  }
  if (filesDigest(manifest.files) !== manifest.filesDigest) {
    problems.push({ path: MANIFEST_FILE, message: 'filesDigest does not match the files it lists' });
  }
  if (evidenceDigest(manifest.files) !== manifest.evidenceDigest) {
    problems.push({ path: MANIFEST_FILE, message: 'evidenceDigest (printed on the PDF cover) does not match the evidence files it lists' });
  }

  checkSums(meta.get(SUMS_FILE), seen.has(SUMS_FILE), manifest, facts.get(MANIFEST_FILE)!, problems);

  // The signature.
  let embeddedFp: string | null = null;
  const signed = manifest.signing !== null;
  if (manifest.signing) {
    const pem = meta.get(PUBLIC_KEY_FILE);
    const sig = meta.get(SIGNATURE_FILE);
    let embedded: KeyObject | null = null;
    if (!pem) {
      if (!seen.has(PUBLIC_KEY_FILE)) problems.push({ path: PUBLIC_KEY_FILE, message: 'missing, but manifest.json says the binder is signed' });
    } else {
      try {
        embedded = parsePublicKeyPem(pem.toString('utf8'), PUBLIC_KEY_FILE);
        embeddedFp = fingerprint(embedded);
        if (embeddedFp !== manifest.signing.publicKeyFingerprint) {
          problems.push({ path: PUBLIC_KEY_FILE, message: `fingerprint ${embeddedFp} differs from publicKeyFingerprint in manifest.json` });
        }
      } catch (err) {
        problems.push({ path: PUBLIC_KEY_FILE, message: (err as Error).message });
      }
    }
    if (!sig) {
      if (!seen.has(SIGNATURE_FILE)) problems.push({ path: SIGNATURE_FILE, message: 'missing, but manifest.json says the binder is signed' });
    } else if (sig.length !== 64) {
      problems.push({ path: SIGNATURE_FILE, message: `${sig.length} bytes; an Ed25519 signature is 64` });
    } else {
      if (embedded && !verifySignature(null, manifestBytes, embedded, sig)) {
        problems.push({ path: SIGNATURE_FILE, message: `signature over manifest.json does not verify with ${PUBLIC_KEY_FILE}` });
      }
      if (givenKey && !verifySignature(null, manifestBytes, givenKey, sig)) {
        problems.push({ path: SIGNATURE_FILE, message: `signature over manifest.json does not verify with the --key you gave (fingerprint ${fingerprint(givenKey)})` });
      }
    }
    if (givenKey && embeddedFp && fingerprint(givenKey) !== embeddedFp) {
      problems.push({ path: PUBLIC_KEY_FILE, message: `embedded key ${embeddedFp} is not the --key you gave (${fingerprint(givenKey)})` });
    }
    if (expectedFp && embeddedFp !== expectedFp) {
      problems.push({ path: PUBLIC_KEY_FILE, message: `key fingerprint ${embeddedFp ?? '(none)'} is not the expected ${expectedFp}` });
    }
  } else {
    if (givenKey || expectedFp) {
      problems.push({ path: MANIFEST_FILE, message: 'the binder is UNSIGNED, but a signing key was expected' });
    } else {
      warnings.push('the binder is UNSIGNED: the checksums show the files are intact, but nothing shows who produced them');
    }
    for (const f of [SIGNATURE_FILE]) if (seen.has(f)) problems.push({ path: f, message: 'present, but manifest.json says the binder is unsigned' });
  }

  return result({ signed, fingerprint: embeddedFp, manifest, entries, bytesHashed });
}

function checkSums(bytes: Buffer | undefined, present: boolean, manifest: Manifest, manifestFacts: EntryFacts, problems: VerifyProblem[]): void {
  if (!bytes) {
    if (!present) problems.push({ path: SUMS_FILE, message: 'missing' });
    return;
  }
  const text = bytes.toString('utf8');
  const { entries, errors } = parseSums(text);
  for (const e of errors) problems.push({ path: SUMS_FILE, message: e });
  const expected = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  expected.set(MANIFEST_FILE, manifestFacts.sha256);
  const inSums = new Set<string>();
  for (const e of entries) {
    if (inSums.has(e.path)) problems.push({ path: SUMS_FILE, message: `lists ${e.path} twice` });
    inSums.add(e.path);
    const want = expected.get(e.path);
    if (want === undefined) problems.push({ path: SUMS_FILE, message: `lists ${e.path}, which manifest.json does not` });
    else if (want !== e.sha256) problems.push({ path: SUMS_FILE, message: `hash of ${e.path} (${e.sha256}) differs from ${e.path === MANIFEST_FILE ? 'the file' : 'manifest.json'} (${want})` });
  }
  for (const path of expected.keys()) if (!inSums.has(path)) problems.push({ path: SUMS_FILE, message: `does not list ${path}` });
  // Exactly what the auditor runs: grep -v '  manifest.json$' SHA256SUMS | sha256sum.
  const withoutManifest = text
    .split('\n')
    .filter((l) => l !== '' && !l.endsWith(`  ${MANIFEST_FILE}`))
    .map((l) => `${l}\n`)
    .join('');
  if (sha256Hex(withoutManifest) !== manifest.filesDigest) {
    problems.push({ path: SUMS_FILE, message: "its lines other than manifest.json's do not hash to filesDigest in manifest.json (changed, reordered or reformatted)" });
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: true }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    );
  });
}

/** Entries one at a time (lazyEntries), so each is fully hashed before the next is read. */
async function* iterateEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  let pending: { resolve: (e: yauzl.Entry | null) => void; reject: (err: Error) => void } | null = null;
  let failure: Error | null = null;
  let ended = false;
  zip.on('entry', (e: yauzl.Entry) => pending?.resolve(e));
  zip.on('end', () => {
    ended = true;
    pending?.resolve(null);
  });
  zip.on('error', (err: Error) => {
    failure = err;
    pending?.reject(err);
  });
  for (;;) {
    if (failure) throw failure;
    if (ended) return;
    const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      pending = { resolve, reject };
      zip.readEntry();
    });
    pending = null;
    if (next === null) return;
    yield next;
  }
}

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
}

/** Why an entry must not be read or extracted, or null when it is a plain file with a safe name. */
function refuseEntry(entry: yauzl.Entry, name: string, seen: ReadonlySet<string>, limits: VerifyLimits, declaredTotal: number): string | null {
  if (name.length === 0) return 'empty entry name';
  if (name.includes('\\')) return 'entry name contains a backslash';
  if (/^[A-Za-z]:/.test(name)) return 'entry name starts with a drive letter';
  if (name.startsWith('/')) return 'absolute path';
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return 'entry name contains control characters';
  const parts = name.split('/');
  if (parts.includes('..')) return 'path climbs out of the folder ("..")';
  if (name.endsWith('/')) return 'directory entry (a binder holds only files)';
  if (parts.some((p) => p === '' || p === '.')) return 'path has empty or "." segments';
  if (seen.has(name)) return 'duplicate entry name';
  const unixMode = entry.externalFileAttributes >>> 16;
  const fileType = unixMode & 0o170000;
  if (entry.versionMadeBy >> 8 === 3 && fileType === 0o120000) return 'symbolic link';
  if (entry.versionMadeBy >> 8 === 3 && fileType !== 0 && fileType !== 0o100000) return `not a regular file (mode ${unixMode.toString(8)})`;
  if (entry.generalPurposeBitFlag & 0x1) return 'encrypted entry';
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) return `unsupported compression method ${entry.compressionMethod}`;
  if (entry.uncompressedSize > limits.maxEntryBytes) return `uncompressed size ${entry.uncompressedSize} bytes exceeds the limit of ${limits.maxEntryBytes}`;
  if (
    entry.uncompressedSize > limits.ratioFloorBytes &&
    entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio
  ) {
    return `compression ratio ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1 exceeds ${limits.maxRatio}:1 (zip bomb?)`;
  }
  if (declaredTotal + entry.uncompressedSize > limits.maxTotalBytes) return `total uncompressed size would exceed the limit of ${limits.maxTotalBytes} bytes`;
  return null;
}

/** Streams one entry through SHA-256; never trusts the declared size beyond `cap`. */
function hashEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string, cap: number, keepUpTo: number): Promise<{ size: number; sha256: string; kept: Buffer | null }> {
  return new Promise((resolve, reject) => {
    zip.readLocalFileHeader(entry, {}, (err, header) => {
      if (err) return reject(new Error(`local header unreadable: ${err.message}`));
      const localName = header.fileName as unknown as Buffer;
      if (!Buffer.from(localName).equals(Buffer.from(entry.fileName as unknown as Buffer))) {
        return reject(new Error(`local header names the file ${JSON.stringify(localName.toString('utf8'))}, the central directory ${JSON.stringify(name)}`));
      }
      if (header.generalPurposeBitFlag & 0x1) return reject(new Error('encrypted entry (local header); refused, not read'));
      zip.openReadStreamLowLevel(
        header.fileDataStart,
        entry.compressedSize,
        0,
        entry.compressedSize,
        entry.compressionMethod === 8,
        entry.uncompressedSize,
        (err2, stream) => {
          if (err2) return reject(new Error(`cannot read: ${err2.message}`));
          consume(stream, cap, keepUpTo).then(resolve, (e: Error) => reject(new Error(`cannot read: ${e.message}`)));
        },
      );
    });
  });
}

function consume(stream: Readable, cap: number, keepUpTo: number): Promise<{ size: number; sha256: string; kept: Buffer | null }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const kept: Buffer[] = [];
    let size = 0;
    let done = false;
    stream.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > cap) {
        done = true;
        (stream as Readable & { destroy(): void }).destroy();
        reject(new Error(`more than ${cap} bytes uncompressed; stopped reading`));
        return;
      }
      hash.update(chunk);
      if (keepUpTo > 0 && size <= keepUpTo) kept.push(chunk);
    });
    stream.on('error', (err: Error) => {
      if (done) return;
      done = true;
      reject(err);
    });
    stream.on('end', () => {
      if (done) return;
      done = true;
      resolve({ size, sha256: hash.digest('hex'), kept: keepUpTo > 0 && size <= keepUpTo ? Buffer.concat(kept) : null });
    });
  });
}
