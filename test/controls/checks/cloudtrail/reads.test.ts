/**
 * The `reads` contract for the CloudTrail checks, the regional checks that look at other resources
 * (trails for the region checks; buckets and the account's Block Public Access for the bucket
 * checks). test/controls/reads-contract.test.ts holds it over the sandbox year; this one holds it
 * over a snapshot built here, so it does not wait for the sandbox to produce regional resources.
 */
import { describe, expect, it } from 'vitest';
import { CheckSettings } from '../../../../config/schema.ts';
import { targetTypes } from '../../../../controls/check.ts';
import { ALL_CHECKS } from '../../../../controls/checks/index.ts';
import { SnapshotIndex } from '../../../../controls/snapshot-index.ts';
import type { Resource, ResourceType } from '../../../../model/resources.ts';
import { AS_OF, accountBpa, bucket } from '../../fixtures.ts';
import { OPT_IN_REFUSAL, ctRegion, status, trail } from './builders.ts';

class RecordingIndex extends SnapshotIndex {
  readonly touched = new Set<ResourceType>();
  override ofType<T extends ResourceType>(type: T): Extract<Resource, { type: T }>[] {
    this.touched.add(type);
    return super.ofType(type);
  }
  override get<T extends ResourceType>(type: T, id: string): Extract<Resource, { type: T }> | undefined {
    this.touched.add(type);
    return super.get(type, id);
  }
  override single<T extends ResourceType>(type: T): Extract<Resource, { type: T }> | undefined {
    this.touched.add(type);
    return super.single(type);
  }
}

const snapshot: Resource[] = [
  trail(),
  trail({ name: 'local', isMultiRegionTrail: false, homeRegion: 'eu-west-1', s3BucketName: 'elsewhere' }),
  trail({ name: 'stopped', status: status({ isLogging: false }), s3BucketName: null }),
  ctRegion('us-east-1'),
  ctRegion('eu-west-1'),
  ctRegion('ap-east-1', { refused: OPT_IN_REFUSAL }),
  bucket({ name: 'audit-logs' }),
  accountBpa(),
];

describe('CloudTrail checks read only what they declare', () => {
  const checks = ALL_CHECKS.filter((c) => c.id.startsWith('cloudtrail.'));

  it('covers the nine CloudTrail checks', () => {
    expect(checks).toHaveLength(9);
  });

  it.each(checks.map((c) => [c.id, c] as const))('%s', (_id, check) => {
    const settings = CheckSettings.parse({});
    const plain = new SnapshotIndex(snapshot);
    const index = new RecordingIndex(snapshot);
    let judged = 0;
    for (const type of targetTypes(check))
      for (const r of plain.ofType(type)) {
        check.evaluate(r as never, { asOf: AS_OF, settings, index });
        judged++;
      }
    expect(judged).toBeGreaterThan(0);
    const declared = new Set(check.reads);
    expect([...index.touched].filter((t) => !declared.has(t))).toEqual([]);
  });
});
