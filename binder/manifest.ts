/**
 * The binder's manifest: what the signature covers. Shared by the builder and the verifier.
 *
 * Integrity scheme (also written into VERIFY.md):
 *  - manifest.json lists every file of the ZIP (path, size, SHA-256) except itself, SHA256SUMS and
 *    manifest.sig.
 *  - SHA256SUMS (sha256sum format) lists every file except itself and manifest.sig, so it also covers
 *    manifest.json.
 *  - manifest.sig is a raw 64-byte Ed25519 signature over the exact bytes of manifest.json.
 *  - SHA256SUMS is not signed itself, so the signed manifest carries `filesDigest`: the SHA-256 of the
 *    SHA256SUMS lines of the files the manifest lists (every line but manifest.json's), reproducible
 *    with `grep -v '  manifest.json$' SHA256SUMS | sha256sum`. Signature -> manifest -> SHA256SUMS -> files.
 *  - The PDF cannot contain its own hash, so its cover shows the *evidence digest*: the SHA-256 of the
 *    lines of SHA256SUMS for files under evidence/ (exact bytes, in order), reproducible with
 *    `grep -E '^[0-9a-f]{64}  evidence/' SHA256SUMS | sha256sum`. The manifest records the same value.
 *    index.pdf states that digest and the signing key's fingerprint (or UNSIGNED) on its cover and in
 *    its metadata (binder/pdf/seal.ts); the verifier checks they are the manifest's.
 *  - Every entry name is a plain path (ENTRY_NAME_PATTERN below), so the line-oriented listings the
 *    standard tools work on (SHA256SUMS, unzip -Z1, find) show each name exactly once, as it is.
 */
import { z } from 'zod';
import { sha256Hex } from '../model/canonical-json.ts';

export const MANIFEST_SCHEMA = 'binder.manifest/v1' as const;
export const MANIFEST_FILE = 'manifest.json';
export const SUMS_FILE = 'SHA256SUMS';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';
export const PDF_FILE = 'index.pdf';
export const VERIFY_FILE = 'VERIFY.md';
export const EVIDENCE_DIR = 'evidence/';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestFile = z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256: hex64 });
export type ManifestFile = z.infer<typeof ManifestFile>;

export const CitedSnapshot = z.object({
  snapshotId: z.string(),
  source: z.string(),
  accountId: z.string(),
  scheduledFor: z.string(),
  capturedAt: z.string(),
  /** Store key of the snapshot record, and the hash taken at collection time. */
  recordKey: z.string(),
  snapshotSha256: hex64,
  /** The file in the ZIP; its bytes are the canonical JSON that snapshotSha256 was taken over. */
  path: z.string(),
  citedFor: z.array(z.string()),
});
export type CitedSnapshot = z.infer<typeof CitedSnapshot>;

export const Manifest = z.object({
  schema: z.literal(MANIFEST_SCHEMA),
  tool: z.object({ name: z.string(), version: z.string() }),
  organization: z.string(),
  system: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  evaluatedAsOf: z.string(),
  categories: z.array(z.string()),
  sources: z.array(z.object({ name: z.string(), accountId: z.string().nullable() })),
  /** SHA-256 of the SHA256SUMS lines of every file in `files` (all lines but manifest.json's). */
  filesDigest: hex64,
  /** SHA-256 of the SHA256SUMS lines of the files under evidence/ (printed on the PDF cover). */
  evidenceDigest: hex64,
  /** Plain-words description of the two digests, for a reader of the JSON. */
  digestScheme: z.string(),
  signing: z
    .object({
      algorithm: z.literal('Ed25519'),
      publicKeyFile: z.literal(PUBLIC_KEY_FILE),
      signatureFile: z.literal(SIGNATURE_FILE),
      /** SHA-256 of the DER SPKI public key, hex. */
      publicKeyFingerprint: hex64,
    })
    .nullable(),
  snapshots: z.array(CitedSnapshot),
  /**
   * The evidence store's run ledger as it stood when the binder was built: its head (last entry's
   * seq and the SHA-256 of its bytes) and the keys its entries are signed with. `binder store
   * verify --against <binder.zip>` proves the store still holds this chain (nothing cut off).
   */
  ledger: z.object({
    storeId: z.string(),
    headSeq: z.number().int().nonnegative(),
    headSha256: hex64.nullable(),
    keyFingerprints: z.array(hex64),
    /** The fieldwork journal's last entry (seq, SHA-256 of its bytes); null when empty, absent in binders made before it. */
    journalHead: z.object({ seq: z.number().int().positive(), sha256: hex64 }).nullable().optional(),
  }),
  files: z.array(ManifestFile),
});
export type Manifest = z.infer<typeof Manifest>;

