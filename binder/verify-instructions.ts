/**
 * The verification steps an auditor runs with standard tools only, written once and rendered both
 * into VERIFY.md and into the PDF appendix.
 *
 * Every command checks itself: it prints a line starting with "OK:" when its check passes and exits
 * non-zero when it fails, so nothing depends on the auditor comparing hashes by eye except the two
 * values that must come from outside the binder (the organization's key fingerprint) or be read off
 * the PDF cover. The commands run from the folder holding BINDER.zip, each on its own (no `cd` that
 * later commands rely on), in bash, with unzip, sha256sum, grep, find, sort, uniq, diff, cut and
 * OpenSSL 3 only. What each step stops, and why it is written the way it is:
 *  - entry names are checked on the archive's own listing before anything is unpacked: a name with
 *    a space (e.g. "evidence/x  manifest.json") drops out of `grep -v '  manifest.json$'`, a newline
 *    splits one name into two listing lines (unzip strips it when extracting), a symlink is skipped
 *    by `find -type f`, a duplicate makes unzip prompt and leaves one copy unchecked;
 *  - the listing diff expects SHA256SUMS and manifest.sig at the top only (a copy planted in a
 *    subfolder is an extra file), and lists everything that is not a folder (links included);
 *  - the key fingerprint is compared with ORGANIZATION_FINGERPRINT, received out of band: a binder
 *    re-signed with another key verifies perfectly with the key bundled in it;
 *  - the evidence digest is checked against the manifest and against index.pdf's metadata, which
 *    states it with the signing key (see binder/pdf/seal.ts).
 */
import { formatFingerprint } from './keys.ts';
import { ENTRY_NAME_PATTERN, type Manifest } from './manifest.ts';
import { sealKeywords } from './pdf/seal.ts';

export interface VerifyStep {
  title: string;
  explain: string | null;
  commands: string[];
}

/** Placeholders the auditor replaces (and the tests substitute). */
export const ZIP_PLACEHOLDER = 'BINDER.zip';
export const FINGERPRINT_PLACEHOLDER = 'ORGANIZATION_FINGERPRINT';

export function verifyCommands(signed: boolean): VerifyStep[] {
  const fp = FINGERPRINT_PLACEHOLDER;
  const zip = ZIP_PLACEHOLDER;
  const steps: VerifyStep[] = [
    {
      title: 'Check the archive before unpacking it',
      explain:
        'unzip -t reads every entry back and checks its CRC without writing anything. Then the entries themselves: every name ' +
        'is segments of letters, digits, ".", "_" and "-" joined by "/" with no segment starting with "."; no name appears ' +
        'twice; every entry is a regular file (a "-" first in unzip -Z). Names with spaces or newlines, hidden files, symbolic ' +
        'links and duplicates are how a file slips past the checks below; the offending entries are printed.',
      commands: [
        `unzip -tq ${zip} && echo "OK: every entry reads back with its CRC"`,
        `! unzip -Z1 ${zip} | LC_ALL=C grep -vxE '${ENTRY_NAME_PATTERN}' && echo "OK: every entry name is plain"`,
        `! unzip -Z1 ${zip} | LC_ALL=C sort | uniq -d | grep . && echo "OK: no entry name appears twice"`,
        `! unzip -Z ${zip} | grep -vE '^(-|Archive: |Zip file size: |[0-9]+ files?, )' && echo "OK: every entry is a regular file"`,
      ],
    },
    {
      title: 'Unpack',
      explain: 'Into a new folder binder/ next to the ZIP; the commands below read it from there.',
      commands: [`mkdir binder && unzip -q ${zip} -d binder && echo "OK: unpacked into binder/"`],
    },
  ];
  if (signed) {
    steps.push(
      {
        title: 'Check the signature on manifest.json',
        explain:
          'Needs OpenSSL 3 (Ed25519 with -rawin); it also prints "Signature Verified Successfully". This shows only that whoever ' +
          'built the ZIP held the private half of the key inside it: the next step shows whose key that is.',
        commands: [
          'openssl pkeyutl -verify -pubin -inkey binder/signing-key.pub.pem -rawin -in binder/manifest.json -sigfile binder/manifest.sig ' +
            '&& echo "OK: manifest.json is signed by the key in signing-key.pub.pem"',
        ],
      },
      {
        title: "Check the key is the organization's",
        explain:
          `Replace ${fp} with the key fingerprint the organization gave you through a separate channel (not from this binder): ` +
          '64 hex digits, as `binder keys generate` printed it. The fingerprint is the SHA-256 of the public key in DER form. ' +
          'Anyone can change a binder, re-sign it with a key of their own and bundle that key: this is the step that catches it.',
        commands: [
          `openssl pkey -pubin -in binder/signing-key.pub.pem -outform DER | sha256sum | cut -c1-64 | grep -qix ${fp} ` +
            `&& echo "OK: the signing key is the organization's, ${fp}"`,
        ],
      },
    );
  }
  steps.push(
    {
      title: `Check SHA256SUMS against the ${signed ? 'signed ' : ''}manifest`,
      explain:
        'SHA256SUMS is not signed itself: manifest.json carries the SHA-256 of its lines other than manifest.json\'s (filesDigest). ' +
        'Any line added, removed or changed makes this fail.',
      commands: [
        `grep -qF "\\"filesDigest\\": \\"$(grep -v '  manifest.json$' binder/SHA256SUMS | sha256sum | cut -c1-64)\\"" binder/manifest.json ` +
          '&& echo "OK: SHA256SUMS is the one manifest.json describes"',
      ],
    },
    {
      title: 'Check every file',
      explain:
        'The first command checks the SHA-256 of every file SHA256SUMS lists (manifest.json included). The second compares ' +
        `what is in binder/ (files, links, anything but folders) with what SHA256SUMS lists plus SHA256SUMS${signed ? ' and manifest.sig' : ''} ` +
        'at the top: diff prints every file added or missing, a copy of SHA256SUMS or manifest.sig planted in a subfolder included.',
      commands: [
        '(cd binder && sha256sum -c --quiet --strict SHA256SUMS) && echo "OK: every file listed in SHA256SUMS has its SHA-256"',
        `diff <(cd binder && find . ! -type d | cut -c3- | LC_ALL=C sort) <({ cut -c67- binder/SHA256SUMS; echo SHA256SUMS;${signed ? ' echo manifest.sig;' : ''} } | LC_ALL=C sort) ` +
          '&& echo "OK: binder/ holds exactly the files SHA256SUMS lists"',
      ],
    },
    {
      title: 'Check the evidence digest and the PDF cover',
      explain:
        'The SHA-256 of the evidence/ lines of SHA256SUMS must be evidenceDigest in manifest.json, and index.pdf must state it ' +
        `${signed ? "with the organization's key fingerprint" : 'as UNSIGNED'} in its metadata (Keywords). Its cover must show the ` +
        `same: "Evidence digest:" equal to the digest printed here and "Signing key:" equal to ${signed ? 'the fingerprint you received' : 'UNSIGNED'}.`,
      commands: [
        `d=$(grep -E '^[0-9a-f]{64}  evidence/' binder/SHA256SUMS | sha256sum | cut -c1-64) && grep -qF "\\"evidenceDigest\\": \\"$d\\"" binder/manifest.json ` +
          `&& grep -aqiF "${sealKeywords({ evidenceDigest: '$d', signingFingerprint: signed ? fp : null })}" binder/index.pdf && echo "OK: evidence digest $d"`,
      ],
    },
    {
      title: 'Or let binder do all of the above',
      explain: signed
        ? 'VALID and exit code 0 only when every check above holds for the key you name; it also reads the cover of index.pdf.'
        : 'An unsigned binder is at best "INTACT but UNSIGNED" (exit code 3): nothing shows who produced it.',
      commands: [signed ? `binder verify ${zip} --fingerprint ${fp}` : `binder verify ${zip}`],
    },
  );
  return steps.map((s, i) => ({ ...s, title: `${i + 1}. ${s.title}` }));
}

