import { describe, expect, it } from 'vitest';
import { ResourceState } from '../../../controls/period/resource-state.ts';
import { accountBpa, bucket } from './fakes.ts';

describe('ResourceState', () => {
  it('applies changes and gives checks an index in (type, id) order, also after additions', () => {
    const state = new ResourceState([bucket('b'), bucket('d'), accountBpa(false)]);
    state.apply([
      {
        kind: 'added',
        type: 'aws.s3.bucket',
        id: 'arn:aws:s3:::a',
        before: null,
        after: bucket('a'),
        beforeSha256: null,
        afterSha256: null,
      },
      {
        kind: 'removed',
        type: 'aws.s3.bucket',
        id: 'arn:aws:s3:::d',
        before: bucket('d'),
        after: null,
        beforeSha256: null,
        afterSha256: null,
      },
      {
        kind: 'changed',
        type: 'aws.s3.account-public-access-block',
        id: accountBpa(true).id,
        before: accountBpa(false),
        after: accountBpa(true),
        beforeSha256: null,
        afterSha256: null,
      },
    ]);
    expect(state.size).toBe(3);
    const index = state.snapshotIndex();
    expect(index.resources.map((r) => r.id)).toEqual([
      `arn:aws:s3:::account/123456789012`,
      'arn:aws:s3:::a',
      'arn:aws:s3:::b',
    ]);
    expect(index.single('aws.s3.account-public-access-block')!.config).not.toBeNull();
  });

  it('computes the changes to a full resource list', () => {
    const state = new ResourceState([bucket('a'), bucket('b')]);
    const changes = state.changesTo([
      bucket('a', { logging: { targetBucket: 'logs', targetPrefix: '' } }),
      bucket('c'),
    ]);
    expect(changes.map((c) => [c.kind, c.id])).toEqual([
      ['changed', 'arn:aws:s3:::a'],
      ['removed', 'arn:aws:s3:::b'],
      ['added', 'arn:aws:s3:::c'],
    ]);
  });
});
