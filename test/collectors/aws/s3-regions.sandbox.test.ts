/**
 * Buckets are read in their own region: through the real SDK against the sandbox, which answers a
 * request signed for the wrong region with a 301 PermanentRedirect naming the bucket's region.
 * A middleware on the listing client edits ListBuckets' BucketRegion to create the situations.
 */
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../collectors/aws/clients.ts';
import { ProvenanceRecorder } from '../../../collectors/aws/provenance-recorder.ts';
import { collectS3 } from '../../../collectors/aws/s3-collector.ts';
import { silentLog } from '../../../collectors/log.ts';
import { ManualClock } from '../../../model/clock.ts';
import { resourcesOfType } from '../../../model/resources.ts';
import { buildScenario } from '../../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../../sandbox/server.ts';
import { sandboxSource } from '../sandbox-harness.ts';

const scenario = buildScenario({ seed: 'collectors-regions', size: 'demo', days: 5 });
const day = 2;
let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day, port: 0 });
});
afterAll(async () => sandbox?.close());

async function collectWithListing(edit: (bucket: { BucketRegion?: string }) => void) {
  const recorder = new ProvenanceRecorder(new ManualClock(scenario.snapshotTime(day)));
  const clients = new AwsClients(sandboxSource(sandbox), { credentials: SANDBOX_CREDENTIALS, recorder });
  const editListing: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const result = await next(args);
    if (context.commandName === 'ListBucketsCommand')
      for (const b of (result.output as { Buckets?: { BucketRegion?: string }[] }).Buckets ?? []) edit(b);
    return result;
  };
  clients
    .s3(clients.homeRegion)
    .middlewareStack.add(editListing, { step: 'initialize', name: 'testEditListing' });
  try {
    const resources = await collectS3({
      clients,
      recorder,
      accountId: scenario.accountId,
      partition: 'aws',
      concurrency: 4,
      log: silentLog,
      retry: { attempts: 2, minDelayMs: 10, maxDelayMs: 50 },
      signal: new AbortController().signal,
    });
    return { resources, calls: recorder.calls() };
  } finally {
    clients.destroy();
  }
}

const expectedS3 = () => scenario.stateOn(day).resources.filter((r) => r.type.startsWith('aws.s3.'));

describe('S3 bucket regions', () => {
  it('reads a bucket listed in the wrong region in the region its redirect names', async () => {
    const elsewhere = resourcesOfType(expectedS3(), 'aws.s3.bucket').filter((b) => b.region !== 'us-east-1');
    expect(elsewhere.length).toBeGreaterThan(0);
    const { resources, calls } = await collectWithListing((b) => (b.BucketRegion = 'us-east-1'));
    expect(resources.sort((a, b) => (a.type + a.id < b.type + b.id ? -1 : 1))).toEqual(expectedS3());
    const redirects = calls.filter((c) => c.errorCode === 'PermanentRedirect');
    expect(redirects.map((c) => c.params.Bucket).sort()).toEqual(elsewhere.map((b) => b.name).sort());
    expect(redirects.every((c) => c.region === 'us-east-1' && c.operation === 'GetBucketAcl')).toBe(true);
    for (const b of elsewhere)
      expect(
        calls
          .filter((c) => c.params.Bucket === b.name && c.outcome !== 'error')
          .every((c) => c.region === b.region),
      ).toBe(true);
  });

  it('asks GetBucketLocation only when ListBuckets gives no BucketRegion', async () => {
    const { resources, calls } = await collectWithListing((b) => delete b.BucketRegion);
    expect(resources.sort((a, b) => (a.type + a.id < b.type + b.id ? -1 : 1))).toEqual(expectedS3());
    const buckets = resourcesOfType(expectedS3(), 'aws.s3.bucket');
    expect(calls.filter((c) => c.operation === 'GetBucketLocation')).toHaveLength(buckets.length);
    expect(calls.filter((c) => c.outcome === 'error')).toEqual([]);
  });
});
