import { describe, expect, it } from 'vitest';
import { isFullAdmin } from '../../../controls/policy/isFullAdmin.ts';
import { allow, deny, doc } from '../fixtures.ts';

describe('isFullAdmin', () => {
  it.each([
    ['Action "*" on "*"', doc(allow('*', '*')), true],
    ['Action ["*"] on ["*"]', doc(allow(['*'], ['*'])), true],
    ['Action "*:*"', doc(allow('*:*')), true],
    [
      'conditional Allow of "*" (conditions narrow when, not what)',
      doc(allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
      true,
    ],
    ['Allow "*" beside a Deny (not subtracted)', doc(allow('*'), deny('iam:*')), true],
    ['service wildcard only', doc(allow('s3:*')), false],
    ['"*" on a narrower resource', doc(allow('*', 'arn:aws:s3:::data/*')), false],
    ['"*" with NotResource', doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::x' }), false],
    [
      'NotAction iam:* (PowerUserAccess shape)',
      doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }),
      false,
    ],
    [
      'NotAction iam:* plus Allow iam:* on "*"',
      doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, allow('iam:*')),
      true,
    ],
    [
      'NotAction iam:* plus Allow iam:* on one role only',
      doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, allow('iam:*', 'arn:aws:iam::1:role/x')),
      false,
    ],
    ['Deny "*" on "*"', doc(deny('*')), false],
  ])('%s: %s', (_label, policy, expected) => {
    expect(isFullAdmin(policy)).toBe(expected);
  });
});
