/**
 * Ed25519 signing keys for the binder: generation (never overwriting a file), loading with errors a
 * person can act on, and the fingerprint an auditor compares with one received out of band.
 *
 * Fingerprint = SHA-256 of the public key's DER SubjectPublicKeyInfo, so the auditor can compute it
 * with `openssl pkey -pubin -in signing-key.pub.pem -outform DER | sha256sum`.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export type KeyErrorCode = 'exists' | 'missing' | 'unreadable' | 'not-pem' | 'encrypted' | 'not-ed25519' | 'not-private';

/** A key file problem; `path` names the file. */
export class KeyFileError extends Error {
  /** Exit 2 with the message alone (model/input-error.ts). */
  readonly inputError = true as const;
  constructor(
    message: string,
    readonly path: string,
    readonly code: KeyErrorCode,
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}

export const DEFAULT_PRIVATE_KEY_FILE = 'binder-signing-key.pem';
export const DEFAULT_PUBLIC_KEY_FILE = 'binder-signing-key.pub.pem';

export interface KeyPairPaths {
  privateKeyPath: string;
  publicKeyPath: string;
}

export interface GeneratedKeyPair extends KeyPairPaths {
  /** Hex SHA-256 of the DER SPKI public key. */
  fingerprint: string;
  publicKeyPem: string;
}

/**
 * Generates an Ed25519 key pair and writes the private key (PKCS#8 PEM, mode 0600) and the public
 * key (SPKI PEM). Takes a folder (default file names) or explicit paths. Never overwrites: if either
 * file exists nothing is written and a KeyFileError names the file.
 */
export async function generateSigningKeyPair(target: string | KeyPairPaths): Promise<GeneratedKeyPair> {
  const paths: KeyPairPaths =
    typeof target === 'string'
      ? { privateKeyPath: join(target, DEFAULT_PRIVATE_KEY_FILE), publicKeyPath: join(target, DEFAULT_PUBLIC_KEY_FILE) }
      : target;
  // Claim both names before writing anything, so a clash leaves no half pair behind.
  const privateHandle = await openExclusive(paths.privateKeyPath, 0o600);
  let publicHandle: FileHandle;
  try {
    publicHandle = await openExclusive(paths.publicKeyPath, 0o644);
  } catch (err) {
    await privateHandle.close();
    await unlink(paths.privateKeyPath);
    throw err;
  }
  try {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    // The umask may only remove bits; chmod anyway so the mode never depends on it.
    await privateHandle.chmod(0o600);
    await privateHandle.writeFile(privatePem, 'utf8');
    await privateHandle.sync();
    await publicHandle.writeFile(publicPem, 'utf8');
    await publicHandle.sync();
    return { ...paths, fingerprint: fingerprint(publicKey), publicKeyPem: publicPem };
  } finally {
    await privateHandle.close();
    await publicHandle.close();
  }
}

async function openExclusive(path: string, mode: number): Promise<FileHandle> {
  try {
    return await open(path, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new KeyFileError(`${path} already exists; refusing to overwrite a key file (move it away or choose another path)`, path, 'exists');
    }
    throw new KeyFileError(`cannot create ${path}: ${(err as Error).message}`, path, 'unreadable');
  }
}

export interface LoadedPrivateKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  fingerprint: string;
  /** E.g. the file is readable by other users. */
  warnings: string[];
}

/** Loads an Ed25519 private key (PKCS#8 PEM) with errors that name the file and the problem. */
export async function loadPrivateKey(path: string): Promise<LoadedPrivateKey> {
  let text: string;
  let mode: number;
  try {
    mode = (await stat(path)).mode;
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KeyFileError(`signing key ${path} does not exist (create one with \`binder keys generate\`)`, path, 'missing');
    throw new KeyFileError(`cannot read signing key ${path}: ${(err as Error).message}`, path, 'unreadable');
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) {
    throw new KeyFileError(`signing key ${path} is encrypted; binder needs an unencrypted PKCS#8 PEM kept with mode 0600`, path, 'encrypted');
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    const hint = /-----BEGIN PUBLIC KEY-----/.test(text) ? ' (this is a public key; give the private key file)' : '';
    throw new KeyFileError(`signing key ${path} is not a PEM private key${hint}`, path, 'not-pem');
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: text, format: 'pem' });
  } catch (err) {
    throw new KeyFileError(`signing key ${path} could not be parsed as a PEM private key: ${(err as Error).message}`, path, 'not-pem');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new KeyFileError(
      `signing key ${path} is a ${privateKey.asymmetricKeyType ?? 'unknown'} key; binder signs with Ed25519 (create one with \`binder keys generate\`)`,
      path,
      'not-ed25519',
    );
  }
  const warnings: string[] = [];
  if ((mode & 0o077) !== 0) {
    warnings.push(
      `signing key ${path} has mode ${(mode & 0o777).toString(8).padStart(4, '0')}: readable by ${mode & 0o007 ? 'every user' : 'its group'}; run chmod 600 ${path}`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, fingerprint: fingerprint(publicKey), warnings };
}

/** Parses an Ed25519 public key (SPKI PEM); `label` names where it came from in errors. */
export function parsePublicKeyPem(pem: string, label: string): KeyObject {
  if (!/-----BEGIN PUBLIC KEY-----/.test(pem)) {
    throw new KeyFileError(`${label} is not a PEM public key (expected "-----BEGIN PUBLIC KEY-----")`, label, 'not-pem');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new KeyFileError(`${label} could not be parsed as a PEM public key: ${(err as Error).message}`, label, 'not-pem');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyFileError(`${label} is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`, label, 'not-ed25519');
  }
  return key;
}

/** Hex SHA-256 of the DER SPKI encoding of a public key (a private key gives its public half's). */
export function fingerprint(key: KeyObject | string): string {
  const obj = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  const der = obj.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

/** `SHA256:ab:cd:...` display form of a hex fingerprint. */
export function formatFingerprint(hex: string): string {
  return `SHA256:${(hex.match(/../g) ?? []).join(':')}`;
}

/** Accepts hex, `SHA256:`-prefixed, colon-separated or upper-case forms; returns lower-case hex or null. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.trim().replace(/^sha256:/i, '').replace(/[:\s]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}
