/**
 * The source kinds binder collects from, by the config's `type` (config/schema.ts SourceConfig):
 * each kind turns one configured source into one validated Snapshot with its provenance. A new
 * kind (GitHub next) is a config schema in the union, an entry here and its collector; the run,
 * the store and the checks take its snapshots as they take AWS's.
 */
import type { SourceConfig } from '../config/schema.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { collectSnapshot, type CollectSnapshotOptions } from './collect-snapshot.ts';

export type CollectSourceOptions = Omit<CollectSnapshotOptions, 'source'> & { source: SourceConfig };

type Collectors = { [K in SourceConfig['type']]: (options: CollectSourceOptions & { source: Extract<SourceConfig, { type: K }> }) => Promise<Snapshot> };

const COLLECTORS: Collectors = {
  aws: (options) => collectSnapshot(options),
};

/** One snapshot of one source, by its kind. */
export function collectSource(options: CollectSourceOptions): Promise<Snapshot> {
  const collect = COLLECTORS[options.source.type];
  return collect(options);
}
