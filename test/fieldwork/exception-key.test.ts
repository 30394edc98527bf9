import { describe, expect, it } from 'vitest';
import { exceptionKey } from '../../fieldwork/exception-key.ts';
import { matchesResource } from '../../controls/period/apply-acceptances.ts';

const base = {
  checkId: 'iam.user-mfa',
  source: 'prod',
  resourceType: 'aws.iam.user',
  resourceId: 'arn:aws:iam::123456789012:user/alice',
  firstSeen: '2026-03-01T02:03:00.000Z',
};

describe('exception keys', () => {
  it('are EX- and 10 hex digits, the same for the same check, resource and first failing day', () => {
    const key = exceptionKey(base);
    expect(key).toMatch(/^EX-[0-9a-f]{10}$/);
    // Another capture time on the same UTC day (a later period's evaluation of the same snapshot, a re-run): same key.
    expect(exceptionKey({ ...base, firstSeen: '2026-03-01T23:59:00Z' })).toBe(key);
  });

  it('differ when any part of the identity differs', () => {
    const key = exceptionKey(base);
    const others = [
      { ...base, checkId: 'iam.console-user-mfa' },
      { ...base, source: 'staging' },
      { ...base, resourceType: 'aws.iam.role' },
      { ...base, resourceId: 'arn:aws:iam::123456789012:user/bob' },
      { ...base, firstSeen: '2026-03-02T02:03:00.000Z' },
    ].map(exceptionKey);
    expect(new Set([key, ...others]).size).toBe(6);
  });
});

describe('accepted resource patterns', () => {
  it('match an exact id exactly, and * as any run of characters', () => {
    expect(matchesResource('arn:aws:iam::1:user/breakglass', 'arn:aws:iam::1:user/breakglass')).toBe(true);
    expect(matchesResource('arn:aws:iam::1:user/breakglass', 'arn:aws:iam::1:user/breakglass-2')).toBe(false);
    expect(matchesResource('arn:aws:iam::1:user/breakglass-*', 'arn:aws:iam::1:user/breakglass-2')).toBe(true);
    expect(matchesResource('arn:aws:iam::1:user/breakglass-*', 'arn:aws:iam::1:user/breakglass-')).toBe(true);
    expect(matchesResource('arn:aws:iam::1:user/breakglass-*', 'arn:aws:iam::1:user/admin')).toBe(false);
    expect(matchesResource('arn:aws:s3:::*-public', 'arn:aws:s3:::www-public')).toBe(true);
  });

  it('treat every other character literally (. ? + are not regex)', () => {
    expect(matchesResource('a.b', 'axb')).toBe(false);
    expect(matchesResource('a+b*', 'aab')).toBe(false);
    expect(matchesResource('a?b', 'a?b')).toBe(true);
  });
});
