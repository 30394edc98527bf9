import { GetAccountAuthorizationDetailsCommand, GetAccountSummaryCommand, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { GetBucketVersioningCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { isThrottlingError } from '@smithy/core/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../model/clock.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { SANDBOX_CREDENTIALS, startSandbox } from '../../sandbox/server.ts';
import type { SandboxHandle, SandboxOptions } from '../../sandbox/server.ts';
import { iamClient, s3Client, stsClient } from './sdk-clients.ts';

const scenario = buildScenario({ seed: 'faults', size: 'demo' });
let open: SandboxHandle[] = [];
async function sandbox(o: Partial<SandboxOptions> = {}): Promise<SandboxHandle> {
  const s = await startSandbox({ scenario, day: 5, ...o });
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

describe('authentication', () => {
  it('rejects a wrong secret with SignatureDoesNotMatch (IAM and S3)', async () => {
    const s = await sandbox();
    const wrong = { credentials: { ...SANDBOX_CREDENTIALS, secretAccessKey: 'not-the-secret' }, maxAttempts: 1 };
    await expect(iamClient(s, wrong).send(new GetAccountSummaryCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    await expect(s3Client(s, wrong).send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
  });

  it('rejects an unknown access key as IAM/STS and S3 do', async () => {
    const s = await sandbox();
    const unknown = { credentials: generateFakeCredentials(), maxAttempts: 1 };
    await expect(stsClient(s, unknown).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    await expect(s3Client(s, unknown).send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } });
  });

  it('answers an unsigned or garbled request with the AWS error shape', async () => {
    const s = await sandbox();
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetAccountSummary&Version=2010-05-08' };
    const unsigned = await fetch(s.endpoint, form);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await unsigned.text()).toMatch(/<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>MissingAuthenticationToken<\/Code>/);
    const garbled = await fetch(s.endpoint, { ...form, headers: { ...form.headers, authorization: 'AWS4-HMAC-SHA256 Credential=nonsense' } });
    expect(garbled.status).toBe(400);
    expect(await garbled.text()).toContain('<Code>IncompleteSignature</Code>');
    const s3 = await fetch(`${s.endpoint}/some-bucket?acl`);
    expect(s3.status).toBe(403);
    expect(s3.headers.get('x-amz-request-id')).toMatch(/^[0-9A-F]{16}$/);
    expect(await s3.text()).toContain('<Code>AccessDenied</Code>');
    expect(s.requestLog.map((e) => [e.service, e.operation, e.errorCode])).toEqual([
      ['iam', 'GetAccountSummary', 'MissingAuthenticationToken'],
      ['iam', 'GetAccountSummary', 'IncompleteSignature'],
      ['s3', 'GetBucketAcl', 'AccessDenied'],
    ]);
  });
});

describe('faults', () => {
  it('throttles IAM above the rate with a Throttling error the SDK classifies as throttling, and the SDK recovers', async () => {
    const s = await sandbox({ faults: { throttle: { iam: { ratePerSec: 5, burst: 1 } } } });
    await iamClient(s, { maxAttempts: 1 }).send(new GetAccountSummaryCommand({}));
    const err = await iamClient(s, { maxAttempts: 1 }).send(new GetAccountSummaryCommand({})).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    expect(isThrottlingError(err as Parameters<typeof isThrottlingError>[0])).toBe(true);
    const ok = await iamClient(s, { maxAttempts: 6 }).send(new GetAccountSummaryCommand({}));
    expect(ok.SummaryMap?.['Users']).toBeGreaterThan(0);
    expect(s.faults.stats.throttled).toBeGreaterThanOrEqual(1);
  });

  it('answers S3 throttling with 503 SlowDown', async () => {
    const s = await sandbox({ faults: { throttle: { s3: { ratePerSec: 1, burst: 1 } } } });
    await s3Client(s, { maxAttempts: 1 }).send(new ListBucketsCommand({}));
    const err = await s3Client(s, { maxAttempts: 1 }).send(new ListBucketsCommand({})).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    expect(isThrottlingError(err as Parameters<typeof isThrottlingError>[0])).toBe(true);
  });

  it('drops the 2nd GetAccountAuthorizationDetails page once; the paginator retries and still reads everything once', async () => {
    const s = await sandbox();
    s.faults.script({ operation: 'GetAccountAuthorizationDetails', afterMatches: 1, kind: 'drop', count: 1 });
    let entities = 0;
    for await (const p of paginateGetAccountAuthorizationDetails({ client: iamClient(s, { maxAttempts: 3 }), pageSize: 20 }, {})) {
      entities += (p.UserDetailList?.length ?? 0) + (p.GroupDetailList?.length ?? 0) + (p.RoleDetailList?.length ?? 0) + (p.Policies?.length ?? 0);
    }
    const expected = scenario.stateOn(5).resources.filter((r) => ['aws.iam.user', 'aws.iam.group', 'aws.iam.role', 'aws.iam.policy'].includes(r.type)).length;
    expect(entities).toBe(expected);
    const gaad = s.requestLog.filter((e) => e.operation === 'GetAccountAuthorizationDetails').map((e) => e.status);
    expect(gaad.slice(0, 3)).toEqual([200, 0, 200]);
    expect(s.faults.pendingScripts()).toEqual([]);
  });

  it('injects scripted and random server errors that the SDK retries', async () => {
    const s = await sandbox({ faults: { seed: 'x', errorRate: 0.3 } });
    s.faults.script({ operation: 'GetBucketVersioning', kind: '5xx', count: 2 });
    const b = scenario.stateOn(5).resources.find((r) => r.type === 'aws.s3.bucket' && r.region === 'us-east-1') as { name: string };
    const out = await s3Client(s, { maxAttempts: 10 }).send(new GetBucketVersioningCommand({ Bucket: b.name }));
    expect(out.Status).toBe('Enabled');
    expect(out.$metadata.attempts).toBeGreaterThanOrEqual(3);
    const codes = s.requestLog.map((e) => e.errorCode);
    expect(codes.slice(0, 2)).toEqual(['InternalError', 'InternalError']);
    for (let i = 0; i < 20; i++) await stsClient(s, { maxAttempts: 10 }).send(new GetCallerIdentityCommand({}));
    expect(s.requestLog.some((e) => e.service === 'sts' && (e.errorCode === 'InternalFailure' || e.errorCode === 'ServiceUnavailable'))).toBe(true);
  });

  it('delays every response by latencyMs', async () => {
    const s = await sandbox({ faults: { latencyMs: 60 } });
    const t = performance.now();
    await stsClient(s).send(new GetCallerIdentityCommand({}));
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
  });
});

describe('served day', () => {
  it('follows the clock (02:00 UTC snapshot of day d serves day d) until setDay', async () => {
    const clock = new ManualClock(scenario.snapshotTime(3));
    const s = await startSandbox({ scenario, clock });
    open.push(s);
    expect(s.day()).toBe(3);
    clock.advance(86_400_000);
    expect(s.day()).toBe(4);
    clock.set(new Date('2030-01-01T00:00:00Z'));
    expect(s.day()).toBe(scenario.days - 1);
    const users = async (): Promise<number> =>
      (await iamClient(s).send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 1000 }))).UserDetailList?.length ?? 0;
    expect(await users()).toBe(scenario.stateOn(scenario.days - 1).resources.filter((r) => r.type === 'aws.iam.user').length);
    s.setDay(0);
    expect(await users()).toBe(40);
    expect(() => s.setDay(scenario.days)).toThrow(/day must be an integer/);
  });
});
