/**
 * The IAM permissions the collectors need, and nothing more: one IAM action per API operation the
 * collectors call (read-only, none that returns a secret). Attach COLLECTOR_IAM_POLICY to the
 * collecting role. A test fails if a collection calls an operation not covered here.
 */

/** "<service>:<Operation>" as called (S3 Control's GetPublicAccessBlock is s3control:...) -> IAM action. */
export const OPERATION_ACTIONS = {
  'sts:GetCallerIdentity': 'sts:GetCallerIdentity',
  'iam:GetAccountAuthorizationDetails': 'iam:GetAccountAuthorizationDetails',
  'iam:GenerateCredentialReport': 'iam:GenerateCredentialReport',
  'iam:GetCredentialReport': 'iam:GetCredentialReport',
  'iam:GetAccountPasswordPolicy': 'iam:GetAccountPasswordPolicy',
  'iam:GetAccountSummary': 'iam:GetAccountSummary',
  'iam:ListVirtualMFADevices': 'iam:ListVirtualMFADevices',
  'iam:ListServerCertificates': 'iam:ListServerCertificates',
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
} as const;

export type CollectorOperation = keyof typeof OPERATION_ACTIONS;

export const COLLECTOR_ACTIONS: string[] = [...new Set(Object.values(OPERATION_ACTIONS))].sort();

export const COLLECTOR_IAM_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'BinderEvidenceCollectionReadOnly',
      Effect: 'Allow',
      Action: COLLECTOR_ACTIONS,
      Resource: '*',
    },
  ],
} as const;

/** The IAM action an operation needs, or null when the collectors are not meant to call it. */
export function actionFor(service: string, operation: string): string | null {
  return (OPERATION_ACTIONS as Record<string, string>)[`${service}:${operation}`] ?? null;
}
