/** Appendix: how an auditor verifies the binder with standard tools, and every evidence file with its hash. */
import { formatFingerprint } from '../keys.ts';
import { verifyCommands } from '../verify-instructions.ts';
import type { IndexPdfInput } from './index-input.ts';
import { codeBlock, COLOR, heading, paragraph, type Doc } from './layout.ts';
import { drawTable } from './table.ts';

export function drawVerifyAppendix(doc: Doc, input: IndexPdfInput, dest: string): void {
  heading(doc, 'Appendix A. How to verify this binder', 1, dest);
  paragraph(
    doc,
    'Everything in this ZIP is listed with its SHA-256 in manifest.json and in SHA256SUMS. manifest.json is signed with ' +
      'Ed25519 (manifest.sig). These checks need only bash, unzip, sha256sum, grep, find, sort, uniq, diff, cut and OpenSSL 3; ' +
      'no access to our systems. Run them from the folder holding the ZIP (BINDER.zip below), after `set -o pipefail`; each prints ' +
      'a line starting with "OK:" when its check passes and exits non-zero when it fails. Replace ORGANIZATION_FINGERPRINT with ' +
      'the key fingerprint the organization gave you through a separate channel. The same steps are in VERIFY.md inside the ZIP.',
    { size: 9 },
  );
  for (const step of verifyCommands(input.signingFingerprint !== null)) {
    heading(doc, step.title, 3);
    if (step.explain) paragraph(doc, step.explain, { size: 8.5, color: COLOR.muted });
    codeBlock(doc, step.commands);
  }
  if (input.signingFingerprint) {
    paragraph(doc, 'The fingerprint of the key this binder was signed with (compare with the one received out of band):', { size: 8.5 });
    codeBlock(doc, [input.signingFingerprint, formatFingerprint(input.signingFingerprint)]);
  }
}

export function drawFileListAppendix(doc: Doc, input: IndexPdfInput, dest: string): void {
  heading(doc, 'Appendix B. Evidence files', 1, dest);
  paragraph(
    doc,
    'Snapshot files hold the canonical JSON (sorted keys, no whitespace) of the full snapshot exactly as hashed at collection ' +
      'time, so each file\'s SHA-256 equals the snapshotSha256 recorded in the evidence store and in manifest.json. ' +
      'Pretty-print one with: python3 -m json.tool FILE (or jq . FILE).',
    { size: 8.5, color: COLOR.muted },
  );
  drawTable(doc, {
    columns: [
      { header: 'Path / SHA-256', width: 4.8 },
      { header: 'Bytes', width: 0.9, align: 'right' },
    ],
    fontSize: 7.5,
    rows: input.evidenceFiles.map((f) => [{ text: f.path, sub: f.sha256, subFont: 'mono' }, f.size.toLocaleString('en-US')]),
  });
}
