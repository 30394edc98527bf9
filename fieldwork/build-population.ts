/**
 * Builds a population as data: its rows (each checked against its zod schema, each traceable to
 * the snapshot(s) it came from) and the scope it covers. The CLI writes it as CSV or JSON; the
 * binder can carry it as is.
 */
import type { EvidenceStore, SnapshotRecord } from '../store/types.ts';
import { FieldworkInputError } from './fieldwork-input-error.ts';
import { POPULATIONS } from './populations/index.ts';
import { POPULATION_SCHEMA, snapshotRef, type Population, type PopulationDefinition, type PopulationRow } from './population-types.ts';
import { asOfSnapshot, periodSnapshots, sourceSnapshots } from './select-snapshots.ts';

/** As of a day, or over a period (both days included, UTC). */
export type PopulationRequest = { asOf: string; from?: undefined; to?: undefined } | { from: string; to: string; asOf?: undefined };

export function populationDefinition(name: string): PopulationDefinition {
  const def = POPULATIONS.find((p) => p.name === name);
  if (!def) throw new FieldworkInputError(`unknown population "${name}"; known: ${POPULATIONS.map((p) => p.name).join(', ')}`);
  return def;
}

/** Refuses --as-of for a period population and --from/--to for an as-of one. */
export function checkRequest(def: PopulationDefinition, request: { asOf?: string | undefined; from?: string | undefined; to?: string | undefined }): PopulationRequest {
  const hasPeriod = request.from !== undefined || request.to !== undefined;
  if (def.takes === 'as-of') {
    if (hasPeriod) throw new FieldworkInputError(`population ${def.name} is as of a date: give --as-of <YYYY-MM-DD>, not --from/--to`);
    if (request.asOf === undefined) throw new FieldworkInputError(`population ${def.name} is as of a date: give --as-of <YYYY-MM-DD>`);
    return { asOf: request.asOf };
  }
  if (request.asOf !== undefined) throw new FieldworkInputError(`population ${def.name} covers a period: give --from <YYYY-MM-DD> --to <YYYY-MM-DD>, not --as-of`);
  if (request.from === undefined || request.to === undefined) throw new FieldworkInputError(`population ${def.name} covers a period: give both --from and --to`);
  return { from: request.from, to: request.to };
}

/** Item keys must name one row each: a key seen twice (two snapshots the same day) gets its snapshot id. */
function uniqueKeys(rows: PopulationRow[]): void {
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.key, (count.get(r.key) ?? 0) + 1);
  for (const r of rows) if ((count.get(r.key) ?? 0) > 1) r.key = `${r.key} [${r.snapshotId}]`;
}

export interface BuildPopulationOptions {
  store: Pick<EvidenceStore, 'listSnapshots' | 'readLedger' | 'loadSnapshot' | 'loadChanges' | 'location'>;
  name: string;
  request: { asOf?: string | undefined; from?: string | undefined; to?: string | undefined };
  /** The source (AWS account) to draw from; may be left out when the store holds only one. */
  source?: string | undefined;
}

export async function buildPopulation(options: BuildPopulationOptions): Promise<Population> {
  const def = populationDefinition(options.name);
  const request = checkRequest(def, options.request);
  const snapshots = await sourceSnapshots(options.store, options.source);
  let rows: PopulationRow[];
  let scope: Population['scope'];
  if (def.takes === 'as-of') {
    const snapshot = asOfSnapshot(snapshots, request.asOf!);
    rows = await def.build({ store: options.store, asOf: request.asOf!, snapshot });
    scope = { kind: 'as-of', asOf: request.asOf!, snapshot: snapshotRef(snapshot) };
  } else {
    const records = periodSnapshots(snapshots, request.from!, request.to!);
    const built = await def.build({ store: options.store, from: request.from!, to: request.to!, records, previousOf: snapshots.previousOf });
    rows = built.rows;
    const used: readonly SnapshotRecord[] = built.snapshots ?? records;
    scope = { kind: 'period', from: request.from!, to: request.to!, snapshots: used.map(snapshotRef) };
  }
  // Our own rows, parsed anyway: the schema is the contract the binder and the auditor read.
  rows = rows.map((r) => def.row.parse(r));
  uniqueKeys(rows);
  return { schema: POPULATION_SCHEMA, name: def.name, description: def.description, source: snapshots.source, evidence: def.evidence, scope, columns: [...def.columns], rows };
}
