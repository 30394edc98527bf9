/** Loads the config and opens its evidence store: the first step of most commands. */
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { openEvidenceStore } from '../store/open-store.ts';
import type { EvidenceStore } from '../store/types.ts';

export interface Workspace extends LoadedConfig {
  store: EvidenceStore;
}

export async function openWorkspace(configPath: string | undefined): Promise<Workspace> {
  const loaded = await loadConfig(configPath);
  const store = await openEvidenceStore(loaded.config.store, loaded.dir);
  return { ...loaded, store };
}

export const CONFIG_OPTION = { config: { type: 'string', short: 'c' } } as const;
export const CONFIG_HELP = '  -c, --config <file>   config file (default ./binder.config.yaml)';
