/**
 * Field-level differences between two versions of a resource, for the drift record: each entry
 * names a path ("policy.Statement[1]", "versioning.status") with the old and the new value.
 * Objects are compared key by key; arrays of objects (policy statements, grants, rules) element by
 * element, reporting each changed element whole so a reader sees the full old and new statement;
 * arrays of plain values (group names) are reported whole. An absent value is shown as null.
 */
import { canonicalJson } from '../../model/canonical-json.ts';

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function join(path: string, key: string): string {
  if (IDENTIFIER.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return canonicalJson(a) === canonicalJson(b);
}

function walk(path: string, before: unknown, after: unknown, out: FieldChange[]): void {
  if (same(before, after)) return;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) walk(join(path, k), before[k] ?? null, after[k] ?? null, out);
    return;
  }
  if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    [...before, ...after].some((e) => e !== null && typeof e === 'object')
  ) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const b = i < before.length ? before[i] : null;
      const a = i < after.length ? after[i] : null;
      if (!same(b, a)) out.push({ path: `${path}[${i}]`, before: b, after: a });
    }
    return;
  }
  out.push({ path: path || '(resource)', before: before ?? null, after: after ?? null });
}

/** Changes from `before` to `after`, in path order; empty when they are equal. */
export function diffResources(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk('', before ?? null, after ?? null, out);
  return out;
}
