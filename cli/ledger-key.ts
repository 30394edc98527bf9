/**
 * The collector's ledger key for `binder collect`: loaded from collection.ledgerKeyPath, or made
 * there when the store is new. A store that already has a ledger never gets a new key silently:
 * a missing or different key file is an error naming the field and the key the store expects.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fingerprint, generateSigningKeyPair, KeyFileError, loadPrivateKey, parsePublicKeyPem } from '../binder/keys.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { ed25519LedgerSigner, type LedgerSigner } from '../store/ledger-signature.ts';
import { LedgerKeyMismatchError, openEvidenceStore } from '../store/open-store.ts';
import { StorePathError, type EvidenceStore } from '../store/types.ts';

export interface CollectorStore {
  store: EvidenceStore;
  signer: LedgerSigner;
  /** Set when the key (and the store) were created by this run. */
  createdKey: string | null;
  warnings: string[];
}

/** The public half is kept beside the private key: `x.pem` -> `x.pub.pem`. */
function publicKeyPathOf(privateKeyPath: string): string {
  return privateKeyPath.replace(/(\.pem)?$/, '.pub.pem');
}

export function ledgerKeyPathOf(loaded: LoadedConfig): string {
  const p = loaded.config.collection.ledgerKeyPath;
  return isAbsolute(p) ? p : resolve(loaded.dir, p);
}

// The KMS client is loaded only for a config that names a KMS key.
async function kmsSigner(loaded: LoadedConfig, kms: NonNullable<LoadedConfig['config']['collection']['ledgerKms']>) {
  const { createKmsLedgerSigner } = await import('../store/kms-ledger-signer.ts');
  return createKmsLedgerSigner(kms, { label: `collection.ledgerKms.keyId "${kms.keyId}" (${loaded.file})` });
}

/** Opens (or creates) the store for writing, with the ledger key that signs its entries. */
export async function openStoreForCollection(loaded: LoadedConfig): Promise<CollectorStore> {
  const kms = loaded.config.collection.ledgerKms;
  if (kms) {
    const signer = await kmsSigner(loaded, kms);
    try {
      const store = await openEvidenceStore(loaded.config.store, loaded.dir, { configFile: loaded.file, mode: 'create', ledgerSigner: signer });
      return { store, signer, createdKey: null, warnings: [] };
    } catch (err) {
      signer.close();
      if (err instanceof LedgerKeyMismatchError) {
        throw new KeyFileError(`collection.ledgerKms.keyId "${kms.keyId}" (${loaded.file}) is key ${err.given}, but the store's ledger is signed by ${err.expected.join(', ')}`, kms.keyId, 'not-private');
      }
      throw err;
    }
  }
  const keyPath = ledgerKeyPathOf(loaded);
  const label = `collection.ledgerKeyPath "${loaded.config.collection.ledgerKeyPath}" (${loaded.file})`;
  const storeOptions = { configFile: loaded.file };
  let createdKey: string | null = null;
  const warnings: string[] = [];
  let signer: LedgerSigner;
  try {
    const key = await loadPrivateKey(keyPath);
    warnings.push(...key.warnings);
    signer = ed25519LedgerSigner(key.privateKey);
  } catch (err) {
    if (!(err instanceof KeyFileError && err.code === 'missing')) throw err;
    // No key: fine for a new store only. An existing store's ledger must go on with its own key.
    const existing = await openEvidenceStore(loaded.config.store, loaded.dir, { ...storeOptions, mode: 'existing' }).catch((e: unknown) => {
      if (e instanceof StorePathError) return null;
      throw e;
    });
    if (existing) {
      const head = await existing.ledgerHead();
      throw new KeyFileError(
        `${label}: ${keyPath} does not exist, but ${existing.location} already has a ledger signed by key ${head.keyFingerprints.join(', ')}; restore that key file (a new key would not continue the signed chain)`,
        keyPath,
        'missing',
      );
    }
    await mkdir(dirname(keyPath), { recursive: true });
    const made = await generateSigningKeyPair({ privateKeyPath: keyPath, publicKeyPath: publicKeyPathOf(keyPath) });
    createdKey = made.privateKeyPath;
    signer = ed25519LedgerSigner((await loadPrivateKey(keyPath)).privateKey);
  }
  try {
    const store = await openEvidenceStore(loaded.config.store, loaded.dir, { ...storeOptions, mode: 'create', ledgerSigner: signer });
    return { store, signer, createdKey, warnings };
  } catch (err) {
    if (err instanceof LedgerKeyMismatchError) {
      throw new KeyFileError(`${label}: ${keyPath} is key ${err.given}, but the store's ledger is signed by ${err.expected.join(', ')}; use that key`, keyPath, 'not-private');
    }
    throw err;
  }
}

