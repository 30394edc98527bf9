import { describe, expect, it } from 'vitest';
import { ALL_CHECK_IDS } from '../../controls/checks/index.ts';
import { hashOf } from '../../model/canonical-json.ts';
import { Resource } from '../../model/resources.ts';
import type { IamCredentials } from '../../model/resources.ts';
import { compareResources } from '../../model/snapshot.ts';
import { evaluateReference } from '../../sandbox/reference-checks.ts';
import { buildScenario } from '../../sandbox/scenario.ts';

const DAY = 86_400_000;
const demo = buildScenario({ seed: 'binder-test', size: 'demo' });

describe('buildScenario determinism', () => {
  it('gives the same account and the same state for the same seed', () => {
    const again = buildScenario({ seed: 'binder-test', size: 'demo' });
    expect(again.accountId).toBe(demo.accountId);
    for (const d of [0, 57, 200, 364]) expect(hashOf(again.stateOn(d))).toBe(hashOf(demo.stateOn(d)));
  });

  it('gives a different organization for a different seed', () => {
    const other = buildScenario({ seed: 'another-seed', size: 'demo' });
    expect(other.accountId).not.toBe(demo.accountId);
    expect(other.accountId).toMatch(/^[1-9]\d{11}$/);
    expect(hashOf(other.stateOn(0))).not.toBe(hashOf(demo.stateOn(0)));
  });

  it('answers any day the same whatever order days are asked in', () => {
    const fresh = buildScenario({ seed: 'binder-test', size: 'demo' });
    const late = hashOf(fresh.stateOn(300));
    const early = hashOf(fresh.stateOn(12));
    expect(hashOf(fresh.stateOn(300))).toBe(late);
    expect(early).toBe(hashOf(demo.stateOn(12)));
    expect(late).toBe(hashOf(demo.stateOn(300)));
  });

  it('rejects days outside the scenario and bad options with a message naming the field', () => {
    expect(() => demo.stateOn(365)).toThrow(/day must be an integer in 0\.\.364/);
    expect(() => buildScenario({ seed: 's', size: { users: 3, groups: 4, roles: 4, customerPolicies: 6, buckets: 8 } })).toThrow(/size\.users/);
    expect(() => buildScenario({ seed: 's', size: 'demo', start: new Date('2026-01-01T05:00:00Z') })).toThrow(/midnight UTC/);
  });
});

describe('scenario states', () => {
  it('validate against the model schemas, sorted by (type, id) with unique ids', () => {
    for (let d = 0; d < demo.days; d += 13) {
      const { resources, accountId } = demo.stateOn(d);
      expect(accountId).toBe(demo.accountId);
      for (const r of resources) Resource.parse(r);
      for (let i = 1; i < resources.length; i++) expect(compareResources(resources[i - 1] as Resource, resources[i] as Resource)).toBeLessThan(0);
    }
  });

  it('holds no policyStatusIsPublic: binder no longer writes it, so the world does not either', () => {
    for (const d of [0, 70, 364]) {
      for (const r of demo.stateOn(d).resources) if (r.type === 'aws.s3.bucket') expect('policyStatusIsPublic' in r, r.name).toBe(false);
    }
  });

  it('holds the preset populations on day 0', () => {
    const rs = demo.stateOn(0).resources;
    const count = (t: string): number => rs.filter((r) => r.type === t).length;
    expect(count('aws.iam.user')).toBe(40);
    expect(count('aws.iam.credentials')).toBe(41); // plus root
    expect(count('aws.iam.group')).toBe(8);
    expect(count('aws.iam.role')).toBe(10);
    expect(rs.filter((r) => r.type === 'aws.iam.policy' && !r.isAwsManaged).length).toBe(12);
    expect(count('aws.s3.bucket')).toBe(8);
    expect(rs.some((r) => r.id === demo.callerArn && r.type === 'aws.iam.user')).toBe(true);
  });

  it('passes every check on day 0 (the clean organization)', () => {
    expect(evaluateReference(demo.stateOn(0).resources, demo.snapshotTime(0).getTime())).toEqual([]);
  });

  it('churns: users join and leave, keys rotate and get used over the year', () => {
    const first = new Set(demo.stateOn(0).resources.filter((r) => r.type === 'aws.iam.user').map((r) => r.id));
    const last = new Set(demo.stateOn(364).resources.filter((r) => r.type === 'aws.iam.user').map((r) => r.id));
    expect([...last].filter((id) => !first.has(id)).length).toBeGreaterThan(5);
    expect([...first].filter((id) => !last.has(id)).length).toBeGreaterThan(5);
    const rowsChanged = (a: number, b: number): number => {
      const before = new Map(demo.stateOn(a).resources.filter((r) => r.type === 'aws.iam.credentials').map((r) => [r.id, hashOf(r)]));
      return demo.stateOn(b).resources.filter((r) => r.type === 'aws.iam.credentials' && before.has(r.id) && before.get(r.id) !== hashOf(r)).length;
    };
    const daily = rowsChanged(100, 101);
    expect(daily).toBeGreaterThan(0);
    expect(daily).toBeLessThan(20); // each user active every 7-14 days, not daily
  });
});

