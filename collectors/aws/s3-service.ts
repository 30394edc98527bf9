/** S3 behind the service seam: every bucket's configuration (read in its own region) and the account's Block Public Access. */
import { collectS3 } from './s3-collector.ts';
import type { AwsServiceCollector } from './service-collector.ts';

export const s3Service: AwsServiceCollector = {
  name: 's3',
  resourceTypes: ['aws.s3.bucket', 'aws.s3.account-public-access-block'],
  operations: {
    's3:ListBuckets': 's3:ListAllMyBuckets',
    // only when ListBuckets does not give BucketRegion (S3-compatible servers)
    's3:GetBucketLocation': 's3:GetBucketLocation',
    's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
    's3:GetBucketVersioning': 's3:GetBucketVersioning',
    's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
    's3:GetBucketPolicy': 's3:GetBucketPolicy',
    's3:GetBucketAcl': 's3:GetBucketAcl',
    's3:GetBucketLogging': 's3:GetBucketLogging',
    's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
    's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
    's3:GetBucketReplication': 's3:GetReplicationConfiguration',
    's3:GetBucketOwnershipControls': 's3:GetBucketOwnershipControls',
    's3:GetBucketNotificationConfiguration': 's3:GetBucketNotification',
    's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  },
  async collect(ctx) {
    return { resources: await collectS3(ctx) };
  },
};
