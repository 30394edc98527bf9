/**
 * Small, pure readings of IAM and bucket policy documents, shared by the scenario (to derive the
 * policy status S3 reports) and the reference checks behind the answer key.
 *
 * "A policy allows X" means: some statement with Effect Allow has an Action pattern (string or
 * list; `*` and `?` wildcards, case-insensitive) that matches X. NotAction statements are ignored.
 */
import type { PolicyDocument } from '../model/resources.ts';

export interface Statement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  principal: unknown;
  condition: Record<string, Record<string, unknown>> | null;
}

const cache = new WeakMap<object, Statement[]>();

function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

export function statementsOf(doc: PolicyDocument): Statement[] {
  const hit = cache.get(doc);
  if (hit) return hit;
  const raw = doc['Statement'];
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  const out: Statement[] = [];
  for (const s of list as Record<string, unknown>[]) {
    if (!s || typeof s !== 'object') continue;
    out.push({
      effect: s['Effect'] === 'Deny' ? 'Deny' : 'Allow',
      actions: asList(s['Action']),
      resources: asList(s['Resource']),
      principal: s['Principal'],
      condition: (s['Condition'] as Statement['condition']) ?? null,
    });
  }
  cache.set(doc, out);
  return out;
}

const globCache = new Map<string, RegExp>();

/** Does an IAM wildcard pattern match a value (case-insensitive)? */
export function globMatches(pattern: string, value: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 'i');
    globCache.set(pattern, re);
  }
  return re.test(value);
}

/** An Allow statement lets `action` through, optionally only counting statements on Resource "*". */
export function allowsAction(doc: PolicyDocument, action: string, onlyResourceStar = false): boolean {
  return statementsOf(doc).some(
    (s) =>
      s.effect === 'Allow' &&
      s.actions.some((p) => globMatches(p, action)) &&
      (!onlyResourceStar || s.resources.includes('*')),
  );
}

/** An Allow of Action "*" (literally) on Resource "*". */
export function allowsStarOnStar(doc: PolicyDocument): boolean {
  return statementsOf(doc).some((s) => s.effect === 'Allow' && s.actions.includes('*') && s.resources.includes('*'));
}

/** Privilege-escalation action sets (any one fully allowed by one policy document is a finding). */
export const PRIVESC_SETS: readonly (readonly string[])[] = [
  ['iam:CreatePolicyVersion'],
  ['iam:SetDefaultPolicyVersion'],
  ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
  ['iam:PassRole', 'ec2:RunInstances'],
  ['iam:PassRole', 'cloudformation:CreateStack'],
  ['iam:AttachUserPolicy'],
  ['iam:AttachGroupPolicy'],
  ['iam:AttachRolePolicy'],
  ['iam:PutUserPolicy'],
  ['iam:PutGroupPolicy'],
  ['iam:PutRolePolicy'],
  ['iam:CreateAccessKey'],
  ['iam:CreateLoginProfile'],
  ['iam:UpdateLoginProfile'],
  ['iam:UpdateAssumeRolePolicy'],
  ['iam:AddUserToGroup'],
];

export function privescSetAllowed(doc: PolicyDocument): readonly string[] | null {
  for (const set of PRIVESC_SETS) if (set.every((a) => allowsAction(doc, a))) return set;
  return null;
}

/** Condition keys that limit a wildcard principal to a known account, organisation or network. */
export const LIMITING_CONDITION_KEYS = [
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
];

export function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object') {
    const aws = (principal as Record<string, unknown>)['AWS'];
    return asList(aws).includes('*');
  }
  return false;
}

function hasLimitingCondition(s: Statement): boolean {
  if (!s.condition) return false;
  for (const operator of Object.values(s.condition)) {
    if (!operator || typeof operator !== 'object') continue;
    for (const key of Object.keys(operator)) if (LIMITING_CONDITION_KEYS.includes(key.toLowerCase())) return true;
  }
  return false;
}

/** Allow statements with a wildcard principal and no limiting condition. */
export function unlimitedWildcardAllows(doc: PolicyDocument): Statement[] {
  return statementsOf(doc).filter((s) => s.effect === 'Allow' && isWildcardPrincipal(s.principal) && !hasLimitingCondition(s));
}

/** What S3's GetBucketPolicyStatus would say: public when some Allow reaches anyone. */
export function isBucketPolicyPublic(doc: PolicyDocument): boolean {
  return unlimitedWildcardAllows(doc).length > 0;
}

/** A Deny with Condition Bool aws:SecureTransport "false" covering s3:* or *. */
export function hasTlsDeny(doc: PolicyDocument): boolean {
  return statementsOf(doc).some((s) => {
    if (s.effect !== 'Deny') return false;
    if (!s.actions.some((a) => a === '*' || a.toLowerCase() === 's3:*')) return false;
    const bool = s.condition?.['Bool'];
    if (!bool) return false;
    for (const [k, v] of Object.entries(bool)) {
      if (k.toLowerCase() === 'aws:securetransport' && asList(v).concat(typeof v === 'boolean' ? [String(v)] : []).includes('false')) return true;
    }
    return false;
  });
}
