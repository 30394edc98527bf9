import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  NoSuchBucket,
  paginateListBuckets,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource, S3Bucket } from '../../model/resources.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { startSandbox } from '../../sandbox/server.ts';
import type { SandboxHandle } from '../../sandbox/server.ts';
import { editedScenario } from './edited-scenario.ts';
import { s3Client, s3ControlClient } from './sdk-clients.ts';

const scenario = buildScenario({ seed: 's3-wire', size: 'demo' });
const publicAcl = scenario.plantedViolations.find((p) => p.id === 'bucket-public-acl');
const DAY = (publicAcl?.startDay as number) + 2; // account BPA off, one bucket public by ACL
const buckets = (day: number): S3Bucket[] => scenario.stateOn(day).resources.filter((r): r is S3Bucket => r.type === 'aws.s3.bucket');
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day: DAY });
});
afterAll(async () => {
  await sandbox.close();
});

describe('ListBuckets', () => {
  it('pages through every bucket exactly once with its region', async () => {
    const seen: { name: string; region: string }[] = [];
    let pages = 0;
    for await (const p of paginateListBuckets({ client: s3Client(sandbox), pageSize: 3 }, {})) {
      pages++;
      seen.push(...(p.Buckets ?? []).map((b) => ({ name: b.Name as string, region: b.BucketRegion as string })));
    }
    expect(pages).toBe(Math.ceil(buckets(DAY).length / 3));
    expect(seen).toEqual(buckets(DAY).map((b) => ({ name: b.name, region: b.region })));
  });
});

