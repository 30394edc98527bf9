/**
 * Endpoint from the environment (AWS_ENDPOINT_URL, read natively by the SDK; S3 path style and
 * the S3 Control host fix follow it), and the bounded credential report polling.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configuredEndpoint } from '../../../collectors/aws/clients.ts';
import { collectSnapshot } from '../../../collectors/collect-snapshot.ts';
import { AwsSourceConfig } from '../../../config/schema.ts';
import { ManualClock } from '../../../model/clock.ts';
import { buildScenario } from '../../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../../sandbox/server.ts';
import { FAST, resourceDiff } from '../sandbox-harness.ts';

const scenario = buildScenario({ seed: 'collectors-env', size: 'demo', days: 5 });
let sandbox: SandboxHandle;
const saved = process.env.AWS_ENDPOINT_URL;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day: 1, port: 0 });
});
afterEach(() => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = saved;
});
afterAll(async () => sandbox?.close());

const collect = (source: AwsSourceConfig, extra: object = {}) =>
  collectSnapshot({
    source,
    scheduledFor: scenario.snapshotTime(1),
    clock: new ManualClock(scenario.snapshotTime(1)),
    credentials: SANDBOX_CREDENTIALS,
    ...FAST,
    ...extra,
  });

describe('configuredEndpoint', () => {
  it('prefers the source, then the per-service variable, then AWS_ENDPOINT_URL, unless ignored', () => {
    const env = { AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_S3_CONTROL: 'http://b:2' };
    expect(configuredEndpoint({ endpoint: 'http://src:3' }, 'S3_CONTROL', env)).toBe('http://src:3');
    expect(configuredEndpoint({}, 'S3_CONTROL', env)).toBe('http://b:2');
    expect(configuredEndpoint({}, 'IAM', env)).toBe('http://a:1');
    expect(configuredEndpoint({}, 'IAM', { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toBeNull();
  });
});

describe('collectSnapshot with the sandbox', () => {
  it('gives up polling a credential report that is not ready after maxPolls, with a typed error', async () => {
    // A fresh sandbox answers the first GenerateCredentialReport with STARTED.
    await expect(
      collect(AwsSourceConfig.parse({ name: 'env', endpoint: sandbox.endpoint }), {
        reportPoll: { maxPolls: 1, initialDelayMs: 1 },
      }),
    ).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'GenerateCredentialReport',
      code: 'CredentialReportNotReady',
    });
  });

  it('reaches every service through AWS_ENDPOINT_URL when the source names no endpoint', async () => {
    process.env.AWS_ENDPOINT_URL = sandbox.endpoint;
    const snapshot = await collect(AwsSourceConfig.parse({ name: 'env', regions: scenario.collectedRegions }));
    expect(resourceDiff(scenario.stateOn(1).resources, snapshot.resources)).toEqual([]);
    expect(snapshot.provenance.endpoint).toBe(sandbox.endpoint);
  });
});
