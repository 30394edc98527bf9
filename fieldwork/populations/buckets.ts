/**
 * Every S3 bucket as of a date with its posture, as the snapshot recorded it. Facts only: whether
 * a posture passes is the checks' verdict (binder evaluate), not this list's.
 */
import { z } from 'zod';
import { resourcesOfType, type PublicAccessBlockConfig, type S3Bucket } from '../../model/resources.ts';
import { SnapshotRowBase, type AsOfPopulationDefinition } from '../population-types.ts';

export const BucketRow = SnapshotRowBase.extend({
  bucketName: z.string(),
  region: z.string(),
  creationDate: z.string(),
  /** SSE algorithms of the default encryption rules; empty: none configured. */
  encryption: z.array(z.string()),
  kmsKeyIds: z.array(z.string()),
  versioning: z.string(),
  mfaDelete: z.string(),
  /** The bucket's Block Public Access settings that are on; null: none configured. */
  blockPublicAccess: z.array(z.string()).nullable(),
  /** The account's Block Public Access settings that are on; null: none configured. */
  accountBlockPublicAccess: z.array(z.string()).nullable(),
  hasBucketPolicy: z.boolean(),
  /** ACL grants to AllUsers or AuthenticatedUsers, as `group:permission`. */
  aclGroupGrants: z.array(z.string()),
  ownershipControls: z.string().nullable(),
  loggingTarget: z.string().nullable(),
  objectLock: z.string().nullable(),
  lifecycleRulesEnabled: z.number().int(),
  replicationDestinations: z.array(z.string()),
});
export type BucketRow = z.infer<typeof BucketRow>;

function bpa(c: PublicAccessBlockConfig | null | undefined): string[] | null {
  if (!c) return null;
  return (Object.keys(c) as (keyof PublicAccessBlockConfig)[]).filter((k) => c[k]).sort();
}

function objectLock(b: S3Bucket): string | null {
  if (!b.objectLock) return null;
  if (!b.objectLock.enabled) return 'disabled';
  const r = b.objectLock.defaultRetention;
  return r ? `${r.mode} ${r.days !== null ? `${r.days} days` : `${r.years ?? 0} years`}` : 'enabled, no default retention';
}

export const buckets: AsOfPopulationDefinition<BucketRow> = {
  name: 'buckets',
  description: 'every S3 bucket as of a date with its posture: encryption, versioning, Block Public Access (bucket and account), policy, ACL group grants, logging, Object Lock, lifecycle, replication',
  criteria: ['CC6.1', 'CC6.7', 'C1.1'],
  takes: 'as-of',
  evidence: 'snapshot',
  row: BucketRow,
  columns: ['key', 'bucketName', 'region', 'creationDate', 'encryption', 'kmsKeyIds', 'versioning', 'mfaDelete', 'blockPublicAccess', 'accountBlockPublicAccess', 'hasBucketPolicy', 'aclGroupGrants', 'ownershipControls', 'loggingTarget', 'objectLock', 'lifecycleRulesEnabled', 'replicationDestinations', 'resourceType', 'resourceId', 'snapshotId', 'snapshotSha256'],
  excerptTypes: ['aws.s3.bucket'],
  async build({ store, snapshot }) {
    const { resources } = await store.loadSnapshot(snapshot.id);
    const account = resourcesOfType(resources, 'aws.s3.account-public-access-block')[0];
    return resourcesOfType(resources, 'aws.s3.bucket').map((b) => ({
      key: b.name,
      bucketName: b.name,
      region: b.region,
      creationDate: b.creationDate,
      encryption: (b.encryption ?? []).map((e) => e.sseAlgorithm),
      kmsKeyIds: (b.encryption ?? []).map((e) => e.kmsMasterKeyId).filter((k): k is string => k !== null),
      versioning: b.versioning.status,
      mfaDelete: b.versioning.mfaDelete,
      blockPublicAccess: bpa(b.publicAccessBlock),
      accountBlockPublicAccess: bpa(account?.config),
      hasBucketPolicy: b.policy !== null,
      aclGroupGrants: b.acl.grants
        .filter((g) => g.granteeType === 'Group' && g.granteeUri !== null && /\/(AllUsers|AuthenticatedUsers)$/.test(g.granteeUri))
        .map((g) => `${g.granteeUri!.split('/').pop()}:${g.permission}`),
      ownershipControls: b.ownershipControls,
      loggingTarget: b.logging ? `${b.logging.targetBucket}/${b.logging.targetPrefix}` : null,
      objectLock: objectLock(b),
      lifecycleRulesEnabled: (b.lifecycleRules ?? []).filter((r) => r.status === 'Enabled').length,
      replicationDestinations: (b.replication?.rules ?? []).map((r) => r.destinationBucket),
      resourceType: b.type,
      resourceId: b.id,
      snapshotId: snapshot.id,
      snapshotSha256: snapshot.snapshotSha256,
    }));
  },
};
