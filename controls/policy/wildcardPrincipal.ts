/**
 * Statements that open a resource policy to anyone: an Allow whose Principal is "*" (or {"AWS": "*"},
 * or a list holding "*"), or an Allow with NotPrincipal ("everyone except"), unless a condition in
 * the same statement limits who can get through it.
 *
 * A condition limits only when all of these hold:
 * - its key is one of LIMITING_CONDITION_KEYS (case-insensitive, as IAM compares keys);
 * - its operator is positive: StringEquals/StringLike/ArnEquals/ArnLike/IpAddress (and the
 *   IgnoreCase and ForAnyValue: forms). Negated operators (StringNotEquals, NotIpAddress) admit
 *   everyone else; "...IfExists" and "ForAllValues:" pass when the key is absent from the request;
 * - it names concrete values: not "*", not 0.0.0.0/0 or ::/0, and for aws:PrincipalArn and
 *   s3:DataAccessPointArn an ARN with a concrete 12-digit account ("arn:aws:iam::*:role/x" lets any
 *   account's role named x in, "arn:aws:s3:*:*:accesspoint/*" any account's access points).
 */
import type { PolicyDocument } from '../../model/resources.ts';
import { normaliseStatements, type ConditionTest, type Statement } from './statements.ts';

export const LIMITING_CONDITION_KEYS = [
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceOwner',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceIp',
  'aws:SourceVpc',
  'aws:SourceVpce',
  // Access-point delegation: the bucket lets any principal in only through the named account's
  // access points (or one access point), whose own policies then decide. S3 counts these as not public.
  's3:DataAccessPointAccount',
  's3:DataAccessPointArn',
] as const;

const LIMITING_KEYS = new Set(LIMITING_CONDITION_KEYS.map((k) => k.toLowerCase()));

const POSITIVE_OPERATORS = new Set(
  ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress'].map((o) =>
    o.toLowerCase(),
  ),
);

const OPEN_VALUES = new Set(['0.0.0.0/0', '::/0']);

function isConcreteValue(key: string, value: string): boolean {
  if (/^[*?]*$/.test(value) || OPEN_VALUES.has(value)) return false;
  if (key === 'aws:principalarn') return /^arn:[^:]+:(iam|sts)::\d{12}:/.test(value);
  if (key === 's3:dataaccesspointarn') return /^arn:[^:]+:s3:[^:]*:\d{12}:accesspoint\//.test(value);
  return true;
}

/** True when this one condition test limits the requester to a known account, org, network or ARN. */
export function isLimitingCondition(test: ConditionTest): boolean {
  const key = test.key.toLowerCase();
  if (!LIMITING_KEYS.has(key)) return false;
  const operator = test.operator.toLowerCase().replace(/^foranyvalue:/, '');
  if (!POSITIVE_OPERATORS.has(operator)) return false;
  return test.values.length > 0 && test.values.every((v) => isConcreteValue(key, v));
}

/** True when the statement's principal is everyone ("*", {"AWS": "*"}) or "everyone except". */
export function hasWildcardPrincipal(s: Statement): boolean {
  return (s.principal?.any ?? false) || s.notPrincipal !== null;
}

/** The Allow statements open to any principal and not limited by a condition. */
export function wildcardPrincipalStatements(doc: PolicyDocument | null | undefined): Statement[] {
  return normaliseStatements(doc).filter(
    (s) => s.effect === 'Allow' && hasWildcardPrincipal(s) && !s.conditions.some(isLimitingCondition),
  );
}

export function allowsWildcardPrincipal(doc: PolicyDocument | null | undefined): boolean {
  return wildcardPrincipalStatements(doc).length > 0;
}
