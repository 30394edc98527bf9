/** Parses manifest.json, refusing text whose shape could not come from a binder before JSON.parse sees it. */
import { Manifest, MANIFEST_FILE, MANIFEST_SCHEMA } from '../manifest.ts';
import { exceededLimit, measureJson, type JsonShape } from './json-budget.ts';
import type { ProblemList } from './problems.ts';

/**
 * What a manifest for a ZIP of `entryCount` entries can hold. Each entry costs the manifest a files
 * row and at most one cited snapshot (under 32 values, 3 containers); free text (citation reasons,
 * names, sources) adds values, but well under one per 32 bytes. No object of the schema has more
 * than 16 keys, nor nests more than 4 deep.
 */
export function manifestBudget(bytes: number, entryCount: number): JsonShape {
  return {
    tokens: 4096 + 32 * entryCount + Math.ceil(bytes / 32),
    containers: 256 + 4 * entryCount + Math.ceil(bytes / 256),
    depth: 16,
    keys: 64,
  };
}

export function readManifest(bytes: Buffer, entryCount: number, problems: ProblemList): Manifest | null {
  const budget = manifestBudget(bytes.length, entryCount);
  const over = exceededLimit(measureJson(bytes, budget), budget);
  if (over) {
    problems.add(MANIFEST_FILE, `${over}, more than a manifest of a ${entryCount}-entry binder can; refused, not parsed`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    problems.add(MANIFEST_FILE, `is not valid JSON: ${err.message.slice(0, 200)}`);
    return null;
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    problems.add(MANIFEST_FILE, `does not match ${MANIFEST_SCHEMA}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return null;
  }
  return parsed.data;
}
