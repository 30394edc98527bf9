/**
 * CloudTrail, AWS Config, GuardDuty, KMS and EC2 through the real SDK clients against the sandbox:
 * what they answer, read back into the model's shapes, is the scenario's world state of the day
 * (clean days and planted ones), pages are honoured at small page sizes, every region answers,
 * the opt-in region (and any other) is refused as AWS refuses it, and faults apply.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, DescribeSecurityGroupsCommand, EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetFindingsCommand, GuardDutyClient, ListDetectorsCommand, ListFindingsCommand } from '@aws-sdk/client-guardduty';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, GetPublicKeyCommand, KMSClient, ListKeysCommand, SignCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../model/resources.ts';
import { REFUSAL_EC2, REFUSAL_JSON } from '../../sandbox/scenario-regional.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox } from '../../sandbox/server.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import type { SandboxHandle } from '../../sandbox/server.ts';
import { REGIONAL_TYPES, byTypeAndId, cloudTrail, configService, ec2, guardDuty, kms, readRegional } from './regional-sdk.ts';

const scenario = buildScenario({ seed: 'regional-wire', size: 'demo' });
const plantDay = (id: string, offset = 0): number => (scenario.plantedViolations.find((p) => p.id === id)?.startDay as number) + offset;
const worldRegional = (day: number): Resource[] => byTypeAndId(scenario.stateOn(day).resources.filter((r) => REGIONAL_TYPES.includes(r.type)));

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

const failure = async (p: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> => {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
};

describe('the regional services read back as the day of the world', () => {
  const days: [string, () => number][] = [
    ['a clean day', () => 0],
    ['the trail stopped', () => plantDay('trail-stopped-logging', 1)],
    ['a key pending deletion and the recorder narrowed', () => plantDay('kms-key-pending-deletion', 1)],
    ['an untriaged high finding', () => plantDay('guardduty-finding-untriaged', 8)],
    ['the default group with rules, the trail on an unprotected bucket', () => plantDay('default-sg-rules', 0)],
  ];
  it.each(days)('%s', async (_label, day) => {
    const d = day();
    sandbox.setDay(d);
    const read = await readRegional(sandbox, scenario.accountId, scenario.collectedRegions, 2);
    expect(byTypeAndId(read)).toEqual(worldRegional(d));
  });

  it('needs a known number of calls at demo size (pages of 1000 / 50)', async () => {
    sandbox.setDay(0);
    const calls: Record<string, number> = {};
    await readRegional(sandbox, scenario.accountId, scenario.collectedRegions, 1000, calls);
    const keys = scenario.stateOn(0).resources.filter((r) => r.type === 'aws.kms.key');
    expect(calls['kms:DescribeKey']).toBe(keys.length);
    expect(calls['cloudtrail:GetTrailStatus']).toBe(2);
    expect(calls['ec2:DescribeSecurityGroups']).toBe(scenario.regions.length + 1);
  });
});

describe('CloudTrail', () => {
  it('shows a multi-region trail in every region and a single-region trail only at home', async () => {
    sandbox.setDay(0);
    const [home, second] = scenario.regions as [string, string];
    const inHome = (await cloudTrail(sandbox, home).send(new DescribeTrailsCommand({}))).trailList ?? [];
    const inSecond = (await cloudTrail(sandbox, second).send(new DescribeTrailsCommand({}))).trailList ?? [];
    const noShadows = (await cloudTrail(sandbox, second).send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList ?? [];
    expect(inHome.map((t) => t.IsMultiRegionTrail)).toEqual([true]);
    expect(inSecond.length).toBe(2);
    expect(noShadows.map((t) => [t.HomeRegion, t.IsMultiRegionTrail])).toEqual([[second, false]]);
    const main = inHome[0]!;
    // By name only in its home region; a shadow trail must be named by ARN.
    expect((await cloudTrail(sandbox, home).send(new GetTrailStatusCommand({ Name: main.Name }))).IsLogging).toBe(true);
    expect((await cloudTrail(sandbox, second).send(new GetTrailStatusCommand({ Name: main.TrailARN }))).IsLogging).toBe(true);
    expect(await failure(cloudTrail(sandbox, second).send(new GetTrailStatusCommand({ Name: main.Name })))).toMatchObject({ name: 'TrailNotFoundException', status: 400 });
    const sel = await cloudTrail(sandbox, home).send(new GetEventSelectorsCommand({ TrailName: main.TrailARN }));
    expect(sel.EventSelectors).toBeUndefined();
    expect(sel.AdvancedEventSelectors?.[0]?.FieldSelectors?.[0]).toEqual({ Field: 'eventCategory', Equals: ['Management'] });
  });

  it('reports the stopped trail on the planted days', async () => {
    sandbox.setDay(plantDay('trail-stopped-logging'));
    const home = scenario.regions[0] as string;
    const [main] = (await cloudTrail(sandbox, home).send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList ?? [];
    const st = await cloudTrail(sandbox, home).send(new GetTrailStatusCommand({ Name: main!.TrailARN }));
    expect(st.IsLogging).toBe(false);
    expect(st.StopLoggingTime).toBeInstanceOf(Date);
  });
});

describe('GuardDuty findings', () => {
  it('filters on severity and archived, pages by maxResults and gets up to 50 findings', async () => {
    sandbox.setDay(200);
    const region = scenario.regions[0] as string;
    const gd = guardDuty(sandbox, region);
    const [detectorId] = (await gd.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    const all: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const p = await gd.send(new ListFindingsCommand({ DetectorId: detectorId, MaxResults: 3, NextToken: token }));
      all.push(...(p.FindingIds ?? []));
      token = p.NextToken;
      pages++;
    } while (token);
    const visible = scenario.guardDutyFindings(region, 200);
    expect(all.sort()).toEqual(visible.map((f) => f.finding.id).sort());
    expect(pages).toBe(Math.ceil(visible.length / 3));
    const archived = (await gd.send(new ListFindingsCommand({ DetectorId: detectorId, FindingCriteria: { Criterion: { 'service.archived': { Eq: ['true'] }, severity: { Gte: 7 } } } }))).FindingIds ?? [];
    expect(archived.sort()).toEqual(visible.filter((f) => f.archived && f.finding.severity >= 7).map((f) => f.finding.id));
    expect(archived.length).toBeGreaterThan(3); // high findings are archived within the triage window
    const got = (await gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: archived.slice(0, 2) }))).Findings ?? [];
    expect(got.map((f) => [f.Service?.Archived, (f.Severity ?? 0) >= 7])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(await failure(gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: Array.from({ length: 51 }, (_, i) => `f${i}`) })))).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(await failure(gd.send(new ListFindingsCommand({ DetectorId: 'nope' })))).toMatchObject({ name: 'BadRequestException' });
  });
});

describe('KMS', () => {
  it('lists the account keys in pages, refuses rotation status where AWS does, and still signs with the ledger key', async () => {
    sandbox.setDay(plantDay('kms-key-pending-deletion'));
    const region = scenario.regions[0] as string;
    const client = kms(sandbox, region);
    const pages: number[] = [];
    let marker: string | undefined;
    const keys: string[] = [];
    do {
      const p = await client.send(new ListKeysCommand({ Limit: 4, Marker: marker }));
      pages.push(p.Keys?.length ?? 0);
      keys.push(...(p.Keys ?? []).map((k) => k.KeyArn as string));
      marker = p.Truncated ? p.NextMarker : undefined;
    } while (marker);
    const world = scenario.stateOn(sandbox.day()).resources.filter((r) => r.type === 'aws.kms.key' && r.region === region);
    expect(keys.sort()).toEqual(world.map((k) => k.id).sort());
    expect(pages.slice(0, -1).every((n) => n === 4)).toBe(true);
    const ledgerArn = `arn:aws:kms:${region}:${scenario.accountId}:key/${scenario.ledgerKeyId}`;
    expect(keys).toContain(ledgerArn);
    expect(await failure(client.send(new GetKeyRotationStatusCommand({ KeyId: ledgerArn })))).toMatchObject({ name: 'UnsupportedOperationException', status: 400 });
    const pending = world.find((k) => k.type === 'aws.kms.key' && k.keyState === 'PendingDeletion');
    expect(pending).toBeDefined();
    expect(await failure(client.send(new GetKeyRotationStatusCommand({ KeyId: pending!.id })))).toMatchObject({ name: 'KMSInvalidStateException' });
    expect((await client.send(new DescribeKeyCommand({ KeyId: pending!.id }))).KeyMetadata).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false });
    expect(await failure(client.send(new ListKeysCommand({ Marker: 'garbage' })))).toMatchObject({ name: 'InvalidMarkerException' });
    // The ledger key: by alias, signed with as before.
    const described = await client.send(new DescribeKeyCommand({ KeyId: 'alias/binder-ledger' }));
    expect(described.KeyMetadata).toMatchObject({ KeyId: scenario.ledgerKeyId, KeySpec: 'ECC_NIST_EDWARDS25519', KeyManager: 'CUSTOMER', KeyState: 'Enabled' });
    const pub = await client.send(new GetPublicKeyCommand({ KeyId: 'alias/binder-ledger' }));
    expect(pub.KeyId).toBe(ledgerArn);
    const sig = await client.send(new SignCommand({ KeyId: 'alias/binder-ledger', Message: Buffer.from('hello'), SigningAlgorithm: 'ED25519_SHA_512', MessageType: 'RAW' }));
    expect(sig.Signature?.length).toBe(64);
    // In another region the ledger key is not listed.
    const elsewhere = (await kms(sandbox, scenario.regions[1] as string).send(new ListKeysCommand({}))).Keys ?? [];
    expect(elsewhere.map((k) => k.KeyId)).not.toContain(scenario.ledgerKeyId);
  });
});

describe('EC2', () => {
  it('pages security groups, lists regions with their opt-in status, and answers EBS defaults per region', async () => {
    sandbox.setDay(0);
    const region = scenario.regions[1] as string;
    const client = ec2(sandbox, region);
    let token: string | undefined;
    let pages = 0;
    const ids: string[] = [];
    do {
      const p = await client.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: token }));
      ids.push(...(p.SecurityGroups ?? []).map((g) => g.GroupId as string));
      token = p.NextToken;
      pages++;
    } while (token);
    const world = scenario.stateOn(0).resources.filter((r) => r.type === 'aws.ec2.security-group' && r.region === region);
    expect(ids.length).toBe(world.length);
    expect(pages).toBe(Math.ceil(world.length / 5));
    expect(await failure(client.send(new DescribeSecurityGroupsCommand({ MaxResults: 2 })))).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    const defaults = (await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }))).SecurityGroups ?? [];
    expect(defaults.map((g) => [g.GroupName, g.IpPermissions, g.IpPermissionsEgress])).toEqual(world.filter((g) => g.type === 'aws.ec2.security-group' && g.groupName === 'default').map(() => ['default', [], []]));
    expect(await failure(client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:Name', Values: ['x'] }] })))).toMatchObject({ name: 'InvalidParameterValue' });
    const all = (await client.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions ?? [];
    expect(all.find((r) => r.RegionName === scenario.optInRegion)?.OptInStatus).toBe('not-opted-in');
    for (const r of scenario.regions) expect(all.find((x) => x.RegionName === r)?.OptInStatus).toBe('opt-in-not-required');
    const enabled = (await client.send(new DescribeRegionsCommand({}))).Regions ?? [];
    expect(enabled.map((r) => r.RegionName).sort()).toEqual([...scenario.regions].sort());
    const off = scenario.plantedViolations.find((p) => p.id === 'ebs-default-encryption-off')!;
    const offRegion = scenario.regions[scenario.regions.length - 1] as string;
    sandbox.setDay(off.startDay);
    expect((await ec2(sandbox, offRegion).send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);
    expect((await ec2(sandbox, scenario.regions[0] as string).send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
  });
});

describe('regions the account has not enabled', () => {
  it.each([scenario.optInRegion, 'eu-central-1'])('%s: every regional service refuses as AWS does', async (region) => {
    sandbox.setDay(0);
    const json = { name: REFUSAL_JSON.errorCode, message: REFUSAL_JSON.errorMessage, status: 400 };
    expect(await failure(cloudTrail(sandbox, region).send(new DescribeTrailsCommand({})))).toEqual(json);
    expect(await failure(configService(sandbox, region).send(new DescribeConfigurationRecordersCommand({})))).toEqual(json);
    expect(await failure(guardDuty(sandbox, region).send(new ListDetectorsCommand({})))).toEqual(json);
    expect(await failure(kms(sandbox, region).send(new ListKeysCommand({})))).toEqual(json);
    expect(await failure(ec2(sandbox, region).send(new DescribeSecurityGroupsCommand({})))).toEqual({ name: REFUSAL_EC2.errorCode, message: REFUSAL_EC2.errorMessage, status: 401 });
  });

  it('are recorded in the world exactly as a reading of the refusals gives them', () => {
    const refused = scenario.stateOn(0).resources.filter((r) => 'refused' in r && r.refused !== null);
    expect(refused.map((r) => [r.type, (r as { region: string }).region, (r as { refused: { errorCode: string } }).refused.errorCode]).sort()).toEqual(
      [
        ['aws.cloudtrail.region', scenario.optInRegion, 'UnrecognizedClientException'],
        ['aws.config.region', scenario.optInRegion, 'UnrecognizedClientException'],
        ['aws.ec2.region', scenario.optInRegion, 'AuthFailure'],
        ['aws.guardduty.region', scenario.optInRegion, 'UnrecognizedClientException'],
        ['aws.kms.region', scenario.optInRegion, 'UnrecognizedClientException'],
      ].sort(),
    );
  });
});

describe('authentication', () => {
  it('verifies the SigV4 signature of every regional service, refusing in its own shape', async () => {
    sandbox.setDay(0);
    const region = scenario.regions[0] as string;
    const wrongSecret = { accessKeyId: SANDBOX_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' };
    const unknownKey = generateFakeCredentials(); // made now: a key id this sandbox was never given
    const json = { name: 'InvalidSignatureException', status: 400 };
    expect(await failure(new CloudTrailClient({ endpoint: sandbox.endpoint, region, credentials: wrongSecret, maxAttempts: 1 }).send(new DescribeTrailsCommand({})))).toMatchObject(json);
    expect(await failure(new KMSClient({ endpoint: sandbox.endpoint, region, credentials: wrongSecret, maxAttempts: 1 }).send(new ListKeysCommand({})))).toMatchObject(json);
    expect(await failure(new GuardDutyClient({ endpoint: sandbox.endpoint, region, credentials: wrongSecret, maxAttempts: 1 }).send(new ListDetectorsCommand({})))).toMatchObject({ name: 'InvalidSignatureException', status: 403 });
    expect(await failure(new EC2Client({ endpoint: sandbox.endpoint, region, credentials: wrongSecret, maxAttempts: 1 }).send(new GetEbsEncryptionByDefaultCommand({})))).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(await failure(new ConfigServiceClient({ endpoint: sandbox.endpoint, region, credentials: unknownKey, maxAttempts: 1 }).send(new DescribeConfigurationRecordersCommand({})))).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
    expect(await failure(new EC2Client({ endpoint: sandbox.endpoint, region, credentials: unknownKey, maxAttempts: 1 }).send(new GetEbsEncryptionByDefaultCommand({})))).toMatchObject({ name: 'AuthFailure', status: 401 });
  });

  it('shows the ledger key disabled when a test disables it', async () => {
    sandbox.setDay(0);
    const region = scenario.regions[0] as string;
    sandbox.kms.key.enabled = false;
    try {
      const m = (await kms(sandbox, region).send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${region}:${scenario.accountId}:key/${scenario.ledgerKeyId}` }))).KeyMetadata;
      expect(m).toMatchObject({ KeyState: 'Disabled', Enabled: false, KeyManager: 'CUSTOMER' });
    } finally {
      sandbox.kms.key.enabled = true;
    }
  });
});

describe('faults', () => {
  it('throttles each service by its token bucket in its own error shape', async () => {
    sandbox.setDay(0);
    const region = scenario.regions[0] as string;
    sandbox.faults.configure({ throttle: { ec2: { ratePerSec: 0.001, burst: 1 }, guardduty: { ratePerSec: 0.001, burst: 1 }, cloudtrail: { ratePerSec: 0.001, burst: 1 }, config: { ratePerSec: 0.001, burst: 1 } } });
    try {
      const once = { maxAttempts: 1 };
      await ec2(sandbox, region, once).send(new GetEbsEncryptionByDefaultCommand({}));
      expect(await failure(ec2(sandbox, region, once).send(new GetEbsEncryptionByDefaultCommand({})))).toMatchObject({ name: 'RequestLimitExceeded', status: 503 });
      await guardDuty(sandbox, region, once).send(new ListDetectorsCommand({}));
      expect(await failure(guardDuty(sandbox, region, once).send(new ListDetectorsCommand({})))).toMatchObject({ name: 'TooManyRequestsException', status: 429 });
      await cloudTrail(sandbox, region, once).send(new DescribeTrailsCommand({}));
      expect(await failure(cloudTrail(sandbox, region, once).send(new DescribeTrailsCommand({})))).toMatchObject({ name: 'ThrottlingException', status: 400 });
      await configService(sandbox, region, once).send(new DescribeConfigurationRecordersCommand({}));
      expect(await failure(configService(sandbox, region, once).send(new DescribeConfigurationRecordersCommand({})))).toMatchObject({ name: 'ThrottlingException', status: 400 });
    } finally {
      sandbox.faults.configure({});
    }
  });

  it('fails scripted operations, which the SDK retries, and denies others', async () => {
    sandbox.setDay(0);
    const region = scenario.regions[0] as string;
    sandbox.faults.script({ operation: 'GetTrailStatus', kind: '5xx', count: 1 });
    sandbox.faults.script({ operation: 'ListKeys', kind: 'throttle', count: 1 });
    sandbox.faults.script({ operation: 'DescribeSecurityGroups', kind: 'denied', count: 1 });
    const [main] = (await cloudTrail(sandbox, region).send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList ?? [];
    const before = sandbox.requestLog.length;
    expect((await cloudTrail(sandbox, region).send(new GetTrailStatusCommand({ Name: main!.TrailARN }))).IsLogging).toBe(true);
    expect((await kms(sandbox, region).send(new ListKeysCommand({}))).Keys?.length).toBeGreaterThan(0);
    const log = sandbox.requestLog.slice(before).map((e) => [e.service, e.operation, e.status, e.errorCode]);
    expect(log).toEqual([
      ['cloudtrail', 'GetTrailStatus', 500, 'InternalFailure'],
      ['cloudtrail', 'GetTrailStatus', 200, null],
      ['kms', 'ListKeys', 400, 'ThrottlingException'],
      ['kms', 'ListKeys', 200, null],
    ]);
    expect(await failure(ec2(sandbox, region).send(new DescribeSecurityGroupsCommand({})))).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
    expect(sandbox.faults.pendingScripts()).toEqual([]);
  });
});
