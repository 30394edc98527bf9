/**
 * The regional part of the scenario (CloudTrail, Config, GuardDuty, KMS, EC2): a clean baseline at
 * every size, light compliant churn, and an answer key in which every regional check id fails on
 * exactly the planted days and nothing is unplanned, over the whole year.
 */
import { describe, expect, it } from 'vitest';
import { ALL_CHECK_IDS } from '../../controls/checks/index.ts';
import type { CheckId } from '../../controls/checks/index.ts';
import { Resource } from '../../model/resources.ts';
import type { CloudTrailTrail } from '../../model/resources.ts';
import { evaluateReference } from '../../sandbox/reference-checks.ts';
import { makeContext } from '../../sandbox/scenario-context.ts';
import { putRegionalBaseline, refusedRegionResources } from '../../sandbox/scenario-regional.ts';
import { SCENARIO_PRESETS, resolveSize } from '../../sandbox/scenario-sizes.ts';
import type { ScenarioPreset } from '../../sandbox/scenario-sizes.ts';
import { World } from '../../sandbox/scenario-world.ts';
import { buildScenario } from '../../sandbox/scenario.ts';

const REGIONAL_PREFIXES = ['cloudtrail.', 'config.', 'guardduty.', 'kms.', 'ec2.'];
const REGIONAL_CHECKS = ALL_CHECK_IDS.filter((id) => REGIONAL_PREFIXES.some((p) => id.startsWith(p)));
const demo = buildScenario({ seed: 'binder-test', size: 'demo' });
const ci = buildScenario({ seed: 'regional-ci', size: 'ci' });

describe('the regional baseline', () => {
  it.each(Object.keys(SCENARIO_PRESETS) as ScenarioPreset[])('passes every check at size %s, in every region', (preset) => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const ctx = makeContext('baseline', resolveSize(preset), start, 365);
    const w = World.empty('baseline');
    w.beginBulk();
    putRegionalBaseline(ctx, w);
    w.endBulk();
    const rs = w.resources();
    for (const r of rs) Resource.parse(r);
    expect(evaluateReference(rs, start + 2 * 3_600_000)).toEqual([]);
    for (const region of ctx.regions) {
      for (const type of ['aws.cloudtrail.region', 'aws.config.region', 'aws.guardduty.region', 'aws.kms.region', 'aws.ec2.region']) {
        expect(rs.filter((r) => r.type === type && 'region' in r && r.region === region && 'refused' in r && r.refused === null).length, `${type} ${region}`).toBe(1);
      }
      expect(rs.filter((r) => r.type === 'aws.ec2.security-group' && r.region === region && r.groupName === 'default').every((g) => g.type === 'aws.ec2.security-group' && g.ingress.length + g.egress.length === 0)).toBe(true);
    }
    // The estate stays small: at most a few hundred groups and a few dozen keys per region.
    expect(rs.filter((r) => r.type === 'aws.ec2.security-group').length).toBeLessThanOrEqual(ctx.regions.length * 400);
    expect(rs.filter((r) => r.type === 'aws.kms.key').length).toBeLessThanOrEqual(ctx.regions.length * 25);
  });

  it('records the opt-in region as refused, with every other field empty', () => {
    const ctx = makeContext('baseline', resolveSize('demo'), Date.parse('2026-01-01T00:00:00Z'), 365);
    const [ct, cfg, gd, k, e] = refusedRegionResources(ctx, 'ap-east-1');
    const refusal = { errorCode: 'UnrecognizedClientException', errorMessage: 'The security token included in the request is invalid.' };
    expect(ct).toMatchObject({ refused: refusal, trailArns: [] });
    expect(cfg).toMatchObject({ refused: refusal, recorders: [], deliveryChannels: [] });
    expect(gd).toMatchObject({ refused: refusal, detectors: [] });
    expect(k).toMatchObject({ refused: refusal, keyArns: [] });
    expect(e).toMatchObject({ refused: { errorCode: 'AuthFailure', errorMessage: 'AWS was not able to validate the provided access credentials' }, optInStatus: 'not-opted-in', ebsEncryptionByDefault: null, ebsDefaultKmsKeyId: null });
    expect(demo.optInRegion).toBe('ap-east-1');
    expect(demo.collectedRegions).toEqual([...demo.regions, 'ap-east-1']);
  });

  it('churns compliantly: deliveries every day, new security groups now and then, findings raised and archived', () => {
    const trail = (d: number): CloudTrailTrail => demo.stateOn(d).resources.find((r) => r.type === 'aws.cloudtrail.trail' && r.isMultiRegionTrail) as CloudTrailTrail;
    expect(trail(11).status.latestDeliveryTime).not.toBe(trail(10).status.latestDeliveryTime);
    expect(Date.parse(trail(11).status.latestDeliveryTime as string)).toBeLessThan(demo.snapshotTime(11).getTime());
    const groups = (d: number): number => demo.stateOn(d).resources.filter((r) => r.type === 'aws.ec2.security-group').length;
    expect(groups(364)).toBeGreaterThan(groups(0));
    const findings = demo.guardDutyFindings(demo.regions[0] as string, 364);
    expect(findings.filter((f) => f.finding.severity >= 7 && f.archived).length).toBeGreaterThan(10);
    expect(findings.some((f) => !f.archived && f.finding.severity < 7)).toBe(true);
  });
});

