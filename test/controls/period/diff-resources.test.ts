import { describe, expect, it } from 'vitest';
import { diffResources, same } from '../../../controls/period/diff-resources.ts';
import { canonicalJson } from '../../../model/canonical-json.ts';
import { bucket, PUBLIC_READ_STATEMENT, TLS_STATEMENT } from './fakes.ts';

describe('diffResources', () => {
  it('is empty for equal resources, whatever the key order', () => {
    const a = bucket('x', { policy: { Version: '2012-10-17', Statement: [TLS_STATEMENT] } });
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reversed(x)]),
            )
          : v;
    expect(diffResources(a, reversed(a))).toEqual([]);
  });

  it('shows a changed statement whole, with its index, and a statement added at the end', () => {
    const before = bucket('web', { policy: { Statement: [TLS_STATEMENT, PUBLIC_READ_STATEMENT] } });
    const narrowed = { ...PUBLIC_READ_STATEMENT, Principal: { AWS: 'arn:aws:iam::1:root' } };
    const extra = { Sid: 'Extra', Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: '*' };
    const after = bucket('web', { policy: { Statement: [TLS_STATEMENT, narrowed, extra] } });
    expect(diffResources(before, after)).toEqual([
      { path: 'policy.Statement[1]', before: PUBLIC_READ_STATEMENT, after: narrowed },
      { path: 'policy.Statement[2]', before: null, after: extra },
    ]);
  });

  it('reports nested scalar changes by path, a policy set from nothing, and lists of names whole', () => {
    const before = bucket('b', { versioning: { status: 'Enabled', mfaDelete: 'Disabled' } });
    const after = bucket('b', {
      versioning: { status: 'Suspended', mfaDelete: 'Disabled' },
      policy: { Statement: [] },
    });
    expect(diffResources(before, after)).toEqual([
      { path: 'policy', before: null, after: { Statement: [] } },
      { path: 'versioning.status', before: 'Enabled', after: 'Suspended' },
    ]);
    expect(diffResources({ groups: ['admins', 'dev'] }, { groups: ['dev'] })).toEqual([
      { path: 'groups', before: ['admins', 'dev'], after: ['dev'] },
    ]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(
      diffResources({ c: { 'aws:SecureTransport': 'false' } }, { c: { 'aws:SecureTransport': 'true' } }),
    ).toEqual([{ path: 'c["aws:SecureTransport"]', before: 'false', after: 'true' }]);
  });
});

describe('same', () => {
  it('agrees with comparing canonical JSON, on random values and their mutations', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.3) return [null, true, false, 0, 1, 'a', 'b', undefined][Math.floor(rnd() * 8)];
      if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 3) }, () => [['k', 'l', 'm'][Math.floor(rnd() * 3)]!, value(depth + 1)]));
    };
    let equal = 0;
    for (let i = 0; i < 3000; i++) {
      const a = value(0);
      const b = rnd() < 0.5 ? structuredClone(a) : value(0);
      const wrap = (v: unknown) => [v]; // a bare undefined compares as null, as in an array
      const expected = canonicalJson(wrap(a)) === canonicalJson(wrap(b));
      if (expected) equal++;
      expect(same(a, b), `${canonicalJson(wrap(a))} vs ${canonicalJson(wrap(b))}`).toBe(expected);
    }
    expect(equal).toBeGreaterThan(300); // both answers were exercised
    expect(equal).toBeLessThan(2700);
  });
});