/**
 * The ledger key's fingerprint where this machine has it (the private key, or the public key next
 * to it): verify and build then insist the store's marker lists it. Null when neither file exists
 * (an auditor's or builder's machine without the collector's key).
 */
export async function knownLedgerKey(loaded: LoadedConfig): Promise<{ fingerprint: string; label: string } | null> {
  const kms = loaded.config.collection.ledgerKms;
  if (kms) {
    // A machine without access to the KMS key (an auditor's) verifies without the pin.
    const signer = await kmsSigner(loaded, kms).catch(() => null);
    signer?.close();
    return signer ? { fingerprint: signer.fingerprint, label: `collection.ledgerKms.keyId "${kms.keyId}"` } : null;
  }
  const keyPath = ledgerKeyPathOf(loaded);
  const label = `collection.ledgerKeyPath "${loaded.config.collection.ledgerKeyPath}"`;
  try {
    return { fingerprint: (await loadPrivateKey(keyPath)).fingerprint, label };
  } catch (err) {
    if (!(err instanceof KeyFileError && err.code === 'missing')) throw err;
  }
  const pubPath = publicKeyPathOf(keyPath);
  const pem = await readFile(pubPath, 'utf8').catch(() => null);
  return pem ? { fingerprint: fingerprint(parsePublicKeyPem(pem, pubPath)), label: `${label} (${pubPath})` } : null;
}

/**
 * Opens an existing store with the ledger key, for commands that record in the fieldwork journal
 * (respond, accept, attach): its entries are signed by the key that signs the ledger. Never
 * creates a store or a key: a missing or different key is an error naming the setting.
 */
export async function openStoreForJournal(loaded: LoadedConfig): Promise<{ store: EvidenceStore; signer: LedgerSigner; close(): void; warnings: string[] }> {
  const kms = loaded.config.collection.ledgerKms;
  let signer: LedgerSigner;
  let close = () => {};
  const warnings: string[] = [];
  let label: string;
  if (kms) {
    const k = await kmsSigner(loaded, kms);
    signer = k;
    close = () => k.close();
    label = `collection.ledgerKms.keyId "${kms.keyId}" (${loaded.file})`;
  } else {
    const keyPath = ledgerKeyPathOf(loaded);
    label = `collection.ledgerKeyPath "${loaded.config.collection.ledgerKeyPath}" (${loaded.file})`;
    try {
      const key = await loadPrivateKey(keyPath);
      warnings.push(...key.warnings);
      signer = ed25519LedgerSigner(key.privateKey);
    } catch (err) {
      if (err instanceof KeyFileError && err.code === 'missing') {
        throw new KeyFileError(`${label}: ${keyPath} does not exist; recording in the fieldwork journal needs the ledger key that signs this store (run it where \`binder collect\` runs)`, keyPath, 'missing');
      }
      throw err;
    }
  }
  try {
    const store = await openEvidenceStore(loaded.config.store, loaded.dir, { configFile: loaded.file, mode: 'existing', ledgerSigner: signer });
    return { store, signer, close, warnings };
  } catch (err) {
    close();
    if (err instanceof LedgerKeyMismatchError) {
      throw new KeyFileError(`${label} is key ${err.given}, but the store's ledger (and journal) are signed by ${err.expected.join(', ')}; use that key`, label, 'not-private');
    }
    throw err;
  }
}
