/**
 * Opens the evidence store a config names: a local folder (relative paths resolved against the
 * config file's folder) or S3 (store/s3-backend.ts, loaded only when configured), and checks it is
 * a store: a location without the store marker is refused, except by the first collect (or
 * `store init`), which creates the marker in an empty location.
 */
import { isAbsolute, resolve } from 'node:path';
import type { StoreConfig } from '../config/schema.ts';
import { createEvidenceStore, type EvidenceStoreOptions } from './evidence-store.ts';
import { LocalFolderBackend } from './local-backend.ts';
import { checkLocalStorePath } from './local-store-path.ts';
import type { LedgerSigner } from './ledger-signature.ts';
import { readStoreMarker, StoreMarkerError, writeStoreMarker, type StoreMarker } from './store-marker.ts';
import { ObjectExistsError, StoreError, StorePathError, type EvidenceStore, type ObjectBackend } from './types.ts';

type S3Config = Extract<StoreConfig, { type: 's3' }>;
interface S3BackendModule {
  createS3Backend(config: S3Config): Promise<ObjectBackend>;
}

/**
 * create: the first collect or `store init` (an empty location becomes a store); existing: every
 * other command; verify: like existing, but a damaged marker is left for verify to report.
 */
export type OpenMode = 'create' | 'existing' | 'verify';

export interface OpenStoreOptions extends EvidenceStoreOptions {
  mode?: OpenMode;
  /** The config file, named in errors about store.path. */
  configFile?: string;
}

/** The ledger key given does not sign this store's ledger. */
export class LedgerKeyMismatchError extends StoreError {
  constructor(
    readonly given: string,
    readonly expected: string[],
    location: string,
  ) {
    super(`the ledger of ${location} is signed by key ${expected.join(', ')}, not by ${given}`);
  }
}

function storeLabel(config: StoreConfig, configFile: string | undefined): string {
  const where = configFile ? ` (${configFile})` : '';
  return config.type === 'local' ? `store.path "${config.path}"${where}` : `store s3://${config.bucket}/${config.prefix ?? ''}${where}`;
}

export async function openObjectBackend(config: StoreConfig, configDir: string, options: { mode?: OpenMode; configFile?: string } = {}): Promise<ObjectBackend> {
  if (config.type === 'local') {
    const root = isAbsolute(config.path) ? config.path : resolve(configDir, config.path);
    const { writable } = await checkLocalStorePath(root, { create: options.mode === 'create', label: storeLabel(config, options.configFile) });
    return LocalFolderBackend.open(root, { readOnly: !writable });
  }
  let mod: Partial<S3BackendModule>;
  try {
    mod = (await import('./s3-backend.ts')) as Partial<S3BackendModule>;
  } catch (err) {
    throw new StoreError(`store.type "s3" needs store/s3-backend.ts, which could not be loaded: ${(err as Error).message}`);
  }
  if (typeof mod.createS3Backend !== 'function') {
    throw new StoreError('store/s3-backend.ts does not export createS3Backend(config): the S3 store is not available in this build');
  }
  return mod.createS3Backend(config);
}

export async function openEvidenceStore(config: StoreConfig, configDir: string, options: OpenStoreOptions = {}): Promise<EvidenceStore> {
  const mode = options.mode ?? 'existing';
  const backend = await openObjectBackend(config, configDir, { mode, ...(options.configFile ? { configFile: options.configFile } : {}) });
  const label = storeLabel(config, options.configFile);
  let marker: StoreMarker | null;
  try {
    marker = await readStoreMarker(backend);
  } catch (err) {
    if (mode === 'verify' && err instanceof StoreMarkerError) return createEvidenceStore(backend, options);
    throw err;
  }
  if (!marker) {
    if (mode !== 'create') {
      throw new StorePathError(
        `${label}: ${backend.location} is not a binder evidence store (it has no binder-store.json); ` +
          'run `binder collect` (or `binder store init`) to create one there, or correct the path',
      );
    }
    const empty = backend instanceof LocalFolderBackend ? await backend.isEmpty() : (await backend.listKeys('')).length === 0;
    // Not empty because another collector has just created the store: take its marker.
    marker = empty ? null : await readStoreMarker(backend);
    if (!empty && !marker) {
      throw new StorePathError(`${label}: ${backend.location} is not empty and is not a binder evidence store (no binder-store.json); choose an empty or new location`);
    }
    if (!options.ledgerSigner) throw new StoreError(`creating a store at ${backend.location} needs the ledger key`);
    if (!marker) {
      try {
        marker = await writeStoreMarker(backend, options.ledgerSigner, new Date());
      } catch (err) {
        // Another collector created the store at the same moment: its marker (the first version) wins.
        if (!(err instanceof ObjectExistsError)) throw err;
        marker = await readStoreMarker(backend);
        if (!marker) throw err;
      }
    }
  }
  const signer = options.ledgerSigner;
  if (signer && !marker.ledgerKeys.some((k) => k.fingerprint === signer.fingerprint)) {
    throw new LedgerKeyMismatchError(signer.fingerprint, marker.ledgerKeys.map((k) => k.fingerprint), backend.location);
  }
  return createEvidenceStore(backend, options);
}

/** Makes an empty backend a store (writes the marker) and opens it with the ledger signer: for tools and tests that hold a backend. */
export async function initializeEvidenceStore(backend: ObjectBackend, signer: LedgerSigner, options: EvidenceStoreOptions = {}): Promise<EvidenceStore> {
  if (!(await readStoreMarker(backend))) await writeStoreMarker(backend, signer, new Date());
  return createEvidenceStore(backend, { ...options, ledgerSigner: signer });
}
