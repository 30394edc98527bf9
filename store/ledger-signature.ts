/**
 * Signing and checking ledger entries with the collector's ledger key (Ed25519). The signature
 * covers the canonical JSON of the entry without its `signature` field, so an entry's content,
 * its seq and its link to the previous entry are all signed: rewriting the chain from any point
 * on needs the key. Who holds the key, and what that does and does not prove, is in the README's
 * threat model.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../model/canonical-json.ts';
import type { LedgerEntry, LedgerSignature } from './types.ts';

export interface LedgerSigner {
  /** Hex SHA-256 of the public key's DER SPKI (the same fingerprint `openssl pkey ... | sha256sum` gives). */
  readonly fingerprint: string;
  readonly publicKeyPem: string;
  sign(payload: Uint8Array): Promise<Uint8Array>;
}

/** A signer over an Ed25519 private key held in this process (the default: a key file). */
export function ed25519LedgerSigner(privateKey: KeyObject): LedgerSigner {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`the ledger key must be an Ed25519 private key, got a ${privateKey.asymmetricKeyType ?? '?'} ${privateKey.type} key`);
  }
  const publicKey = createPublicKey(privateKey);
  return {
    fingerprint: publicKeyFingerprint(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    sign: async (payload) => sign(null, payload, privateKey),
  };
}

/** A signer over a fresh key that lives only in this process (benchmarks, tests). */
export function ephemeralLedgerSigner(): LedgerSigner {
  return ed25519LedgerSigner(generateKeyPairSync('ed25519').privateKey);
}

export function publicKeyFingerprint(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** The bytes a ledger (or journal) entry's signature covers: its canonical JSON without `signature`. */
export function signedPayloadOf(entry: object & { signature?: unknown }): Buffer {
  const { signature: _ignored, ...unsigned } = entry;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

export async function signLedgerEntry(entry: Omit<LedgerEntry, 'signature'>, signer: LedgerSigner): Promise<LedgerEntry> {
  return signEntry(entry, signer);
}

/** Signs any chained entry (ledger, fieldwork journal) the same way: by the ledger key, over its canonical JSON. */
export async function signEntry<T extends object>(entry: T, signer: LedgerSigner): Promise<T & { signature: LedgerSignature }> {
  const value = Buffer.from(await signer.sign(signedPayloadOf(entry))).toString('base64');
  const signature: LedgerSignature = { algorithm: 'Ed25519', keyFingerprint: signer.fingerprint, value };
  return { ...entry, signature };
}

/** Null when the signature verifies with one of the trusted keys; else why not. */
export function checkLedgerSignature(entry: LedgerEntry, trusted: ReadonlyMap<string, KeyObject>): string | null {
  return checkEntrySignature(entry, trusted);
}

/** checkLedgerSignature for any signed entry (the fieldwork journal's too). */
export function checkEntrySignature(entry: object & { signature: LedgerSignature }, trusted: ReadonlyMap<string, KeyObject>): string | null {
  const key = trusted.get(entry.signature.keyFingerprint);
  if (!key) {
    return `is signed by key ${entry.signature.keyFingerprint}, which is not one of the store's ledger keys (${[...trusted.keys()].join(', ') || 'none'})`;
  }
  const ok = verify(null, signedPayloadOf(entry), key, Buffer.from(entry.signature.value, 'base64'));
  return ok ? null : `has a signature that does not verify with ledger key ${entry.signature.keyFingerprint}: the entry was altered after it was signed`;
}
