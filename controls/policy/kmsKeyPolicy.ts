/**
 * A KMS key policy open to anyone: an Allow statement granting all of "kms:*" (Action "kms:*" or
 * "*", or a NotAction naming no kms action) to a wildcard principal ("*", {"AWS": "*"}, or
 * NotPrincipal, as in wildcardPrincipal.ts), with no condition limiting it to accounts,
 * organisations or calling services.
 *
 * The limiting keys are those of the definition, not all of the bucket-policy reading's: accounts
 * (aws:SourceAccount, aws:SourceOwner, aws:PrincipalAccount, aws:PrincipalArn with a concrete
 * account, kms:CallerAccount as a 12-digit account), organisations (aws:SourceOrgID,
 * aws:SourceOrgPaths, aws:PrincipalOrgID, aws:PrincipalOrgPaths) and calling services
 * (aws:SourceArn, kms:ViaService: any value not made only of wildcards). Network conditions
 * (aws:SourceIp, aws:SourceVpc, aws:SourceVpce) do not limit a key policy here, though they do a
 * bucket policy. This is a KMS-specific reading; LIMITING_CONDITION_KEYS is left as it is, so the
 * S3 checks' results cannot change. Operators and values as there: positive operators only
 * (StringEquals, StringLike, ArnEquals, ArnLike, their IgnoreCase and ForAnyValue: forms), concrete
 * values.
 *
 * An Allow of some kms actions only (kms:Decrypt) to everyone is not "kms:* or *" and is not read
 * as public here. Deny statements never make a policy public and never cancel a public Allow.
 */
import type { PolicyDocument } from '../../model/resources.ts';
import { coversAction } from './allows.ts';
import { normaliseStatements, type ConditionTest, type Statement } from './statements.ts';
import {
  hasWildcardPrincipal,
  isLimitingCondition,
  type LIMITING_CONDITION_KEYS,
} from './wildcardPrincipal.ts';

/** The bucket-policy limiting keys that name accounts, organisations or calling services. */
export const KMS_LIMITING_AWS_KEYS = [
  'aws:SourceAccount',
  'aws:SourceOwner',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
] as const satisfies readonly (typeof LIMITING_CONDITION_KEYS)[number][];

export const KMS_LIMITING_CONDITION_KEYS = [
  ...KMS_LIMITING_AWS_KEYS,
  'kms:CallerAccount',
  'kms:ViaService',
] as const;

const AWS_KEYS = new Set<string>(KMS_LIMITING_AWS_KEYS.map((k) => k.toLowerCase()));
const POSITIVE = new Set(['stringequals', 'stringequalsignorecase', 'stringlike']);

function kmsValueIsConcrete(key: string, value: string): boolean {
  if (key === 'kms:calleraccount') return /^\d{12}$/.test(value);
  return !/^[*?]*$/.test(value);
}

/** True when the condition test limits the requester to accounts, organisations or calling services. */
export function isKmsLimitingCondition(test: ConditionTest): boolean {
  const key = test.key.toLowerCase();
  if (AWS_KEYS.has(key)) return isLimitingCondition(test);
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
