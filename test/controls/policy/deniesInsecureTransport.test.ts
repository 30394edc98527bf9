import { describe, expect, it } from 'vitest';
import { deniesInsecureTransport } from '../../../controls/policy/deniesInsecureTransport.ts';
import { doc } from '../fixtures.ts';

const tlsDeny = (action: unknown, condition: Record<string, unknown>) =>
  doc({
    Effect: 'Deny',
    Principal: '*',
    Action: action,
    Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
    Condition: condition,
  });
const insecure = { Bool: { 'aws:SecureTransport': 'false' } };

describe('deniesInsecureTransport', () => {
  it.each([
    ['Deny s3:* on SecureTransport "false"', tlsDeny('s3:*', insecure), true],
    ['Deny "*"', tlsDeny('*', insecure), true],
    ['Deny ["s3:*"] with boolean false', tlsDeny(['s3:*'], { Bool: { 'aws:SecureTransport': false } }), true],
    ['BoolIfExists', tlsDeny('s3:*', { BoolIfExists: { 'aws:SecureTransport': 'false' } }), true],
    ['only s3:GetObject denied', tlsDeny('s3:GetObject', insecure), false],
    ['SecureTransport "true"', tlsDeny('s3:*', { Bool: { 'aws:SecureTransport': 'true' } }), false],
    ['no condition', doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }), false],
    [
      'an Allow on SecureTransport',
      doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: insecure }),
      false,
    ],
  ])('%s: %s', (_label, policy, expected) => {
    expect(deniesInsecureTransport(policy)).toBe(expected);
  });
});
