import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateSigningKeyPair } from '../../binder/keys.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';

export const keysGenerateCommand: Command = {
  name: 'keys generate',
  summary: 'create an Ed25519 signing key pair for binders',
  help: `Usage: binder keys generate [--out <dir>] [--name <base>]

Writes <dir>/<base>.pem (private, PKCS#8, mode 0600) and <dir>/<base>.pub.pem (public, SPKI)
and prints the key's fingerprint. Never overwrites an existing file. Name the private key in the
config (signing.privateKeyPath); give the public key and its fingerprint to the auditor through a
separate channel.

Options:
      --out <dir>     folder for the key files (default ./keys)
      --name <base>   file name base (default binder-signing-key)`,
  async run(argv, { terminal }) {
    const { values } = parseCommandArgs(argv, { out: { type: 'string' }, name: { type: 'string' } });
    const dir = resolve((values.out as string | undefined) ?? 'keys');
    const base = (values.name as string | undefined) ?? 'binder-signing-key';
    await mkdir(dir, { recursive: true });
    const pair = await generateSigningKeyPair({ privateKeyPath: join(dir, `${base}.pem`), publicKeyPath: join(dir, `${base}.pub.pem`) });
    terminal.result(
      [`private key: ${pair.privateKeyPath} (mode 0600; keep it secret)`, `public key:  ${pair.publicKeyPath}`, `fingerprint: ${pair.fingerprint}  (SHA-256 of the public key; send it to the auditor separately)`].join('\n'),
      pair,
    );
    return EXIT.ok;
  },
};
