/**
 * Whether a bucket policy makes the bucket public, derived from the policy itself (one call fewer
 * per bucket than GetBucketPolicyStatus, and the rule is visible here rather than inside AWS).
 *
 * Public = some Allow statement has a wildcard principal ("*" or {"AWS": "*"}) and no condition
 * that limits it to fixed accounts, organizations, source ARNs, IP ranges or VPCs. Following AWS's
 * own definition, a condition limits only with a positive operator (StringEquals, ArnLike,
 * IpAddress...; not the negated or ...IfExists forms) and fixed values (no "*", not 0.0.0.0/0).
 */
import type { PolicyDocument } from '../../model/resources.ts';

const LIMITING_KEYS = new Set(
  [
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:userid',
    'aws:SourceIp',
    'aws:SourceVpc',
    'aws:SourceVpce',
  ].map((k) => k.toLowerCase()),
);

const POSITIVE_OPERATORS = new Set(
  [
    'StringEquals',
    'StringEqualsIgnoreCase',
    'StringLike',
    'ArnEquals',
    'ArnLike',
    'IpAddress',
    'ForAnyValue:StringEquals',
    'ForAnyValue:StringLike',
    'ForAllValues:StringEquals',
    'ForAllValues:StringLike',
  ].map((o) => o.toLowerCase()),
);

const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** "*" or {"AWS": "*"} (also inside an array). Service and federated principals are not wildcards. */
export function hasWildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object' && !Array.isArray(principal)) {
    return asArray((principal as Record<string, unknown>).AWS).some((p) => p === '*');
  }
  return false;
}

/** Does this Condition block pin the statement to fixed accounts, orgs, ARNs, IPs or VPCs? */
export function isLimitingCondition(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!POSITIVE_OPERATORS.has(operator.toLowerCase()) || !block || typeof block !== 'object') continue;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      if (!LIMITING_KEYS.has(key.toLowerCase())) continue;
      const values = asArray(value);
      const fixed =
        values.length > 0 &&
        values.every((v) => typeof v === 'string' && !v.includes('*') && !OPEN_CIDRS.has(v));
      if (fixed) return true;
    }
  }
  return false;
}

/** Public statements: Allow, wildcard principal, not limited by a condition. */
export function publicStatements(policy: PolicyDocument): Record<string, unknown>[] {
  return asArray(policy.Statement).filter((s): s is Record<string, unknown> => {
    if (!s || typeof s !== 'object') return false;
    const st = s as Record<string, unknown>;
    return st.Effect === 'Allow' && hasWildcardPrincipal(st.Principal) && !isLimitingCondition(st.Condition);
  });
}

export function isPolicyPublic(policy: PolicyDocument): boolean {
  return publicStatements(policy).length > 0;
}
