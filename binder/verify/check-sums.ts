/**
 * SHA256SUMS against the manifest, line by line over the bytes (no split of the whole text): every
 * line `<sha256>  <safe name>`, at most one line per entry of the ZIP, each hash the manifest's (and
 * manifest.json's own), and the two digests recomputed exactly as VERIFY.md's grep pipelines do.
 */
import { createHash } from 'node:crypto';
import { MANIFEST_FILE, SUMS_FILE, unsafeEntryNameReason, type Manifest } from '../manifest.ts';
import { displayName, type ProblemList } from './problems.ts';

/** What `grep -v '  manifest.json$'` drops. */
const MANIFEST_LINE_END = Buffer.from(`  ${MANIFEST_FILE}`);
/** What `grep -E '^[0-9a-f]{64}  evidence/'` keeps. */
const EVIDENCE_LINE = /^[0-9a-f]{64} {2}evidence\//;
const LINE = /^([0-9a-f]{64}) {2}(.+)$/;
/** 64 hex digits, two spaces and a name of at most 255 characters. */
const MAX_LINE_BYTES = 64 + 2 + 255;

export interface SumsContext {
  manifest: Manifest;
  /** SHA-256 of manifest.json as read from the ZIP. */
  manifestSha256: string;
  /** The ZIP's entry count: SHA256SUMS cannot usefully list more files than that. */
  maxLines: number;
}

export function checkSums(bytes: Buffer, ctx: SumsContext, problems: ProblemList): void {
  const expected = new Map(ctx.manifest.files.map((f) => [f.path, f.sha256]));
  expected.set(MANIFEST_FILE, ctx.manifestSha256);
  const listed = new Set<string>();
  const filesHash = createHash('sha256');
  const evidenceHash = createHash('sha256');
  let lineNo = 0;
  for (let pos = 0; pos < bytes.length; ) {
    const nl = bytes.indexOf(0x0a, pos);
    const end = nl < 0 ? bytes.length : nl;
    const raw = bytes.subarray(pos, end);
    pos = end + 1;
    if (++lineNo > ctx.maxLines) {
      problems.add(SUMS_FILE, `has more than ${ctx.maxLines} lines, more than the ZIP has entries; the rest was not read`);
      return;
    }
    // grep prints every line it keeps with a newline, the last one included.
    if (!raw.subarray(-MANIFEST_LINE_END.length).equals(MANIFEST_LINE_END)) filesHash.update(raw).update('\n');
    const text = raw.length <= MAX_LINE_BYTES ? raw.toString('utf8') : null;
    if (text !== null && EVIDENCE_LINE.test(text)) evidenceHash.update(raw).update('\n');
    const m = text === null ? null : LINE.exec(text);
    if (!m) {
      problems.add(SUMS_FILE, `line ${lineNo} is not "<sha256>  <path>": ${JSON.stringify(raw.subarray(0, 120).toString('utf8'))}`);
      continue;
    }
    const [, sha, path] = m as unknown as [string, string, string];
    const unsafe = unsafeEntryNameReason(path);
    if (unsafe) {
      problems.add(SUMS_FILE, `line ${lineNo} lists ${displayName(path)}: ${unsafe}`);
      continue;
    }
    if (listed.has(path)) problems.add(SUMS_FILE, `lists ${path} twice`);
    listed.add(path);
    const want = expected.get(path);
    if (want === undefined) problems.add(SUMS_FILE, `lists ${path}, which manifest.json does not`);
    else if (want !== sha) {
      // manifest.json's line is the one check of the manifest's bytes besides the signature: name the manifest.
      if (path === MANIFEST_FILE) problems.add(MANIFEST_FILE, `SHA-256 ${want} does not match SHA256SUMS (${sha})`);
      else problems.add(SUMS_FILE, `hash of ${path} (${sha}) differs from manifest.json (${want})`);
    }
  }
  for (const path of expected.keys()) if (!listed.has(path)) problems.add(SUMS_FILE, `does not list ${path}`);
  if (filesHash.digest('hex') !== ctx.manifest.filesDigest) {
    problems.add(SUMS_FILE, "its lines other than manifest.json's do not hash to filesDigest in manifest.json (changed, reordered or reformatted)");
  }
  if (evidenceHash.digest('hex') !== ctx.manifest.evidenceDigest) {
    problems.add(SUMS_FILE, 'its evidence/ lines do not hash to evidenceDigest in manifest.json');
  }
}
