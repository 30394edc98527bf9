/**
 * A KMS key policy open to anyone: an Allow statement granting all of "kms:*" (Action "kms:*" or
 * "*", or a NotAction naming no kms action) to a wildcard principal ("*", {"AWS": "*"}, or
 * NotPrincipal), with no condition limiting who gets through it.
 *
 * The limiting conditions are those of the bucket-policy reading (wildcardPrincipal.ts:
 * aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn with a concrete
 * account, ...) plus two KMS keys: kms:CallerAccount (a 12-digit account) and kms:ViaService (a
 * service endpoint; any value not made only of wildcards). These two are added here, not to
 * LIMITING_CONDITION_KEYS, so the S3 checks' results cannot change. Operators as there: positive
 * ones only (StringEquals, StringLike, their IgnoreCase and ForAnyValue: forms).
 *
 * An Allow of some kms actions only (kms:Decrypt) to everyone is not "kms:* or *" and is not read
 * as public here. Deny statements never make a policy public and never cancel a public Allow.
 */
import type { PolicyDocument } from '../../model/resources.ts';
import { coversAction } from './allows.ts';
import { normaliseStatements, type ConditionTest, type Statement } from './statements.ts';
import { hasWildcardPrincipal, isLimitingCondition } from './wildcardPrincipal.ts';

export const KMS_LIMITING_CONDITION_KEYS = ['kms:CallerAccount', 'kms:ViaService'] as const;

const POSITIVE = new Set(['stringequals', 'stringequalsignorecase', 'stringlike']);

function kmsValueIsConcrete(key: string, value: string): boolean {
  if (key === 'kms:calleraccount') return /^\d{12}$/.test(value);
  return !/^[*?]*$/.test(value);
}

/** True when the condition test limits the requester: a bucket-policy limiting key, or a KMS one. */
export function isKmsLimitingCondition(test: ConditionTest): boolean {
  if (isLimitingCondition(test)) return true;
  const key = test.key.toLowerCase();
  if (key !== 'kms:calleraccount' && key !== 'kms:viaservice') return false;
  const operator = test.operator.toLowerCase().replace(/^foranyvalue:/, '');
  if (!POSITIVE.has(operator)) return false;
  return test.values.length > 0 && test.values.every((v) => kmsValueIsConcrete(key, v));
}

/** The Allow statements that grant kms:* to any principal without a limiting condition. */
export function publicKmsStatements(doc: PolicyDocument | null | undefined): Statement[] {
  return normaliseStatements(doc).filter(
    (s) =>
      s.effect === 'Allow' &&
      coversAction(s, 'kms:*') &&
      hasWildcardPrincipal(s) &&
      !s.conditions.some(isKmsLimitingCondition),
  );
}