describe('bucket configuration reads', () => {
  it('return what the state holds for a clean bucket', async () => {
    const b = buckets(DAY).find((x) => x.region === 'us-east-1' && x.id !== publicAcl?.subjects[0]?.resourceId) as S3Bucket;
    const s3 = s3Client(sandbox);
    const Bucket = b.name;
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket }))).PolicyStatus?.IsPublic).toBe(false);
    expect(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy as string)).toEqual(b.policy);
    const acl = await s3.send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Owner?.ID).toBe(scenario.ownerCanonicalId);
    expect(acl.Grants).toEqual([{ Grantee: { Type: 'CanonicalUser', ID: scenario.ownerCanonicalId }, Permission: 'FULL_CONTROL' }]);
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toEqual({ TargetBucket: b.logging?.targetBucket, TargetPrefix: b.logging?.targetPrefix });
    expect((await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration?.ObjectLockEnabled).toBe('Enabled');
    expect((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules?.map((r) => ({ id: r.ID, status: r.Status }))).toEqual(b.lifecycleRules);
    const rep = await s3.send(new GetBucketReplicationCommand({ Bucket }));
    expect(rep.ReplicationConfiguration?.Rules?.map((r) => ({ id: r.ID, status: r.Status, destinationBucket: r.Destination?.Bucket }))).toEqual(b.replication?.rules);
    expect((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe('BucketOwnerEnforced');
    const n = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }));
    expect({
      topicCount: n.TopicConfigurations?.length ?? 0,
      queueCount: n.QueueConfigurations?.length ?? 0,
      lambdaCount: n.LambdaFunctionConfigurations?.length ?? 0,
      eventBridgeEnabled: n.EventBridgeConfiguration !== undefined,
    }).toEqual(b.notifications);
    expect((await s3.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint).toBeUndefined();
    expect((await s3.send(new HeadBucketCommand({ Bucket }))).BucketRegion).toBe('us-east-1');
  });

  it('show the planted public ACL and the missing bucket Block Public Access', async () => {
    const name = (publicAcl?.subjects[0]?.resourceId as string).replace('arn:aws:s3:::', '');
    const s3 = s3Client(sandbox);
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: name }));
    expect(acl.Grants).toContainEqual({ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' });
    await expect(s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration', $metadata: { httpStatusCode: 404 } });
  });

  it('answer "not configured" as the errors the SDK names', async () => {
    const bare = editedScenario(scenario, (rs: Resource[]) =>
      rs.map((r) =>
        r.type === 'aws.s3.bucket'
          ? { ...r, encryption: null, policy: null, objectLock: null, lifecycleRules: null, replication: null, ownershipControls: null, publicAccessBlock: null, logging: null, versioning: { status: 'Never' as const, mfaDelete: 'Never' as const } }
          : r,
      ),
    );
    const s = await startSandbox({ scenario: bare, day: 0 });
    try {
      const s3 = s3Client(s);
      const Bucket = (buckets(0).find((b) => b.region === 'us-east-1') as S3Bucket).name;
      const expectError = async (p: Promise<unknown>, name: string): Promise<void> => {
        await expect(p).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 404 } });
      };
      await expectError(s3.send(new GetBucketEncryptionCommand({ Bucket })), 'ServerSideEncryptionConfigurationNotFoundError');
      await expectError(s3.send(new GetBucketPolicyCommand({ Bucket })), 'NoSuchBucketPolicy');
      await expectError(s3.send(new GetBucketPolicyStatusCommand({ Bucket })), 'NoSuchBucketPolicy');
      await expectError(s3.send(new GetPublicAccessBlockCommand({ Bucket })), 'NoSuchPublicAccessBlockConfiguration');
      await expectError(s3.send(new GetObjectLockConfigurationCommand({ Bucket })), 'ObjectLockConfigurationNotFoundError');
      await expectError(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), 'NoSuchLifecycleConfiguration');
      await expectError(s3.send(new GetBucketReplicationCommand({ Bucket })), 'ReplicationConfigurationNotFoundError');
      await expectError(s3.send(new GetBucketOwnershipControlsCommand({ Bucket })), 'OwnershipControlsNotFoundError');
      const v = await s3.send(new GetBucketVersioningCommand({ Bucket }));
      expect(v.Status).toBeUndefined();
      expect((await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it('answers NoSuchBucket for an unknown bucket and NotImplemented for object reads', async () => {
    const s3 = s3Client(sandbox);
    const err = await s3.send(new GetBucketAclCommand({ Bucket: 'no-such-bucket-here' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSuchBucket);
    await expect(s3.send(new GetObjectCommand({ Bucket: buckets(DAY)[0]?.name as string, Key: 'a.txt' }))).rejects.toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
  });
});

describe('regions', () => {
  const foreign = buckets(DAY).find((b) => b.region !== 'us-east-1') as S3Bucket;

  it('redirects a request signed for the wrong region with 301 PermanentRedirect and x-amz-bucket-region', async () => {
    const err = (await s3Client(sandbox).send(new GetBucketAclCommand({ Bucket: foreign.name })).catch((e: unknown) => e)) as {
      name: string;
      $metadata: { httpStatusCode: number };
      $response?: { headers: Record<string, string> };
    };
    expect(err.name).toBe('PermanentRedirect');
    expect(err.$metadata.httpStatusCode).toBe(301);
    expect(err.$response?.headers['x-amz-bucket-region']).toBe(foreign.region);
    // GetBucketLocation answers from any region, as in S3.
    expect((await s3Client(sandbox).send(new GetBucketLocationCommand({ Bucket: foreign.name }))).LocationConstraint).toBe(foreign.region);
  });

  it('serves the bucket to a client of its region, or to one that follows redirects', async () => {
    expect((await s3Client(sandbox, { region: foreign.region }).send(new GetBucketVersioningCommand({ Bucket: foreign.name }))).Status).toBe('Enabled');
    expect((await s3Client(sandbox, { followRegionRedirects: true }).send(new GetBucketVersioningCommand({ Bucket: foreign.name }))).Status).toBe('Enabled');
  });
});

describe('S3 Control', () => {
  it('GetPublicAccessBlock reaches the sandbox through a host-rewriting middleware; missing config is NoSuchPublicAccessBlockConfiguration', async () => {
    const control = s3ControlClient(sandbox);
    await expect(control.send(new GetAccountPublicAccessBlockCommand({ AccountId: scenario.accountId }))).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration', $metadata: { httpStatusCode: 404 } });
    sandbox.setDay(0);
    try {
      const out = await control.send(new GetAccountPublicAccessBlockCommand({ AccountId: scenario.accountId }));
      expect(out.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      await expect(control.send(new GetAccountPublicAccessBlockCommand({ AccountId: '111122223333' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    } finally {
      sandbox.setDay(DAY);
    }
    const last = sandbox.requestLog.filter((e) => e.service === 's3control').map((e) => [e.operation, e.status]);
    expect(last).toEqual([
      ['GetPublicAccessBlock', 404],
      ['GetPublicAccessBlock', 200],
      ['GetPublicAccessBlock', 403],
    ]);
  });
});
