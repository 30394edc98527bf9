/**
 * Top-level field patches between two versions of one resource. A day's change to a user or a
 * bucket touches one or two fields, so a patch is a few dozen bytes where the whole body is
 * hundreds: this is what lets a year of daily snapshots fit in a few compressed snapshots.
 */
import { canonicalJson } from '../model/canonical-json.ts';

export interface FieldPatch {
  set: Record<string, unknown>;
  unset: string[];
}

/** Fields of `after` that differ from `before` (compared by canonical JSON), and fields it dropped. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldPatch {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const key of Object.keys(after)) {
    const value = after[key];
    if (value === undefined) continue;
    if (before[key] === undefined || canonicalJson(before[key]) !== canonicalJson(value)) set[key] = value;
  }
  for (const key of Object.keys(before)) {
    if (before[key] !== undefined && after[key] === undefined) unset.push(key);
  }
  unset.sort();
  return { set, unset };
}

export function applyFields<T extends Record<string, unknown>>(before: T, patch: FieldPatch): T {
  const out: Record<string, unknown> = { ...before, ...patch.set };
  for (const key of patch.unset) delete out[key];
  return out as T;
}
