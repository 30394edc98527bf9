/**
 * The verification steps an auditor runs with standard tools only, written once and rendered both
 * into VERIFY.md and into the PDF appendix.
 */
import { formatFingerprint } from './keys.ts';
import type { Manifest } from './manifest.ts';

export interface VerifyStep {
  title: string;
  explain: string | null;
  commands: string[];
}

export function verifyCommands(signed: boolean): VerifyStep[] {
  const steps: VerifyStep[] = [
    {
      title: '1. Unpack',
      explain: 'Unpack into an empty folder. unzip -t first tests every entry without writing anything.',
      commands: ['unzip -t BINDER.zip', 'mkdir binder && unzip -q BINDER.zip -d binder && cd binder'],
    },
  ];
  if (signed) {
    steps.push(
      {
        title: '2. Check the signature on manifest.json',
        explain:
          'Needs OpenSSL 3 (Ed25519 with -rawin). Expected output: "Signature Verified Successfully". Better still, use the ' +
          'public key you received from the organization out of band in place of signing-key.pub.pem.',
        commands: ['openssl pkeyutl -verify -pubin -inkey signing-key.pub.pem -rawin -in manifest.json -sigfile manifest.sig'],
      },
      {
        title: '3. Check the key is the organization\'s',
        explain:
          'The fingerprint is the SHA-256 of the public key in DER form. It must equal the fingerprint (hex, without the ' +
          'colons) you received through a separate channel, and the value of publicKeyFingerprint in manifest.json.',
        commands: ['openssl pkey -pubin -in signing-key.pub.pem -outform DER | sha256sum', 'grep publicKeyFingerprint manifest.json'],
      },
    );
  }
  steps.push(
    {
      title: `${signed ? 4 : 2}. Check SHA256SUMS against the ${signed ? 'signed ' : ''}manifest`,
      explain:
        'SHA256SUMS is not signed itself: the manifest carries the SHA-256 of its lines (all but the manifest.json line). ' +
        'The two outputs must be the same hash.',
      commands: ["grep -v '  manifest.json$' SHA256SUMS | sha256sum", 'grep \'"filesDigest"\' manifest.json'],
    },
    {
      title: `${signed ? 5 : 3}. Check every file`,
      explain:
        'Every line must say OK. The second command must print nothing: it lists files present but not covered by SHA256SUMS ' +
        '(or covered but absent). Uses bash.',
      commands: [
        'sha256sum -c SHA256SUMS',
        "diff <(find . -type f ! -name SHA256SUMS ! -name manifest.sig | sed 's|^\\./||' | LC_ALL=C sort) <(cut -c67- SHA256SUMS)",
      ],
    },
    {
      title: `${signed ? 6 : 4}. Check the PDF cover`,
      explain: 'The evidence digest printed on the cover of index.pdf must equal this hash and evidenceDigest in manifest.json.',
      commands: ["grep -E '^[0-9a-f]{64}  evidence/' SHA256SUMS | sha256sum", 'grep \'"evidenceDigest"\' manifest.json'],
    },
    {
      title: `${signed ? 7 : 5}. Or let binder do all of the above`,
      explain: null,
      commands: [`binder verify BINDER.zip${signed ? ' --key ORGANIZATION-KEY.pub.pem' : ''}`],
    },
  );
  return steps;
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
    lines.push(`Signed with Ed25519 key ${formatFingerprint(manifest.signing!.publicKeyFingerprint)}.`, '');
  } else {
    lines.push('**UNSIGNED.** This binder has no signature: the checksums show the files are intact, not who produced them.', '');
  }
  lines.push(
    'Replace BINDER.zip with the file name you received. Only unzip, sha256sum, grep and OpenSSL 3 are needed.',
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
