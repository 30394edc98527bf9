/** Loads the config and opens its evidence store: the first step of most commands. */
import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load-config.ts';
import type { OpenMode } from '../store/open-store.ts';
import type { EvidenceStore } from '../store/types.ts';

export interface Workspace extends LoadedConfig {
  store: EvidenceStore;
}

/** Opens an existing store (mode 'verify' lets `store verify` report a damaged marker). */
export async function openWorkspace(configPath: string | undefined, mode: Exclude<OpenMode, 'create'> = 'existing'): Promise<Workspace> {
  // Loaded here, not at the top: `binder --help` should not load the config schema or the SDKs.
  const [{ loadConfig }, { openEvidenceStore }] = await Promise.all([import('../config/load-config.ts'), import('../store/open-store.ts')]);
  const loaded = await loadConfig(configPath);
  const store = await openEvidenceStore(loaded.config.store, loaded.dir, { mode, configFile: loaded.file });
  return { ...loaded, store };
}

/** The --config option of the commands that read a config. */
export interface ConfigOptions {
  config?: string;
}

export function addConfigOption(command: Command): Command {
  return command.option('-c, --config <file>', 'config file (default: ./binder.config.yaml)');
}
