/** What `binder collect` and `binder schedule` do before collecting: check --source, open the store for writing and say what is new. */
import type { Log } from '../collectors/log.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { openStoreForCollection, type CollectorStore } from './ledger-key.ts';

/** A usage message when --source names a source the config lacks; null when all are known (or none was given). */
export function unknownSourceMessage(loaded: LoadedConfig, wanted: readonly string[] | undefined): string | null {
  if (!wanted) return null;
  const known = loaded.config.sources.map((s) => s.name);
  const unknown = wanted.filter((w) => !known.includes(w));
  return unknown.length ? `unknown source ${unknown.map((u) => `"${u}"`).join(', ')}; the config has: ${known.join(', ')}` : null;
}

/** Opens (or creates) the store with its ledger key, passing on warnings and telling the person to keep a key made just now. */
export async function openCollectionStore(loaded: LoadedConfig, log: Log): Promise<CollectorStore> {
  const opened = await openStoreForCollection(loaded);
  for (const w of opened.warnings) log.warn(w);
  if (opened.createdKey) {
    log.info(`new evidence store at ${opened.store.location}; its ledger is signed by the new key ${opened.createdKey} (fingerprint ${opened.signer.fingerprint}): keep it, and a copy of it, safe`);
  }
  return opened;
}
