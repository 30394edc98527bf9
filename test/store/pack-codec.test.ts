/** Packs are gzip-streamed line by line, with the bytes gzip of the whole text gives, and read back as written. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/canonical-json.ts';
import { decodePack, encodePack, PACK_FORMAT, type PackOp } from '../../store/pack-codec.ts';
import { SyntheticOrg } from './fixtures.ts';

describe('pack codec', () => {
  const resources = new SyntheticOrg({ users: 400, buckets: 80, roles: 40, groups: 8, policies: 40 }).snapshotFor().resources;
  const ops: PackOp[] = [
    ...resources.map((r) => ({ op: 'put' as const, json: canonicalJson(r) })),
    { op: 'patch', type: 'aws.iam.user', id: 'AIDA1', patch: { set: { name: 'ü' }, unset: ['tags'] } },
    { op: 'remove', type: 'aws.s3.bucket', id: 'gone' },
  ];

  it('streams the same bytes as gzip of the whole text (content addresses do not change)', async () => {
    const text = [JSON.stringify([PACK_FORMAT, 'delta']), ...ops.map((o) => (o.op === 'put' ? o.json : o.op === 'patch' ? JSON.stringify(['~', o.type, o.id, o.patch.set, o.patch.unset]) : JSON.stringify(['-', o.type, o.id])))].join('\n');
    expect(text.length).toBeGreaterThan(1 << 17); // several batches
    expect(Buffer.from(await encodePack('delta', ops, 9)).equals(gzipSync(text, { level: 9 }))).toBe(true);
  });

  it('reads back what it wrote, an empty pack included', async () => {
    expect(decodePack(await encodePack('delta', ops), 'p')).toEqual({ kind: 'delta', ops });
    expect(decodePack(await encodePack('full', []), 'p')).toEqual({ kind: 'full', ops: [] });
  });
});
