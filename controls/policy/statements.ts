/**
 * Normalise an IAM policy document as AWS returns it (parsed JSON) into one shape: Statement as an
 * object or an array, Action/Resource and their Not- forms as a string or a list, Principal as "*"
 * or a map of string-or-list, Condition values as strings. Malformed parts are dropped rather than
 * thrown on: AWS only returns documents it has validated, and a check must still judge the rest.
 */
import type { PolicyDocument } from '../../model/resources.ts';

export type Effect = 'Allow' | 'Deny';

/** A principal element: `any` for "*" (or {"AWS": "*"} anywhere in the list); otherwise by kind. */
export interface Principal {
  any: boolean;
  aws: readonly string[];
  service: readonly string[];
  federated: readonly string[];
  canonicalUser: readonly string[];
}

/** One condition test: operator (e.g. "StringEquals", "ForAnyValue:StringLike"), key and values. */
export interface ConditionTest {
  operator: string;
  key: string;
  values: readonly string[];
}

export interface Statement {
  /** Position in the document (0-based), for reasons. */
  index: number;
  sid: string | null;
  effect: Effect;
  /** Exactly one of actions / notActions is non-null when the statement is well formed. */
  actions: readonly string[] | null;
  notActions: readonly string[] | null;
  /** Both null in trust policies, where the resource is implied (the role itself). */
  resources: readonly string[] | null;
  notResources: readonly string[] | null;
  principal: Principal | null;
  notPrincipal: Principal | null;
  conditions: readonly ConditionTest[];
}

function stringList(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return null;
}

function scalarList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map((v) => String(v));
}

export function normalisePrincipal(value: unknown): Principal | null {
  if (value === undefined || value === null) return null;
  if (value === '*') return { any: true, aws: ['*'], service: [], federated: [], canonicalUser: [] };
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const map = value as Record<string, unknown>;
  const aws = stringList(map.AWS) ?? [];
  return {
    any: aws.includes('*'),
    aws,
    service: stringList(map.Service) ?? [],
    federated: stringList(map.Federated) ?? [],
    canonicalUser: stringList(map.CanonicalUser) ?? [],
  };
}

function normaliseConditions(value: unknown): ConditionTest[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const tests: ConditionTest[] = [];
  for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) continue;
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      tests.push({ operator, key, values: scalarList(raw) });
    }
  }
  return tests;
}

/** The statements of a policy document, in document order; non-Allow/Deny statements are skipped. */
export function normaliseStatements(doc: PolicyDocument | null | undefined): Statement[] {
  if (!doc) return [];
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const out: Statement[] = [];
  list.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
    const s = item as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return;
    out.push({
      index,
      sid: typeof s.Sid === 'string' ? s.Sid : null,
      effect: s.Effect,
      actions: stringList(s.Action),
      notActions: s.Action === undefined ? stringList(s.NotAction) : null,
      resources: stringList(s.Resource),
      notResources: s.Resource === undefined ? stringList(s.NotResource) : null,
      principal: normalisePrincipal(s.Principal),
      notPrincipal: normalisePrincipal(s.NotPrincipal),
      conditions: normaliseConditions(s.Condition),
    });
  });
  return out;
}

/** "statement 2 (Sid AdminAll)" for reasons. */
export function describeStatement(s: Statement): string {
  return s.sid ? `statement ${s.index + 1} (Sid ${s.sid})` : `statement ${s.index + 1}`;
}
