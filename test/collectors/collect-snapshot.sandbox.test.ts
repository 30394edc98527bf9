/**
 * collectSnapshot through the real AWS SDK against the local sandbox: the snapshot holds exactly
 * the scenario's resources of the day, with provenance, within the call budget, and survives
 * throttling, server errors and dropped connections with identical content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/canonical-json.ts';
import { resourcesOfType } from '../../model/resources.ts';
import { Snapshot } from '../../model/snapshot.ts';
import { TOOL } from '../../model/version.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { collectDay, requestCounts, resourceDiff } from './sandbox-harness.ts';

const scenario = buildScenario({ seed: 'collectors-it', size: 'demo', days: 240 });
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day: 0, port: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('collectSnapshot against the sandbox', () => {
  it.each([0, 200])('holds exactly the scenario resources of day %i', async (day) => {
    const snapshot = await collectDay(scenario, sandbox, day);
    expect(resourceDiff(scenario.stateOn(day).resources, snapshot.resources)).toEqual([]);
    expect(snapshot.resources).toEqual(scenario.stateOn(day).resources); // same order too
  });

  it('records provenance: identity, tool, times, every call with request ids and a final last page', async () => {
    const day = 26; // a bucket without a public access block that day
    const snapshot = await collectDay(scenario, sandbox, day);
    expect(Snapshot.parse(snapshot)).toEqual(snapshot);
    const p = snapshot.provenance;
    expect(p).toMatchObject({
      tool: TOOL,
      source: 'sandbox',
      accountId: scenario.accountId,
      callerArn: scenario.callerArn,
      partition: 'aws',
      endpoint: sandbox.endpoint,
      scheduledFor: scenario.snapshotTime(day).toISOString(),
    });
    expect(p.regions).toEqual(
      [
        ...new Set(
          resourcesOfType(snapshot.resources, 'aws.s3.bucket')
            .map((b) => b.region)
            .concat(scenario.collectedRegions),
        ),
      ].sort(),
    );
    expect(p.credentialReportGeneratedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    for (const [type, n] of Object.entries(p.counts))
      expect(snapshot.resources.filter((r) => r.type === type).length).toBe(n);
    for (const c of p.calls) {
      expect(['ok', 'not-configured'], `${c.operation} ${JSON.stringify(c.params)}`).toContain(c.outcome);
      expect(c.requestIds.length).toBeGreaterThan(0);
    }
    const gaad = p.calls.filter((c) => c.operation === 'GetAccountAuthorizationDetails');
    expect(gaad).toHaveLength(1);
    expect(gaad[0]).toMatchObject({
      service: 'iam',
      params: { MaxItems: 1000 },
      lastPageFinal: true,
      outcome: 'ok',
    });
    expect(p.calls.find((c) => c.operation === 'ListBuckets')).toMatchObject({
      lastPageFinal: true,
      outcome: 'ok',
    });
    expect(p.calls.find((c) => c.service === 's3control')).toMatchObject({
      operation: 'GetPublicAccessBlock',
      params: { AccountId: scenario.accountId },
    });
    // "Not configured" answers are recorded as facts with their AWS code, one per null setting.
    const fieldOps = {
      encryption: ['GetBucketEncryption', 'ServerSideEncryptionConfigurationNotFoundError'],
      publicAccessBlock: ['GetPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration'],
      policy: ['GetBucketPolicy', 'NoSuchBucketPolicy'],
      objectLock: ['GetObjectLockConfiguration', 'ObjectLockConfigurationNotFoundError'],
      lifecycleRules: ['GetBucketLifecycleConfiguration', 'NoSuchLifecycleConfiguration'],
      replication: ['GetBucketReplication', 'ReplicationConfigurationNotFoundError'],
      ownershipControls: ['GetBucketOwnershipControls', 'OwnershipControlsNotFoundError'],
    } as const;
    const expected = resourcesOfType(snapshot.resources, 'aws.s3.bucket').flatMap((b) =>
      Object.entries(fieldOps)
        .filter(([field]) => b[field as keyof typeof fieldOps] === null)
        .map(([, [op, code]]) => `${b.name} ${op} ${code}`),
    );
    expect(expected.length).toBeGreaterThan(0);
    const accountBlock = resourcesOfType(snapshot.resources, 'aws.s3.account-public-access-block')[0]!;
    if (accountBlock.config === null)
      expected.push(`${scenario.accountId} GetPublicAccessBlock NoSuchPublicAccessBlockConfiguration`);
    // The opt-in region's refusals are facts too: one per regional service (regional-services test).
    const notConfigured = p.calls
      .filter((c) => c.outcome === 'not-configured' && c.region !== scenario.optInRegion)
      .map((c) => `${String(c.params.Bucket ?? c.params.AccountId)} ${c.operation} ${c.errorCode}`);
    expect(notConfigured.sort()).toEqual(expected.sort());
  });

  it('stays within the call budget: IAM <= ceil(entities/1000)+10, S3 <= 11 per bucket + ListBuckets pages, no per-entity IAM calls', async () => {
    const from = sandbox.requestLog.length;
    const snapshot = await collectDay(scenario, sandbox, 10);
    const counts = requestCounts(sandbox, from);
    const entities = snapshot.resources.filter((r) =>
      ['aws.iam.user', 'aws.iam.group', 'aws.iam.role', 'aws.iam.policy'].includes(r.type),
    ).length;
    const buckets = resourcesOfType(snapshot.resources, 'aws.s3.bucket').length;
    expect(counts.iam).toBeLessThanOrEqual(Math.ceil(entities / 1000) + 10);
    expect(counts.s3).toBeLessThanOrEqual(11 * buckets + Math.ceil(buckets / 1000));
    expect(counts.sts).toBe(1);
    expect(counts.s3control).toBe(1);
    const ops = new Set(sandbox.requestLog.slice(from).map((e) => e.operation));
    for (const perEntity of [
      'ListUsers',
      'ListAttachedUserPolicies',
      'GetUserPolicy',
      'ListAccessKeys',
      'GetBucketPolicyStatus',
      'GetBucketLocation',
    ]) {
      expect(ops.has(perEntity), perEntity).toBe(false);
    }
  });

  it('completes a throttling storm and 5xx bursts with identical content and the retries recorded', async () => {
    const day = 20;
    const clean = await collectDay(scenario, sandbox, day);
    sandbox.faults.configure({
      throttle: { iam: { ratePerSec: 20, burst: 2 }, s3: { ratePerSec: 150, burst: 5 } },
    });
    sandbox.faults.script({ operation: 'GetAccountAuthorizationDetails', kind: '5xx', count: 2 });
    sandbox.faults.script({ service: 's3', afterMatches: 15, kind: '5xx', count: 6 });
    sandbox.faults.script({ operation: 'GetCredentialReport', kind: 'throttle', count: 2 });
    const from = sandbox.requestLog.length;
    let stormy;
    try {
      stormy = await collectDay(scenario, sandbox, day);
    } finally {
      sandbox.faults.configure({});
    }
    const failedRequests = sandbox.requestLog
      .slice(from)
      .filter((e) => e.status >= 500 || e.errorCode === 'Throttling' || e.errorCode === 'SlowDown');
    expect(failedRequests.length).toBeGreaterThanOrEqual(10);
    expect(canonicalJson(stormy.resources)).toBe(canonicalJson(clean.resources));
    const retries = stormy.provenance.calls.reduce((n, c) => n + c.retries, 0);
    expect(retries).toBeGreaterThanOrEqual(
      failedRequests.length - stormy.provenance.calls.filter((c) => c.outcome === 'error').length,
    );
    expect(
      stormy.provenance.calls.find(
        (c) => c.operation === 'GetAccountAuthorizationDetails' && c.outcome === 'ok',
      )!.retries,
    ).toBeGreaterThanOrEqual(2);
  });

  it('retries a connection dropped mid-pagination without duplicate or missing entities', async () => {
    // 1,100 users: GetAccountAuthorizationDetails takes two pages of 1,000.
    const big = buildScenario({
      seed: 'collectors-gaad',
      size: { users: 1100, groups: 4, roles: 4, customerPolicies: 6, buckets: 8 },
      days: 3,
    });
    const sb = await startSandbox({ scenario: big, day: 1, port: 0 });
    try {
      // Drop the second page three times: more than the SDK's 2 attempts, so the whole paginated
      // operation is restarted from the first page.
      sb.faults.script({
        operation: 'GetAccountAuthorizationDetails',
        afterMatches: 1,
        kind: 'drop',
        count: 3,
      });
      const snapshot = await collectDay(big, sb, 1, { maxAttempts: 2 });
      expect(
        sb.requestLog.filter((e) => e.operation === 'GetAccountAuthorizationDetails' && e.status === 0),
      ).toHaveLength(3);
      expect(resourceDiff(big.stateOn(1).resources, snapshot.resources)).toEqual([]);
      const gaad = snapshot.provenance.calls.filter((c) => c.operation === 'GetAccountAuthorizationDetails');
      expect(gaad.map((c) => c.outcome)).toEqual(['error', 'ok']);
      expect(gaad[1]).toMatchObject({ pages: 2, lastPageFinal: true });
      expect(gaad[1]!.retries).toBeGreaterThanOrEqual(1);
    } finally {
      await sb.close();
    }
  });

  it('puts no secret-looking value in the snapshot', async () => {
    const json = canonicalJson(await collectDay(scenario, sandbox, 5));
    expect(json).not.toContain(SANDBOX_CREDENTIALS.secretAccessKey);
    expect(json).not.toContain(SANDBOX_CREDENTIALS.accessKeyId);
    expect(json).not.toMatch(/SecretAccessKey|SessionToken|secret_access_key|x-amz-security-token/i);
    expect(json).not.toMatch(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/); // AWS secret key shape
    expect(json).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/); // access key ids are not kept either
  });

  it('fails with a typed error naming the operation when the credentials are rejected', async () => {
    await expect(
      collectDay(scenario, sandbox, 0, {
        credentials: generateFakeCredentials(),
      }),
    ).rejects.toMatchObject({
      name: 'AwsCallError',
      service: 'sts',
      operation: 'GetCallerIdentity',
      code: 'InvalidClientTokenId',
    });
  });
});
