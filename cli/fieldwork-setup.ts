/**
 * What the fieldwork commands (exceptions, respond, accept, attach, attachments) share: the store
 * opened with the ledger key, the period they look at (by default every stored day), the period's
 * exceptions with their keys, and checks of check and criterion ids against the registry.
 * Loaded by the commands when they run, never at startup.
 */
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { ALL_CHECK_IDS } from '../controls/checks/index.ts';
import { CRITERIA } from '../controls/catalog/index.ts';
import { evaluatePeriod } from '../controls/period/evaluate-period.ts';
import { exceptionKey } from '../fieldwork/exception-key.ts';
import type { CheckException } from '../model/evaluation.ts';
import type { EvidenceStore, ProgressFn } from '../store/types.ts';
import { UsageError } from './args.ts';
import { openStoreForJournal } from './ledger-key.ts';
import { openWorkspace } from './setup.ts';
import type { Terminal } from './terminal.ts';

export interface FieldworkWorkspace extends LoadedConfig {
  store: EvidenceStore;
  close(): void;
}

/** The store with the ledger key (to record), or without it (to read). */
export async function openFieldwork(configPath: string | undefined, terminal: Terminal, purpose: 'record' | 'read'): Promise<FieldworkWorkspace> {
  if (purpose === 'read') return { ...(await openWorkspace(configPath)), close: () => {} };
  const loaded = await loadConfig(configPath);
  const opened = await openStoreForJournal(loaded);
  for (const w of opened.warnings) terminal.warn(w);
  return { ...loaded, store: opened.store, close: opened.close };
}

/** --from/--to as given, each defaulting to the first or last day a stored snapshot is scheduled for. */
export async function periodOf(store: EvidenceStore, from: string | undefined, to: string | undefined): Promise<{ from: string; to: string }> {
  let first = from;
  let last = to;
  if (first === undefined || last === undefined) {
    const records = await store.listSnapshots();
    if (records.length === 0) throw new UsageError(`${store.location} holds no snapshots: there are no exceptions yet (run \`binder collect\`)`);
    first ??= records[0]!.scheduledFor.slice(0, 10);
    last ??= records[records.length - 1]!.scheduledFor.slice(0, 10);
  }
  if (first > last) throw new UsageError(`--from ${first} is after --to ${last}`);
  return { from: first, to: last };
}

export type KeyedException = CheckException & { key: string };

/** Every exception of the period (check order, then as the evaluation lists them), each with its key. */
export async function exceptionsOf(ws: FieldworkWorkspace, period: { from: string; to: string }, progress?: ProgressFn): Promise<KeyedException[]> {
  const evaluation = await evaluatePeriod({ store: ws.store, config: ws.config, from: period.from, to: period.to, ...(progress ? { progress } : {}) });
  return evaluation.checks.flatMap((c) => c.exceptions.map((e) => ({ ...e, key: exceptionKey(e) })));
}

export function assertCheckId(id: string, option: string): void {
  if (!(ALL_CHECK_IDS as readonly string[]).includes(id)) {
    throw new UsageError(`${option} "${id}" is not a check id (e.g. ${ALL_CHECK_IDS[0]}); \`binder controls\` lists every control and its checks`);
  }
}

const CRITERION_IDS = new Set(CRITERIA.map((c) => c.id));

/** "CC1.1,CC5.3" -> ['CC1.1', 'CC5.3'], every id a criterion of the catalog. */
export function parseCriteria(list: string, option: string): string[] {
  const ids = [...new Set(list.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  if (ids.length === 0) throw new UsageError(`${option} names no criterion; give ids such as CC1.1,CC5.3`);
  const unknown = ids.filter((id) => !CRITERION_IDS.has(id));
  if (unknown.length) throw new UsageError(`${option}: ${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? 'is not a criterion id' : 'are not criterion ids'} (e.g. CC1.1, A1.2); \`binder controls\` lists them`);
  return ids;
}

/** A --by name: not blank. */
export function nameOf(value: string | undefined, option: string): string {
  const v = value?.trim();
  if (!v) throw new UsageError(`${option} must name who records it`);
  return v;
}
