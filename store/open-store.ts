/**
 * Opens the evidence store a config names: a local folder (relative paths resolved against the
 * config file's folder) or S3 (store/s3-backend.ts, loaded only when configured).
 */
import { isAbsolute, resolve } from 'node:path';
import type { StoreConfig } from '../config/schema.ts';
import { createEvidenceStore, type EvidenceStoreOptions } from './evidence-store.ts';
import { LocalFolderBackend } from './local-backend.ts';
import { StoreError, type EvidenceStore, type ObjectBackend } from './types.ts';

type S3Config = Extract<StoreConfig, { type: 's3' }>;
interface S3BackendModule {
  createS3Backend(config: S3Config): Promise<ObjectBackend>;
}

export async function openObjectBackend(config: StoreConfig, configDir: string): Promise<ObjectBackend> {
  if (config.type === 'local') {
    const root = isAbsolute(config.path) ? config.path : resolve(configDir, config.path);
    return LocalFolderBackend.open(root);
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

export async function openEvidenceStore(config: StoreConfig, configDir: string, options?: EvidenceStoreOptions): Promise<EvidenceStore> {
  return createEvidenceStore(await openObjectBackend(config, configDir), options);
}
