/**
 * The regional services (CloudTrail, AWS Config, GuardDuty, KMS, EC2) through the real AWS SDK
 * against the sandbox: every configured region is read; the opt-in region the account has not
 * enabled refuses, and that refusal is a fact in each service's region resource (the call's
 * outcome not-configured) rather than a failed snapshot; pagination with small pages; throttling;
 * the snapshot holds exactly the scenario's resources of these types; an error that is not a
 * refusal still fails the snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../../collectors/collect-snapshot.ts';
import { cloudtrailService } from '../../../collectors/aws/cloudtrail-service.ts';
import { configService } from '../../../collectors/aws/config-service.ts';
import { ec2Service } from '../../../collectors/aws/ec2-service.ts';
import { guarddutyService } from '../../../collectors/aws/guardduty-service.ts';
import { kmsService } from '../../../collectors/aws/kms-service.ts';
import { canonicalJson } from '../../../model/canonical-json.ts';
import { ManualClock } from '../../../model/clock.ts';
import type { Resource } from '../../../model/resources.ts';
import { buildScenario } from '../../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../../sandbox/server.ts';
import { FAST, resourceDiff, sandboxSource } from '../sandbox-harness.ts';

const REGIONAL = [cloudtrailService, configService, guarddutyService, kmsService, ec2Service];
const REGIONAL_TYPES = new Set<string>(REGIONAL.flatMap((s) => s.resourceTypes));
const scenario = buildScenario({ seed: 'regional-it', size: 'demo', days: 120 });
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day: 0, port: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

const regional = (resources: readonly Resource[]) => resources.filter((r) => REGIONAL_TYPES.has(r.type));

function collect(day: number, extra: Parameters<typeof collectSnapshot>[0] extends infer O ? Partial<O> : never = {}) {
  sandbox.setDay(day);
  return collectSnapshot({
    source: sandboxSource(sandbox, { regions: scenario.collectedRegions }),
    scheduledFor: scenario.snapshotTime(day),
    clock: new ManualClock(scenario.snapshotTime(day)),
    credentials: SANDBOX_CREDENTIALS,
    services: REGIONAL,
    ...FAST,
    ...extra,
  });
}

describe('regional services against the sandbox', () => {
  it.each([0, 60, 119])('hold exactly the scenario resources of day %i, in every configured region', async (day) => {
    const snapshot = await collect(day);
    expect(resourceDiff(regional(scenario.stateOn(day).resources), snapshot.resources)).toEqual([]);
    const regions = new Set(snapshot.resources.filter((r) => r.type === 'aws.config.region').map((r) => (r as { region: string }).region));
    expect([...regions].sort()).toEqual([...scenario.collectedRegions].sort());
  });

  it('records the opt-in region as refused by every service, as a fact: outcome not-configured, no failed call', async () => {
    const snapshot = await collect(3);
    const refusedRegions = snapshot.resources.filter((r) => r.type.endsWith('.region') && (r as { refused: unknown }).refused !== null);
    expect(refusedRegions.map((r) => r.type).sort()).toEqual(['aws.cloudtrail.region', 'aws.config.region', 'aws.ec2.region', 'aws.guardduty.region', 'aws.kms.region']);
    for (const r of refusedRegions) expect((r as { region: string }).region).toBe(scenario.optInRegion);
    const refusals = snapshot.provenance.calls.filter((c) => c.region === scenario.optInRegion);
    expect(refusals.length).toBe(5); // one probe per service, nothing else asked there
    for (const c of refusals) {
      expect(c.outcome).toBe('not-configured');
      expect(['UnrecognizedClientException', 'AuthFailure']).toContain(c.errorCode);
    }
    expect(snapshot.provenance.calls.filter((c) => c.outcome === 'error')).toEqual([]);
    const ec2 = snapshot.resources.find((r) => r.type === 'aws.ec2.region' && r.region === scenario.optInRegion);
    expect(ec2).toMatchObject({ refused: { errorCode: 'AuthFailure' }, optInStatus: 'not-opted-in', ebsEncryptionByDefault: null });
  });

  it('reads every page: small pages give the same snapshot, each paginated call with a final last page', async () => {
    const snapshot = await collect(30);
    for (const c of snapshot.provenance.calls.filter((c) => c.lastPageFinal !== null && c.outcome === 'ok')) expect(c.lastPageFinal, `${c.service}:${c.operation} ${c.region}`).toBe(true);
    const paginated = new Set(snapshot.provenance.calls.filter((c) => c.lastPageFinal !== null).map((c) => `${c.service}:${c.operation}`));
    expect([...paginated].sort()).toEqual(['ec2:DescribeSecurityGroups', 'guardduty:ListDetectors', 'guardduty:ListFindings', 'kms:ListKeys']);
  });

  it('completes under throttling of every regional service with identical content and the retries recorded', async () => {
    const clean = await collect(45);
    sandbox.faults.configure({ throttle: { cloudtrail: { ratePerSec: 20, burst: 2 }, config: { ratePerSec: 20, burst: 2 }, guardduty: { ratePerSec: 20, burst: 2 }, kms: { ratePerSec: 20, burst: 2 }, ec2: { ratePerSec: 20, burst: 2 } } as never });
    let stormy;
    try {
      stormy = await collect(45);
    } finally {
      sandbox.faults.configure({});
    }
    expect(canonicalJson(stormy.resources)).toBe(canonicalJson(clean.resources));
    expect(stormy.provenance.calls.reduce((n, c) => n + c.retries, 0)).toBeGreaterThan(0);
  });

  it('fails the snapshot when a region answers with an error that is not a refusal', async () => {
    sandbox.faults.script({ operation: 'GetTrailStatus', kind: 'denied', count: 50 });
    try {
      await expect(collect(10)).rejects.toThrow(/cloudtrail:GetTrailStatus .*AccessDenied/);
    } finally {
      sandbox.faults.configure({});
    }
  });
});
