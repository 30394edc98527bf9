import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_PRIVATE_KEY_FILE,
  DEFAULT_PUBLIC_KEY_FILE,
  fingerprint,
  formatFingerprint,
  generateSigningKeyPair,
  KeyFileError,
  loadPrivateKey,
  normalizeFingerprint,
} from '../../binder/keys.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateSigningKeyPair', () => {
  it('writes a 0600 PKCS#8 private key and an SPKI public key whose fingerprint openssl reproduces', async () => {
    const pair = await generateSigningKeyPair(dir);
    expect(pair.privateKeyPath).toBe(join(dir, DEFAULT_PRIVATE_KEY_FILE));
    expect((await stat(pair.privateKeyPath)).mode & 0o777).toBe(0o600);
    // PKCS#8 PEM: the file is exactly what Node exports for an Ed25519 key in that format.
    const privatePem = await readFile(pair.privateKeyPath, 'utf8');
    const parsed = createPrivateKey(privatePem);
    expect(parsed.asymmetricKeyType).toBe('ed25519');
    expect(parsed.export({ type: 'pkcs8', format: 'pem' })).toBe(privatePem);
    expect(await readFile(pair.publicKeyPath, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', pair.publicKeyPath, '-outform', 'DER']);
    const viaOpenssl = execFileSync('sha256sum', { input: der }).toString().split(' ')[0];
    expect(pair.fingerprint).toBe(viaOpenssl);
    const loaded = await loadPrivateKey(pair.privateKeyPath);
    expect(loaded.fingerprint).toBe(pair.fingerprint);
    expect(loaded.warnings).toEqual([]);
  });

  it('never overwrites an existing key file and names it', async () => {
    const privateKeyPath = join(dir, 'k.pem');
    const publicKeyPath = join(dir, 'k.pub.pem');
    await writeFile(publicKeyPath, 'precious');
    const err = await generateSigningKeyPair({ privateKeyPath, publicKeyPath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyFileError);
    expect((err as KeyFileError).code).toBe('exists');
    expect((err as Error).message).toContain(publicKeyPath);
    expect(await readFile(publicKeyPath, 'utf8')).toBe('precious');
    // No half pair left behind.
    await expect(stat(privateKeyPath)).rejects.toThrow(/ENOENT/);

    const first = await generateSigningKeyPair(dir);
    const before = await readFile(first.privateKeyPath, 'utf8');
    await expect(generateSigningKeyPair(dir)).rejects.toThrow(new RegExp(DEFAULT_PRIVATE_KEY_FILE));
    expect(await readFile(first.privateKeyPath, 'utf8')).toBe(before);
    expect(await readFile(join(dir, DEFAULT_PUBLIC_KEY_FILE), 'utf8')).toBe(first.publicKeyPem);
  });
});

describe('loadPrivateKey', () => {
  it('explains a missing file, a non-PEM file, a public key, and a key that is not Ed25519', async () => {
    const missing = join(dir, 'nope.pem');
    await expect(loadPrivateKey(missing)).rejects.toMatchObject({ code: 'missing', path: missing });

    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, 'hello', { mode: 0o600 });
    await expect(loadPrivateKey(garbage)).rejects.toMatchObject({ code: 'not-pem' });

    const pair = await generateSigningKeyPair(dir);
    await expect(loadPrivateKey(pair.publicKeyPath)).rejects.toThrow(/public key/);

    const rsa = join(dir, 'rsa.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await writeFile(rsa, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await expect(loadPrivateKey(rsa)).rejects.toMatchObject({ code: 'not-ed25519' });
    await expect(loadPrivateKey(rsa)).rejects.toThrow(/rsa key; binder signs with Ed25519/);
  });

  it('warns when the private key is readable by other users', async () => {
    const pair = await generateSigningKeyPair(dir);
    await chmod(pair.privateKeyPath, 0o644);
    const loaded = await loadPrivateKey(pair.privateKeyPath);
    expect(loaded.warnings.join(' ')).toMatch(/mode 0644.*chmod 600/);
  });
});

describe('fingerprints', () => {
  it('formats and normalises the SHA256:xx:xx form', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const hex = fingerprint(publicKey);
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(formatFingerprint(hex)).toMatch(/^SHA256:([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    expect(normalizeFingerprint(formatFingerprint(hex).toUpperCase())).toBe(hex);
    expect(normalizeFingerprint('abc')).toBeNull();
  });
});
