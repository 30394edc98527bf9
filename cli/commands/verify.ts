import { readFile } from 'node:fs/promises';
import { EXIT_UNREADABLE, exitCodeFor, verifyBinder } from '../../binder/verify-binder.ts';
import { parseCommandArgs, UsageError } from '../args.ts';
import type { Command } from '../command.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: "check a binder ZIP: every file's SHA-256 against the manifest, and the signature",
  help: `Usage: binder verify <binder.zip> [--key <public.pem>] [--json]

Reads the archive without extracting it, checks every manifest entry (missing, extra or changed
files), SHA256SUMS against the manifest, and the Ed25519 signature over manifest.json. With --key,
the signature must also verify with that key (received from the organization out of band).
Refuses hostile archives (paths with .., absolute paths, symlinks, zip bombs).

Exit codes: 0 valid, 1 tampered (names what failed), 2 unreadable input or usage error.

Options:
      --key <file>    the organization's public key (PEM)`,
  async run(argv, { terminal }) {
    const { values, positionals } = parseCommandArgs(argv, { key: { type: 'string' } }, true);
    const zip = positionals[0];
    if (!zip || positionals.length > 1) throw new UsageError('give exactly one binder ZIP to verify');
    let publicKeyPem: string | undefined;
    if (values.key) {
      try {
        publicKeyPem = await readFile(values.key as string, 'utf8');
      } catch (err) {
        terminal.error(`cannot read the key ${String(values.key)}: ${(err as Error).message}`);
        return EXIT_UNREADABLE;
      }
    }
    const result = await verifyBinder(zip, publicKeyPem ? { publicKeyPem } : {});
    const lines = [
      result.status === 'valid' ? `VALID: ${zip}` : result.status === 'tampered' ? `TAMPERED: ${zip}` : `UNREADABLE: ${zip}`,
      ...result.problems.map((p) => `  ${p.path}: ${p.message}`),
      ...(result.status === 'valid'
        ? [`  ${result.entries} files checked against the manifest; ${result.signed ? `signature valid (key fingerprint ${result.fingerprint})` : 'UNSIGNED binder: no signature to check'}`]
        : []),
      ...result.warnings.map((w) => `  warning: ${w}`),
    ];
    terminal.result(lines.join('\n'), result);
    return exitCodeFor(result.status);
  },
};
