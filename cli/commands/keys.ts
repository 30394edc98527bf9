import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defineCommand, EXIT } from '../command.ts';

interface KeysGenerateOptions {
  out: string;
  name: string;
}

export const keysGenerateCommand = defineCommand<KeysGenerateOptions>({
  name: 'keys generate',
  summary: 'create an Ed25519 signing key pair for binders',
  description: [
    'Writes <dir>/<base>.pem (private, PKCS#8, mode 0600) and <dir>/<base>.pub.pem (public, SPKI) and prints the key\'s fingerprint. Never overwrites an existing file.',
    'Name the private key in the config (signing.privateKeyPath); give the public key and its fingerprint to the auditor through a separate channel.',
  ].join('\n\n'),
  configure(command) {
    command.option('--out <dir>', 'folder for the key files', 'keys').option('--name <base>', 'file name base', 'binder-signing-key');
  },
  async run(options, _args, { terminal }) {
    const { generateSigningKeyPair } = await import('../../binder/keys.ts');
    const dir = resolve(options.out);
    const base = options.name;
    await mkdir(dir, { recursive: true });
    const pair = await generateSigningKeyPair({ privateKeyPath: join(dir, `${base}.pem`), publicKeyPath: join(dir, `${base}.pub.pem`) });
    terminal.result(
      [`private key: ${pair.privateKeyPath} (mode 0600; keep it secret)`, `public key:  ${pair.publicKeyPath}`, `fingerprint: ${pair.fingerprint}  (SHA-256 of the public key; send it to the auditor separately)`].join('\n'),
      pair,
    );
    return EXIT.ok;
  },
});
