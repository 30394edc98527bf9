/**
 * Reads one bucket's configuration in its own region: 11 calls, each recorded in provenance.
 * "Not configured" answers become null (and outcome 'not-configured'), never failures.
 * The first call (GetBucketAcl) runs alone, so a bucket in another region costs one redirected
 * call, not eleven; the other ten run concurrently under the shared call limiter.
 */
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { PolicyDocument, S3Bucket, S3Grant } from '../../model/resources.ts';
import type { Limiter } from '../limit-concurrency.ts';
import { AwsCallError } from './aws-call-error.ts';
import type { ProvenanceRecorder } from './provenance-recorder.ts';

export interface BucketReadContext {
  client: S3Client;
  region: string;
  recorder: ProvenanceRecorder;
  limit: Limiter;
  partition: string;
}

export const BUCKET_CALLS_PER_BUCKET = 11;

const GRANTEE_TYPES = new Set(['CanonicalUser', 'Group', 'AmazonCustomerByEmail']);
const PERMISSIONS = new Set(['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP']);

export async function readBucketConfig(
  ctx: BucketReadContext,
  name: string,
  creationDate: string,
): Promise<S3Bucket> {
  const { client, region, recorder, limit } = ctx;
  const spec = (operation: string) => ({
    service: 's3' as const,
    operation,
    region,
    params: { Bucket: name },
  });
  const call = <T>(operation: string, fn: () => Promise<T>) => limit(() => recorder.run(spec(operation), fn));
  const optional = <T>(operation: string, code: string, fn: () => Promise<T>) =>
    limit(() => recorder.runOptional({ ...spec(operation), notConfigured: [code] }, fn));
  const bad = (operation: string, detail: string) =>
    new AwsCallError('s3', operation, region, 'UnexpectedResponse', null, `bucket ${name}: ${detail}`);

  const acl = await call('GetBucketAcl', async () => {
    const out = await client.send(new GetBucketAclCommand({ Bucket: name }));
    const grants: S3Grant[] = (out.Grants ?? []).map((g) => {
      const type = g.Grantee?.Type ?? '';
      const permission = g.Permission ?? '';
      if (!GRANTEE_TYPES.has(type)) throw bad('GetBucketAcl', `grantee type "${type}"`);
      if (!PERMISSIONS.has(permission)) throw bad('GetBucketAcl', `permission "${permission}"`);
      return {
        granteeType: type as S3Grant['granteeType'],
        granteeId: g.Grantee?.ID ?? null,
        granteeUri: g.Grantee?.URI ?? null,
        permission: permission as S3Grant['permission'],
      };
    });
    return { ownerId: out.Owner?.ID ?? '', grants };
  });

  const [
    encryption,
    versioning,
    publicAccessBlock,
    policy,
    logging,
    objectLock,
    lifecycleRules,
    replication,
    ownershipControls,
    notifications,
  ] = await allSettledOrThrow([
    optional('GetBucketEncryption', 'ServerSideEncryptionConfigurationNotFoundError', async () => {
      const rules =
        (await client.send(new GetBucketEncryptionCommand({ Bucket: name })))
          .ServerSideEncryptionConfiguration?.Rules ?? [];
      return rules.flatMap((r) =>
        r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm
          ? [
              {
                sseAlgorithm: r.ApplyServerSideEncryptionByDefault.SSEAlgorithm as string,
                kmsMasterKeyId: r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID ?? null,
                bucketKeyEnabled: r.BucketKeyEnabled ?? false,
              },
            ]
          : [],
      );
    }),
    call('GetBucketVersioning', async () => {
      const out = await client.send(new GetBucketVersioningCommand({ Bucket: name }));
      return {
        status: (out.Status ?? 'Never') as S3Bucket['versioning']['status'],
        mfaDelete: (out.MFADelete ?? 'Never') as S3Bucket['versioning']['mfaDelete'],
      };
    }),
    optional('GetPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration', async () => {
      const c =
        (await client.send(new GetPublicAccessBlockCommand({ Bucket: name })))
          .PublicAccessBlockConfiguration ?? {};
      return {
        blockPublicAcls: c.BlockPublicAcls ?? false,
        ignorePublicAcls: c.IgnorePublicAcls ?? false,
        blockPublicPolicy: c.BlockPublicPolicy ?? false,
        restrictPublicBuckets: c.RestrictPublicBuckets ?? false,
      };
    }),
    optional('GetBucketPolicy', 'NoSuchBucketPolicy', async () => {
      const text = (await client.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy;
      if (!text) throw bad('GetBucketPolicy', 'empty Policy');
      try {
        const doc = JSON.parse(text) as unknown;
        if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a JSON object');
        return doc as PolicyDocument;
      } catch (err) {
        throw bad('GetBucketPolicy', `policy is not a JSON object (${(err as Error).message})`);
      }
    }),
    call('GetBucketLogging', async () => {
      const l = (await client.send(new GetBucketLoggingCommand({ Bucket: name }))).LoggingEnabled;
      return l?.TargetBucket ? { targetBucket: l.TargetBucket, targetPrefix: l.TargetPrefix ?? '' } : null;
    }),
    optional('GetObjectLockConfiguration', 'ObjectLockConfigurationNotFoundError', async () => {
      const c = (await client.send(new GetObjectLockConfigurationCommand({ Bucket: name })))
        .ObjectLockConfiguration;
      const r = c?.Rule?.DefaultRetention;
      return {
        enabled: c?.ObjectLockEnabled === 'Enabled',
        defaultRetention: r?.Mode
          ? { mode: r.Mode as 'GOVERNANCE' | 'COMPLIANCE', days: r.Days ?? null, years: r.Years ?? null }
          : null,
      };
    }),
    optional('GetBucketLifecycleConfiguration', 'NoSuchLifecycleConfiguration', async () => {
      const rules =
        (await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name }))).Rules ?? [];
      return rules.map((r) => ({ id: r.ID ?? null, status: r.Status as 'Enabled' | 'Disabled' }));
    }),
    optional('GetBucketReplication', 'ReplicationConfigurationNotFoundError', async () => {
      const c = (await client.send(new GetBucketReplicationCommand({ Bucket: name })))
        .ReplicationConfiguration;
      return {
        role: c?.Role ?? '',
        rules: (c?.Rules ?? []).map((r) => ({
          id: r.ID ?? null,
          status: r.Status as 'Enabled' | 'Disabled',
          destinationBucket: r.Destination?.Bucket ?? '',
        })),
      };
    }),
    optional('GetBucketOwnershipControls', 'OwnershipControlsNotFoundError', async () => {
      const rules =
        (await client.send(new GetBucketOwnershipControlsCommand({ Bucket: name }))).OwnershipControls
          ?.Rules ?? [];
      return rules[0]?.ObjectOwnership ?? null;
    }),
    call('GetBucketNotificationConfiguration', async () => {
      const n = await client.send(new GetBucketNotificationConfigurationCommand({ Bucket: name }));
      return {
        topicCount: n.TopicConfigurations?.length ?? 0,
        queueCount: n.QueueConfigurations?.length ?? 0,
        lambdaCount: n.LambdaFunctionConfigurations?.length ?? 0,
        eventBridgeEnabled: n.EventBridgeConfiguration !== undefined,
      };
    }),
  ]);

  return {
    type: 'aws.s3.bucket',
    id: `arn:${ctx.partition}:s3:::${name}`,
    name,
    region,
    creationDate,
    encryption,
    versioning,
    publicAccessBlock,
    policy,
    acl,
    logging,
    objectLock,
    lifecycleRules,
    replication,
    ownershipControls: ownershipControls ?? null,
    notifications,
  };
}

/**
 * Like Promise.all, but waits for every call to settle before throwing the first failure, so a
 * retried bucket read never overlaps with stragglers of the failed attempt.
 */
async function allSettledOrThrow<T extends readonly unknown[]>(
  promises: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return (await Promise.all(promises)) as unknown as T;
}
