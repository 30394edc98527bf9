/**
 * The fieldwork part of a binder: every population over the period (as-of ones as of its last
 * day), a seeded sample of each with the evidence behind every sampled item, and the fieldwork
 * journal (management's responses, accepted deviations, attached documents) as stored, signed
 * entry by entry. Each is a file under evidence/, so the manifest and the signature cover it.
 *
 * The binder's own samples are a starting point, not the auditor's: each population is sampled by
 * item at sampling.sizes.perEvent (every item when it holds fewer), seeded by the SHA-256 of the
 * verified ledger head the binder records, which nobody knows before the period's last run and
 * anyone can read from the manifest to draw the same sample again (`binder sample --seed`).
 */
import type { SamplingConfig } from '../config/schema.ts';
import { buildPopulation } from '../fieldwork/build-population.ts';
import { POPULATIONS } from '../fieldwork/populations/index.ts';
import { formatPopulation } from '../fieldwork/population-output.ts';
import type { Population } from '../fieldwork/population-types.ts';
import { safeFileName } from '../fieldwork/read-document.ts';
import { drawSample } from '../fieldwork/sample.ts';
import type { PeriodEvaluation } from '../model/evaluation.ts';
import { isInputError } from '../model/input-error.ts';
import type { JournalEntry } from '../store/journal-types.ts';
import type { EvidenceStore } from '../store/types.ts';
import { canonicalPrettyJson } from './canonical-pretty-json.ts';

export interface FieldworkPopulationFile {
  source: string;
  name: string;
  description: string;
  criteria: readonly string[];
  /** "as of 2026-12-31 (snapshot ...)" or "2026-01-01 to 2026-12-31 (365 snapshots)". */
  scope: string;
  rows: number;
  path: string;
}

export interface FieldworkSampleFile {
  source: string;
  population: string;
  unit: string;
  size: number;
  of: number;
  seed: string;
  path: string;
}

/** A population that could not be drawn for this period (e.g. no snapshot on or before its day), said in the PDF. */
export interface FieldworkGap {
  source: string;
  population: string;
  reason: string;
}

export interface FieldworkSummary {
  populations: FieldworkPopulationFile[];
  samples: FieldworkSampleFile[];
  gaps: FieldworkGap[];
  journal: { path: string; entries: number; responses: number; acceptances: number; attachments: number } | null;
  sampleSeed: string;
}

export interface FieldworkEvidenceOptions {
  store: Pick<EvidenceStore, 'listSnapshots' | 'readLedger' | 'loadSnapshot' | 'loadChanges' | 'location'>;
  evaluation: PeriodEvaluation;
  journal: readonly JournalEntry[];
  sizes: SamplingConfig['sizes'];
  /** The seed of the binder's samples: the verified ledger head's SHA-256. */
  seed: string;
  /** Adds one file to the binder's evidence. */
  add(path: string, body: string): Promise<unknown>;
  progress?: (what: string) => void;
}


function scopeText(p: Population): string {
  if (p.scope.kind === 'as-of') return `as of ${p.scope.asOf} (snapshot ${p.scope.snapshot.snapshotId})`;
  return `${p.scope.from} to ${p.scope.to} (${p.scope.snapshots.length} snapshots)`;
}


export async function addFieldworkEvidence(options: FieldworkEvidenceOptions): Promise<FieldworkSummary> {
  const { evaluation: ev } = options;
  const summary: FieldworkSummary = { populations: [], samples: [], gaps: [], journal: null, sampleSeed: options.seed };
  const sources = [...new Set(ev.snapshots.map((s) => s.source))].sort();
  for (const source of sources) {
    for (const def of POPULATIONS) {
      options.progress?.(`population ${def.name} (${source})`);
      const request = def.takes === 'as-of' ? { asOf: ev.period.to } : { from: ev.period.from, to: ev.period.to };
      let population: Population;
      try {
        population = await buildPopulation({ store: options.store, name: def.name, request, source });
      } catch (err) {
        // Bad input for this period (e.g. no snapshot on or before its day) becomes a gap; anything else is thrown.
        if (!isInputError(err)) throw err;
        summary.gaps.push({ source, population: def.name, reason: err.message });
        continue;
      }
      const base = sources.length > 1 ? `${safeFileName(source)}/${def.name}` : def.name;
      const path = `evidence/populations/${base}.csv`;
      await options.add(path, formatPopulation(population, 'csv'));
      summary.populations.push({ source, name: def.name, description: def.description, criteria: def.criteria, scope: scopeText(population), rows: population.rows.length, path });
      if (population.rows.length === 0) continue;
      const sample = await drawSample({
        store: options.store,
        population: def.name,
        request,
        source,
        frequency: 'per-event',
        seed: options.seed,
        sizes: options.sizes,
        built: population,
        censusWhenSmaller: true,
      });
      const samplePath = `evidence/samples/${base}.json`;
      await options.add(samplePath, canonicalPrettyJson(sample));
      summary.samples.push({ source, population: def.name, unit: sample.population.unit, size: sample.items.length, of: sample.population.size, seed: options.seed, path: samplePath });
    }
  }
  if (options.journal.length > 0) {
    const path = 'evidence/fieldwork/journal.json';
    await options.add(path, canonicalPrettyJson({ schema: 'binder.journal-export/v1', entries: options.journal }));
    const count = (kind: JournalEntry['kind']) => options.journal.filter((e) => e.kind === kind).length;
    summary.journal = { path, entries: options.journal.length, responses: count('response'), acceptances: count('acceptance'), attachments: count('attachment') };
  }
  return summary;
}
