/**
 * Draws a reproducible sample of a population and attaches the evidence behind each item: by the
 * seeded rank (seeded-rank.ts) at the size given or the configured size for the control's
 * frequency, or exactly the items (or dates) of an auditor's list.
 */
import type { SamplingConfig } from '../config/schema.ts';
import type { EvidenceStore } from '../store/types.ts';
import { buildPopulation, populationDefinition } from './build-population.ts';
import { FieldworkInputError } from './fieldwork-input-error.ts';
import type { Population } from './population-types.ts';
import type { ItemsFile } from './read-items-file.ts';
import { gatherEvidence } from './sample-evidence.ts';
import { SEEDED_RANK_METHOD, drawSeeded } from './seeded-rank.ts';
import { sampleUnits, unitKindFor, unitLabel, type SampleFrequency, type SampleUnit } from './sample-units.ts';
import { SAMPLE_SCHEMA, type Sample, type SampleEvidence, type SampleItem, type SampleSelection } from './sample-types.ts';

export interface DrawSampleOptions {
  store: Pick<EvidenceStore, 'listSnapshots' | 'readLedger' | 'loadSnapshot' | 'loadChanges' | 'location'>;
  population: string;
  /** As of a day (as-of populations), or a period. For an as-of population, a period's `to` is its as-of day. */
  request: { asOf?: string | undefined; from?: string | undefined; to?: string | undefined };
  source?: string | undefined;
  frequency?: SampleFrequency | undefined;
  size?: number | undefined;
  seed?: string | undefined;
  /** The auditor's own selection instead of the seeded one. */
  items?: ItemsFile | undefined;
  sizes: SamplingConfig['sizes'];
  /** The population already built for this request (the binder builds each once for its CSV and its sample). */
  built?: Population | undefined;
  /** Take every unit when the size is larger than the population (a census) instead of refusing: the binder's own samples. */
  censusWhenSmaller?: boolean | undefined;
}

const SIZE_KEY: Record<SampleFrequency, keyof SamplingConfig['sizes']> = {
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  quarterly: 'quarterly',
  annual: 'annual',
  'per-event': 'perEvent',
};

/** The as-of populations are sampled as of the period's last day when given --from/--to. */
function populationRequest(name: string, r: DrawSampleOptions['request']): DrawSampleOptions['request'] {
  const def = populationDefinition(name);
  if (def.takes === 'as-of' && r.asOf === undefined && r.from !== undefined && r.to !== undefined) {
    if (r.from > r.to) throw new FieldworkInputError(`--from ${r.from} is after --to ${r.to}`);
    return { asOf: r.to };
  }
  return r;
}

function unitName(p: Population, frequency: SampleFrequency | undefined): string {
  const kind = unitKindFor(p, frequency);
  return kind === 'item' ? 'items' : `${kind}s with a snapshot`;
}

function pickListed(p: Population, frequency: SampleFrequency | undefined, units: SampleUnit[], items: ItemsFile): SampleUnit[] {
  const byKey = new Map(units.map((u) => [u.key, u]));
  const timed = unitKindFor(p, frequency) !== 'item';
  const seen = new Map<string, number>();
  const out: SampleUnit[] = [];
  for (const { line, text } of items.lines) {
    // A date names the day, week, month, quarter or year it falls in.
    const key = timed && /^\d{4}-\d{2}-\d{2}$/.test(text) ? unitLabel(frequency as Exclude<SampleFrequency, 'per-event'>, text) : text;
    const unit = byKey.get(key);
    if (!unit) {
      const known = units.slice(0, 3).map((u) => `"${u.key}"`).join(', ');
      throw new FieldworkInputError(`--items ${items.file} line ${line}: "${text}" is not in population ${p.name} (${units.length} ${unitName(p, frequency)}${known ? `, e.g. ${known}` : ''})`);
    }
    const first = seen.get(key);
    if (first !== undefined) throw new FieldworkInputError(`--items ${items.file} line ${line}: "${text}" names ${key} again (line ${first})`);
    seen.set(key, line);
    out.push(unit);
  }
  return out;
}

export async function drawSample(options: DrawSampleOptions): Promise<Sample> {
  const def = populationDefinition(options.population);
  const population = options.built ?? (await buildPopulation({ store: options.store, name: def.name, request: populationRequest(def.name, options.request), source: options.source }));
  const { frequency } = options;
  const units = sampleUnits(population, frequency);
  let chosen: { unit: SampleUnit; rank: string | null }[];
  let selection: SampleSelection;
  if (options.items) {
    chosen = pickListed(population, frequency, units, options.items).map((unit) => ({ unit, rank: null }));
    selection = { method: 'auditor-list', file: options.items.file, fileSha256: options.items.sha256, size: chosen.length };
  } else {
    if (options.seed === undefined || options.seed === '') throw new FieldworkInputError('give --seed <text> (the selection is reproducible from it), or --items <file>');
    if (options.size === undefined && frequency === undefined) throw new FieldworkInputError('give --size <n> or --frequency <daily|weekly|monthly|quarterly|annual|per-event>');
    let size = options.size ?? options.sizes[SIZE_KEY[frequency!]];
    let sizeFrom = options.size !== undefined ? '--size' : `config sampling.sizes.${SIZE_KEY[frequency!]}`;
    if (size > units.length && options.censusWhenSmaller) {
      sizeFrom = `${sizeFrom} (${size}), more than the population holds: every unit`;
      size = units.length;
    }
    if (size > units.length) {
      throw new FieldworkInputError(`a sample of ${size} (${sizeFrom}) is larger than population ${def.name}: it holds ${units.length} ${unitName(population, frequency)}`);
    }
    const byKey = new Map(units.map((u) => [u.key, u]));
    chosen = drawSeeded(options.seed, [...byKey.keys()], size).map((d) => ({ unit: byKey.get(d.key)!, rank: d.rank }));
    selection = { method: 'seeded-rank', seed: options.seed, description: SEEDED_RANK_METHOD, size, sizeFrom };
  }

  const items: SampleItem[] = chosen.map(({ unit, rank }) => ({ key: unit.key, rank, rows: unit.rows, snapshots: unit.snapshots, evidence: [] }));
  const needs = items.flatMap((item) => {
    const seen = new Set<string>();
    return (item.rows as Population['rows']).map((row) => ({
      row,
      // Several rows of one item can cite one change record (a user's two new groups): once per item.
      put: (e: SampleEvidence) => {
        const id = e.kind === 'change-record' ? `${e.snapshotId}\u0000${e.change.type}\u0000${e.change.id}` : `${e.snapshotId}\u0000${row.resourceId}`;
        if (seen.has(id)) return;
        seen.add(id);
        item.evidence.push(e);
      },
    }));
  });
  await gatherEvidence(options.store, population, def.excerptTypes, needs);
  return {
    schema: SAMPLE_SCHEMA,
    population: { name: population.name, source: population.source, scope: population.scope, columns: population.columns, unit: unitKindFor(population, frequency), size: units.length },
    frequency: frequency ?? null,
    selection,
    items,
  };
}