export const DIGEST_SCHEME =
  "filesDigest = sha256 of the SHA256SUMS lines of every file listed in 'files' (grep -v '  manifest.json$' SHA256SUMS | sha256sum); " +
  "evidenceDigest = sha256 of the SHA256SUMS lines of the files under evidence/ (grep -E '^[0-9a-f]{64}  evidence/' SHA256SUMS | sha256sum)";

/** Byte order, so every tool (and `sort` with LC_ALL=C) agrees. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sumsLine(file: { path: string; sha256: string }): string {
  return `${file.sha256}  ${file.path}\n`;
}

/** The SHA256SUMS text for files (sorted here). */
export function renderSums(files: readonly { path: string; sha256: string }[]): string {
  return [...files].sort((a, b) => comparePaths(a.path, b.path)).map(sumsLine).join('');
}

/** SHA-256 over the SHA256SUMS lines of the evidence files (see the scheme above). */
export function evidenceDigest(files: readonly { path: string; sha256: string }[]): string {
  return sha256Hex(renderSums(files.filter((f) => f.path.startsWith(EVIDENCE_DIR))));
}

/** SHA-256 over the SHA256SUMS lines of the given files (the manifest's `files`). */
export function filesDigest(files: readonly { path: string; sha256: string }[]): string {
  return sha256Hex(renderSums(files));
}

/**
 * Every entry name of a binder: segments of letters, digits, ".", "_" and "-" joined by "/", no
 * segment starting with "." (so no "..", no hidden files), at most MAX_ENTRY_NAME_LENGTH characters.
 * Spaces, newlines and other characters are refused because the standard-tool checks in VERIFY.md
 * read names from line-oriented, space-separated listings (SHA256SUMS, unzip -Z1, find), where such a
 * name can hide a file from one check while passing another. The same pattern is the grep -E of
 * VERIFY.md, so the builder, `binder verify` and the manual procedure apply one rule.
 */
export const ENTRY_NAME_PATTERN = '[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*';
export const MAX_ENTRY_NAME_LENGTH = 255;
const ENTRY_NAME = new RegExp(`^${ENTRY_NAME_PATTERN}$`);

/** Why `name` may not be an entry of a binder, or null when it may. */
export function unsafeEntryNameReason(name: string): string | null {
  if (ENTRY_NAME.test(name) && name.length <= MAX_ENTRY_NAME_LENGTH) return null;
  // The specific reasons first: they say what an extractor could do with the name.
  if (name.length === 0) return 'empty entry name';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'entry name starts with a drive letter';
  if (name.includes('\\')) return 'entry name contains a backslash';
  if (name.split('/').includes('..')) return 'path climbs out of the folder ("..")';
  if (hasControlCharacter(name)) return 'entry name contains control characters (a newline or tab hides it from line-based checks)';
  if (name.endsWith('/')) return 'directory entry (a binder holds only files)';
  if (name.split('/').some((s) => s === '' || s === '.')) return 'path has empty or "." segments';
  if (name.length > MAX_ENTRY_NAME_LENGTH) return `entry name is ${name.length} characters long, more than ${MAX_ENTRY_NAME_LENGTH}`;
  if (name.split('/').some((s) => s.startsWith('.'))) return 'a path segment starts with "." (hidden file)';
  if (name.includes(' ')) return 'entry name contains a space (it would split in SHA256SUMS and shell listings)';
  return 'entry name has characters other than letters, digits, ".", "_", "-" and "/"';
}

/** C0 controls and DEL: a newline or tab in a name splits or hides it in line-based listings. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
