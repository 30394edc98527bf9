import { readFile } from 'node:fs/promises';
import { formatFingerprint } from '../../binder/keys.ts';
import type { VerifyOptions, VerifyResult } from '../../binder/verify-binder.ts';
import { UsageError } from '../args.ts';
import { defineCommand } from '../command.ts';

interface VerifyCommandOptions {
  fingerprint?: string;
  key?: string;
}

export const verifyCommand = defineCommand<VerifyCommandOptions>({
  name: 'verify',
  summary: "check a binder ZIP: every file's SHA-256, the signature, its signer and the PDF's seal",
  description: [
    'Reads the archive without extracting it and checks every manifest entry (missing, extra or changed files, unsafe names), SHA256SUMS against the manifest, the Ed25519 signature over manifest.json, and that index.pdf states the manifest\'s evidence digest and signing key on its cover and in its metadata. Refuses hostile archives (unsafe names, symlinks, duplicates, zip bombs) without reading them, and reads manifest.json, SHA256SUMS and index.pdf only up to fixed sizes.',
    'A binder is VALID only when its signing key is the organization\'s: give the fingerprint (or the public key) you received from the organization through a separate channel. Without either, an intact binder is reported as "INTACT, signer not checked" with its bundled key\'s fingerprint, because anyone can re-sign a changed binder with a key of their own.',
  ].join('\n\n'),
  helpAfter: `Exit codes:
  0  VALID: intact and signed by the key given with --fingerprint / --key
  1  TAMPERED: names each file, signature or claim that does not match
  2  unreadable input (not a ZIP, unreadable --key) or usage error
  3  INTACT but not authenticated: signer not checked (no --fingerprint / --key),
     or UNSIGNED
  4  verification could not complete (an error in binder itself); nothing was
     concluded`,
  configure(command) {
    command
      .argument('<binder.zip>', 'the binder to check')
      .option('--fingerprint <hex>', "the organization's key fingerprint, as `binder keys generate` prints it (64 hex digits; SHA256:ab:cd:... and upper case also accepted)")
      .option('--key <file>', "the organization's public key (PEM)");
  },
  async run(flags, [zip], { terminal }) {
    if (!zip) throw new UsageError('give the binder ZIP to verify');
    const { EXIT_INCOMPLETE, EXIT_UNREADABLE, verifyBinder } = await import('../../binder/verify-binder.ts');
    const options: VerifyOptions = {};
    if (flags.fingerprint !== undefined) options.expectedFingerprint = flags.fingerprint;
    if (flags.key !== undefined) {
      try {
        options.publicKeyPem = await readFile(flags.key, 'utf8');
      } catch (err) {
        terminal.error(`cannot read the key ${flags.key}: ${(err as Error).message}`);
        return EXIT_UNREADABLE;
      }
    }
    let result: VerifyResult;
    try {
      result = await verifyBinder(zip, options);
    } catch (err) {
      // verifyBinder reports its own failures; this is a last guard so a crash never reads as "tampered".
      terminal.error(`verification could not complete: ${(err as Error).message}. Nothing was concluded about ${zip}.`);
      return EXIT_INCOMPLETE;
    }
    terminal.result(renderResult(zip, result), result);
    return result.exitCode;
  },
});

export function renderResult(zip: string, r: VerifyResult): string {
  const problems = [
    ...r.problems.map((p) => `  ${p.path}: ${p.message}`),
    ...(r.problemsOmitted ? [`  ... and ${r.problemsOmitted} more problem${r.problemsOmitted === 1 ? '' : 's'}`] : []),
  ];
  const checked = `  ${r.entries} entries checked against manifest.json and SHA256SUMS; index.pdf states the same seal`;
  switch (r.status) {
    case 'valid':
      return [`VALID: ${zip}`, checked, `  signed by the expected key, fingerprint ${r.fingerprint}`].join('\n');
    case 'signer-unchecked':
      return [
        `INTACT, signer not checked: fingerprint ${r.fingerprint}`,
        `  ${zip}: ${r.entries} entries match the manifest, and its signature verifies with the key bundled in it (${formatFingerprint(r.fingerprint ?? '')}).`,
        '  That alone does not show who signed it. Compare this fingerprint with the one the organization gave you out of band,',
        `  then run: binder verify ${zip} --fingerprint <that fingerprint>`,
      ].join('\n');
    case 'unsigned':
      return [
        `INTACT but UNSIGNED: ${zip}`,
        checked,
        '  no signature: the checksums show the files match manifest.json, but nothing shows who produced them',
      ].join('\n');
    case 'tampered':
      return [`TAMPERED: ${zip}`, ...problems].join('\n');
    case 'unreadable':
      return [`UNREADABLE: ${zip}`, ...problems].join('\n');
    case 'error':
      return `${r.error ?? `verification could not complete. Nothing was concluded about ${zip}.`}`;
  }
}
