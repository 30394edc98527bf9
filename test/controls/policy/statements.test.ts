import { describe, expect, it } from 'vitest';
import { normaliseStatements, normalisePrincipal } from '../../../controls/policy/statements.ts';

describe('normaliseStatements', () => {
  it('accepts a single statement object as well as an array', () => {
    const one = normaliseStatements({
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    });
    expect(one).toHaveLength(1);
    expect(one[0]!.actions).toEqual(['s3:GetObject']);
    expect(one[0]!.resources).toEqual(['*']);
  });

  it('keeps NotAction and NotResource apart from Action and Resource', () => {
    const [s] = normaliseStatements({
      Statement: [{ Effect: 'Allow', NotAction: 'iam:*', NotResource: ['arn:x'] }],
    });
    expect(s!.actions).toBeNull();
    expect(s!.notActions).toEqual(['iam:*']);
    expect(s!.resources).toBeNull();
    expect(s!.notResources).toEqual(['arn:x']);
  });

  it('skips statements whose Effect is neither Allow nor Deny and keeps document positions', () => {
    const list = normaliseStatements({
      Statement: [
        { Effect: 'allow', Action: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*', Sid: 'D' },
      ],
    });
    expect(list).toHaveLength(1);
    expect(list[0]!.index).toBe(1);
    expect(list[0]!.sid).toBe('D');
  });

  it('returns nothing for a null document or a missing Statement', () => {
    expect(normaliseStatements(null)).toEqual([]);
    expect(normaliseStatements({ Version: '2012-10-17' })).toEqual([]);
  });

  it('flattens conditions into operator/key/values with values as strings', () => {
    const [s] = normaliseStatements({
      Statement: {
        Effect: 'Deny',
        Action: 's3:*',
        Resource: '*',
        Condition: {
          Bool: { 'aws:SecureTransport': false },
          IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] },
        },
      },
    });
    expect(s!.conditions).toEqual([
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
      { operator: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8', '192.168.0.0/16'] },
    ]);
  });
});

describe('normalisePrincipal', () => {
  it.each([
    ['"*"', '*', true],
    ['{"AWS": "*"}', { AWS: '*' }, true],
    ['{"AWS": [account, "*"]}', { AWS: ['arn:aws:iam::111122223333:root', '*'] }, true],
    ['{"AWS": account}', { AWS: 'arn:aws:iam::111122223333:root' }, false],
    ['{"Service": ...}', { Service: 'cloudtrail.amazonaws.com' }, false],
    ['{"Federated": ...}', { Federated: 'cognito-identity.amazonaws.com' }, false],
  ])('%s is any principal: %s', (_label, value, expected) => {
    expect(normalisePrincipal(value)!.any).toBe(expected);
  });

  it('keeps service and federated principals by kind', () => {
    const p = normalisePrincipal({ Service: ['a.amazonaws.com', 'b.amazonaws.com'], Federated: 'idp' })!;
    expect(p.service).toEqual(['a.amazonaws.com', 'b.amazonaws.com']);
    expect(p.federated).toEqual(['idp']);
  });
});
