/**
 * Field-level differences between two versions of a resource, for the drift record: each entry
 * names a path ("policy.Statement[1]", "versioning.status") with the old and the new value.
 * Objects are compared key by key; arrays of objects (policy statements, grants, rules) element by
 * element, reporting each changed element whole so a reader sees the full old and new statement;
 * arrays of plain values (group names) are reported whole. An absent value is shown as null.
 */

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

/**
 * Whether a and b have the same canonical JSON, compared in place: serializing both at every level
 * of the walk made the diff quadratic in a resource's depth (a year of drift is ~500,000 diffs).
 */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null); // JSON writes undefined (in arrays) as null
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // Properties holding undefined are not written by JSON, so they do not count.
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (rb[k] === undefined || !same(ra[k], rb[k])) return false;
  return true;
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
