/**
 * The manifest against the archive: every listed file present with its size and SHA-256, nothing
 * unlisted, every name safe, the cited snapshots byte-identical to their collection-time hash, and
 * the two digests the manifest records recomputed from what it lists.
 */
import { evidenceDigest, filesDigest, MANIFEST_FILE, SIGNATURE_FILE, SUMS_FILE, unsafeEntryNameReason, type Manifest } from '../manifest.ts';
import { displayName, type ProblemList } from './problems.ts';
import type { ZipScan } from './zip-reader.ts';

/** Entries that are in every binder's ZIP but not in manifest.json's files (they cover it). */
const UNLISTED_BY_DESIGN = new Set([MANIFEST_FILE, SUMS_FILE, SIGNATURE_FILE]);

export function checkFiles(manifest: Manifest, scan: ZipScan, problems: ProblemList): void {
  const listed = new Set<string>();
  for (const f of manifest.files) {
    const unsafe = unsafeEntryNameReason(f.path);
    if (unsafe) {
      problems.add(displayName(f.path), `listed in manifest.json under a name no binder may hold: ${unsafe}`);
      continue;
    }
    if (listed.has(f.path)) problems.add(f.path, 'listed twice in manifest.json');
    listed.add(f.path);
    if (UNLISTED_BY_DESIGN.has(f.path)) problems.add(f.path, 'listed in manifest.json, which never lists itself, SHA256SUMS or manifest.sig');
    const actual = scan.facts.get(f.path);
    if (!actual) {
      // A refused entry was already reported with its reason.
      if (!scan.names.has(f.path)) problems.add(f.path, 'listed in manifest.json but missing from the ZIP');
      continue;
    }
    if (actual.size !== f.size) problems.add(f.path, `size ${actual.size} bytes, manifest.json says ${f.size}`);
    else if (actual.sha256 !== f.sha256) problems.add(f.path, `SHA-256 ${actual.sha256} does not match manifest.json (${f.sha256})`);
  }
  for (const name of [...scan.names].sort()) {
    if (!listed.has(name) && !UNLISTED_BY_DESIGN.has(name)) problems.add(name, 'present in the ZIP but not listed in manifest.json');
  }
  // Snapshot files are the exact canonical JSON hashed at collection: their hash must be the store's.
  const fileSha = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  for (const s of manifest.snapshots) {
    const sha = fileSha.get(s.path);
    if (sha === undefined) problems.add(displayName(s.path), `cited snapshot ${s.snapshotId} is not among the files of manifest.json`);
    else if (sha !== s.snapshotSha256) problems.add(s.path, `SHA-256 ${sha} differs from the collection-time snapshotSha256 ${s.snapshotSha256}`);
  }
  if (filesDigest(manifest.files) !== manifest.filesDigest) problems.add(MANIFEST_FILE, 'filesDigest does not match the files it lists');
  if (evidenceDigest(manifest.files) !== manifest.evidenceDigest) {
    problems.add(MANIFEST_FILE, 'evidenceDigest (printed on the PDF cover) does not match the evidence files it lists');
  }
}