/** VERIFY.md: the steps as shell commands plus what each file is. */
export function renderVerifyMd(manifest: Omit<Manifest, 'files' | 'filesDigest'>): string {
  const signed = manifest.signing !== null;
  const lines: string[] = [
    `# How to verify this binder`,
    '',
    `${manifest.organization}: ${manifest.system}. SOC 2 Type II evidence for ${manifest.period.from} to ${manifest.period.to} ` +
      `(evidence as of ${manifest.evaluatedAsOf}, UTC), built with ${manifest.tool.name} ${manifest.tool.version}.`,
    '',
  ];
  if (signed) {
    lines.push(
      `Signed with Ed25519 key ${formatFingerprint(manifest.signing!.publicKeyFingerprint)} (as this binder says: check it against ` +
        'the fingerprint the organization gave you, never against this file).',
      '',
    );
  } else {
    lines.push('**UNSIGNED.** This binder has no signature: the checksums show the files are intact, not who produced them.', '');
  }
  lines.push(
    `Put ${ZIP_PLACEHOLDER} (use the file name you received) in an empty folder, open bash there, run \`set -o pipefail\` and then ` +
      `each command below in order${signed ? `, with ${FINGERPRINT_PLACEHOLDER} replaced by the key fingerprint the organization gave you out of band` : ''}. ` +
      'Each command prints a line starting with "OK:" when its check passes and exits non-zero when it fails: stop at the first ' +
      'that does not print OK. Only bash, unzip, sha256sum, grep, find, sort, uniq, diff, cut and OpenSSL 3 are needed.',
    '',
  );
  for (const step of verifyCommands(signed)) {
    lines.push(`## ${step.title}`, '');
    if (step.explain) lines.push(step.explain, '');
    lines.push('```sh', ...step.commands, '```', '');
  }
  lines.push(
    '## What the files are',
    '',
    '- `index.pdf`: the human-readable index: scope, summary per criterion, one section per control, coverage, change log.',
    '- `evidence/snapshots/<source>/<slot>.json`: full configuration snapshots, byte-identical to the canonical JSON hashed at ' +
      'collection time (their SHA-256 equals `snapshotSha256` in manifest.json and in the evidence store).',
    '- `evidence/check-results.json`, `evidence/exceptions.csv`, `evidence/coverage.json`, `evidence/change-log.json`, ' +
      '`evidence/evaluation.json`: the period evaluation the PDF was drawn from.',
    '- `manifest.json`: every file with size and SHA-256, the period, the sources, the cited snapshots with their store keys.',
    '- `SHA256SUMS`: the same hashes (plus manifest.json) in the format `sha256sum -c` reads.',
    ...(signed ? ['- `manifest.sig`: raw 64-byte Ed25519 signature over manifest.json.', '- `signing-key.pub.pem`: the public key (SPKI PEM).'] : []),
    '',
  );
  return lines.join('\n');
}