describe('the regional answer key', () => {
  for (const [label, scenario] of [
    ['demo', demo],
    ['ci', ci],
  ] as const) {
    it(`${label}: every regional check fails at least once, nothing is unplanned`, () => {
      const key = scenario.answerKey;
      expect(key.filter((e) => e.plantId === null)).toEqual([]);
      const seen = new Set(key.map((e) => e.checkId));
      expect(REGIONAL_CHECKS.filter((id) => !seen.has(id))).toEqual([]);
      expect(REGIONAL_CHECKS.length).toBe(22);
    });

    it(`${label}: each regional plant fails its checks from its start day (the finding 7 days later) to its end day`, () => {
      const regional = scenario.plantedViolations.filter((p) => p.expectedChecks.some((c) => REGIONAL_PREFIXES.some((x) => c.startsWith(x))));
      expect(regional.length).toBe(20);
      for (const p of regional) {
        const entries = scenario.answerKey.filter((e) => e.plantId === p.id);
        expect([...new Set(entries.map((e) => e.checkId))].sort(), p.id).toEqual([...p.expectedChecks].sort());
        const first = p.id === 'guardduty-finding-untriaged' ? p.startDay + 7 : p.startDay;
        for (const e of entries) {
          expect(e.firstSeen, `${p.id} ${e.checkId} ${e.resourceId}`).toBe(scenario.dayString(first));
          expect(e.fixedAt, `${p.id} ${e.checkId} ${e.resourceId}`).toBe(p.endDay === null ? null : scenario.dayString(p.endDay));
        }
      }
    });
  }

  it('fails the region checks of CloudTrail in every region while the multi-region trail is stopped, except coverage where the single-region trail logs', () => {
    const p = ci.plantedViolations.find((x) => x.id === 'trail-stopped-logging')!;
    const entries = ci.answerKey.filter((e) => e.plantId === p.id);
    const regionOf = (id: string): string => id.split(':')[3] as string;
    const by = (check: CheckId): string[] => entries.filter((e) => e.checkId === check).map((e) => regionOf(e.resourceId)).sort();
    expect(by('cloudtrail.multi-region-trail')).toEqual([...ci.regions].sort());
    expect(by('cloudtrail.region-management-events-logged')).toEqual(ci.regions.filter((r) => r !== ci.regions[1]).sort());
  });

  it('keeps the time-dependent finding failing only after the triage window', () => {
    const e = demo.answerKey.find((x) => x.checkId === 'guardduty.high-findings-triaged')!;
    const d = Math.round((Date.parse(`${e.firstSeen}T00:00:00Z`) - demo.start.getTime()) / 86_400_000);
    const at = (day: number) => evaluateReference(demo.stateOn(day).resources, demo.snapshotTime(day).getTime()).some((f) => f.checkId === 'guardduty.high-findings-triaged');
    expect(at(d)).toBe(true);
    expect(at(d - 1)).toBe(false);
    // Seven days in the reference's own settings: a longer window moves the first failing day.
    expect(evaluateReference(demo.stateOn(d).resources, demo.snapshotTime(d).getTime(), { accessKeyUnusedDays: 90, passwordUnusedDays: 90, accessKeyMaxAgeDays: 90, minPasswordLength: 14, passwordReusePrevention: 24, maxPasswordAgeDays: 90, findingTriageDays: 8 }).some((f) => f.checkId === 'guardduty.high-findings-triaged')).toBe(false);
  });
});