describe('answer key', () => {
  const key = demo.answerKey;

  it('has no failure that no planted violation explains (the clean org passes everything else)', () => {
    expect(key.filter((e) => e.plantId === null)).toEqual([]);
  });

  it('lists, for each planted violation, exactly the checks it is expected to fail', () => {
    for (const plant of demo.plantedViolations) {
      const checks = [...new Set(key.filter((e) => e.plantId === plant.id).map((e) => e.checkId))].sort();
      expect(checks, plant.id).toEqual([...plant.expectedChecks].sort());
    }
    expect(demo.plantedViolations.length).toBeGreaterThanOrEqual(15);
  });

  it('uses known check ids, dates in range, fixedAt after firstSeen, and the resource exists on firstSeen', () => {
    const first = demo.dayString(0);
    const last = demo.dayString(demo.days - 1);
    for (const e of key) {
      expect(ALL_CHECK_IDS).toContain(e.checkId);
      expect(e.firstSeen >= first && e.firstSeen <= last).toBe(true);
      if (e.fixedAt !== null) expect(e.fixedAt > e.firstSeen && e.fixedAt <= last).toBe(true);
      const day = Math.round((Date.parse(`${e.firstSeen}T00:00:00Z`) - demo.start.getTime()) / DAY);
      expect(demo.stateOn(day).resources.some((r) => r.type === e.resourceType && r.id === e.resourceId), `${e.checkId} ${e.resourceId}`).toBe(true);
    }
  });

  it('spreads violations across the year and leaves one open at year end', () => {
    const months = new Set(key.map((e) => e.firstSeen.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(8);
    expect(key.filter((e) => e.fixedAt === null).map((e) => e.checkId)).toEqual(['s3.bucket-access-logging']);
  });

  it('agrees with a full evaluation of each day (incremental and full readings match)', () => {
    for (const e of key) {
      const d = Math.round((Date.parse(`${e.firstSeen}T00:00:00Z`) - demo.start.getTime()) / DAY);
      const failing = (day: number): boolean =>
        evaluateReference(demo.stateOn(day).resources, demo.snapshotTime(day).getTime()).some((f) => f.checkId === e.checkId && f.resourceId === e.resourceId);
      expect(failing(d)).toBe(true);
      expect(failing(d - 1)).toBe(false);
      if (e.fixedAt) {
        const fixed = Math.round((Date.parse(`${e.fixedAt}T00:00:00Z`) - demo.start.getTime()) / DAY);
        expect(failing(fixed)).toBe(false);
        expect(failing(fixed - 1)).toBe(true);
      }
    }
  });

  it('dates the un-rotated key from the 90-day rule at the 02:00 UTC snapshot', () => {
    const e = key.find((x) => x.plantId === 'access-key-not-rotated');
    expect(e).toBeDefined();
    const d = Math.round((Date.parse(`${e!.firstSeen}T00:00:00Z`) - demo.start.getTime()) / DAY);
    const row = demo.stateOn(d).resources.find((r) => r.type === 'aws.iam.credentials' && r.id === e!.resourceId) as IamCredentials;
    expect(row.accessKey1.lastRotated.kind).toBe('date');
    const rotated = Date.parse((row.accessKey1.lastRotated as { value: string }).value);
    expect(demo.snapshotTime(d).getTime() - rotated).toBeGreaterThan(90 * DAY);
    expect(demo.snapshotTime(d - 1).getTime() - rotated).toBeLessThanOrEqual(90 * DAY);
    // Changes happen after 03:00 UTC, so a capture up to an hour late judges the same.
    expect(demo.snapshotTime(d - 1).getTime() + 3_599_000 - rotated).toBeLessThanOrEqual(90 * DAY);
  });

  it('stays clean for other seeds and a small custom size over a shorter period', () => {
    const s = buildScenario({ seed: 'other', size: { users: 25, groups: 5, roles: 5, customerPolicies: 8, buckets: 9 }, days: 120, start: new Date('2026-07-01T00:00:00Z') });
    expect(s.answerKey.length).toBeGreaterThan(5);
    expect(s.answerKey.filter((e) => e.plantId === null)).toEqual([]);
    expect(s.answerKey.every((e) => e.firstSeen >= '2026-07-01' && e.firstSeen <= s.dayString(119))).toBe(true);
  });
});
