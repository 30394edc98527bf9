/**
 * The ids of the automated checks and, in one line each, exactly what makes a resource fail.
 * Shared by the checks (controls/checks/**), the sandbox scenario's answer key (which plants
 * violations under these ids) and the tests. A check file's exported `id` must be one of these.
 *
 * Resource ids in results: the `id` of the resource the check judges (see model/resources.ts).
 * Settings (thresholds) come from the config's `checks` section; defaults in config/schema.ts.
 */
export const CHECK_IDS = {
  // IAM (aws-evidence.md 1-22 and the further ones)
  'iam.user-no-attached-policies': 'user has a managed policy attached directly or any inline policy (aws-evidence #1)',
  'iam.no-inline-policies': 'a user, group or role has an inline policy (#2); judged per principal',
  'iam.customer-policy-no-admin': 'customer-managed policy has an Allow of Action "*" on Resource "*" (#3)',
  'iam.aws-policy-no-admin-attached': 'an AWS-managed policy granting "*:*" (AdministratorAccess) is attached (attachmentCount>0) (#4); judged per policy',
  'iam.inline-policy-no-admin': 'an inline policy allows "*" on "*" (#5); judged per principal',
  'iam.inline-policy-no-privesc': 'an inline policy allows a privilege-escalation action set (#6); judged per principal',
  'iam.customer-policy-no-cloudtrail-all': 'customer-managed policy allows "cloudtrail:*" (#7)',
  'iam.no-marketplace-subscribe-all': 'a policy (customer-managed or inline) allows aws-marketplace:Subscribe on "*" (#8)',
  'iam.no-bedrock-full-access-on-roles': 'AmazonBedrockFullAccess attached to a role not under path /aws-service-role/ (#9)',
  'iam.access-key-recently-used': 'an active access key not used within settings.accessKeyUnusedDays (default 90) days, counting from last used or, if never used, from last rotated (#10); per credentials row',
  'iam.password-recently-used': 'a console password not used within settings.passwordUnusedDays (default 90) days, counting from last used or, if never used, from password last changed (#11); per credentials row (non-root)',
  'iam.access-key-rotated': 'an active access key last rotated more than settings.accessKeyMaxAgeDays (default 90) days ago (#12)',
  'iam.root-no-access-keys': 'root credentials row has an active access key (#13)',
  'iam.root-mfa': 'root credentials row has mfa_active false (#14)',
  'iam.root-hardware-mfa': 'root has MFA but it is a virtual device (account.rootVirtualMfaSerials non-empty) (#15); N/A if no MFA',
  'iam.console-user-mfa': 'a non-root user with password_enabled true has mfa_active false (#16)',
  'iam.user-mfa': 'any non-root user has mfa_active false (#17)',
  'iam.password-policy-strong': 'password policy missing, or length < settings.minPasswordLength (14), reuse < settings.passwordReusePrevention (24), any char class off, or max age missing or > settings.maxPasswordAgeDays (90) (#18)',
  'iam.user-in-group': 'a user belongs to no group (#19)',
  'iam.group-has-members': 'a group has no member user (#20)',
  'iam.customer-policy-attached-to-role': 'customer-managed policy not attached to any role (#21)',
  'iam.customer-policy-attached': 'customer-managed policy with attachmentCount 0 and no boundary use (#22)',
  'iam.user-permissions-boundary': 'a user has no permissions boundary (further; severity low, off by default unless settings.requirePermissionsBoundary)',
  'iam.no-server-certificates': 'account has IAM server certificates (further)',
  'iam.user-single-active-key': 'a user has two active access keys (further)',
  // S3 (aws-evidence.md 23-36)
  's3.bucket-not-public-read': 'bucket readable by AllUsers/AuthenticatedUsers via ACL (unless ignorePublicAcls at bucket or account level) or public via policy (unless restrictPublicBuckets at bucket or account level) (#23)',
  's3.bucket-not-public-write': 'bucket ACL grants WRITE/WRITE_ACP/FULL_CONTROL to AllUsers/AuthenticatedUsers, or policy allows s3:Put*/Delete* to a wildcard principal, not neutralised by Block Public Access (#24)',
  's3.bucket-policy-no-wildcard-principal': 'bucket policy Allow with Principal "*" (or AWS "*") without a condition on aws:SourceAccount/SourceArn/SourceOrgID/PrincipalOrgID/PrincipalAccount/SourceIp/SourceVpc/SourceVpce (#25)',
  's3.account-public-access-block': 'account-level Block Public Access missing or any of the four settings off (#26)',
  's3.bucket-default-encryption': 'bucket has no default encryption rule (#27; almost never fails since Jan 2023)',
  's3.bucket-kms-encryption': 'default encryption is not aws:kms or aws:kms:dsse (#28)',
  's3.bucket-tls-only': 'bucket policy has no Deny with Condition Bool aws:SecureTransport false covering s3:* or * (#29)',
  's3.bucket-access-logging': 'server access logging not enabled (#30)',
  's3.bucket-versioning': 'versioning status is not Enabled (#31)',
  's3.bucket-object-lock': 'Object Lock not enabled (#32)',
  's3.bucket-lifecycle': 'no lifecycle rule at all (#33)',
  's3.bucket-versioned-lifecycle': 'versioning Enabled but no Enabled lifecycle rule (#34); N/A when versioning not enabled',
  's3.bucket-replication': 'no Enabled replication rule (#35)',
  's3.bucket-event-notifications': 'no event notification (topic, queue, lambda or EventBridge) (#36)',
  // CloudTrail (audit logging; CC7.2)
  'cloudtrail.region-management-events-logged': 'an answering region that no logging trail covers (multi-region, or in its home region) recording management events both read and write (a basic selector ReadWriteType All with IncludeManagementEvents, or an advanced selector on eventCategory Management with no readOnly filter); per aws.cloudtrail.region; N/A for a refused region',
  'cloudtrail.multi-region-trail': 'an answering region where no multi-region trail is logging with read and write management events; per aws.cloudtrail.region; N/A for a refused region',
  'cloudtrail.trail-logging': 'a trail whose status.isLogging is false',
  'cloudtrail.trail-log-file-validation': 'a trail with logFileValidationEnabled false',
  'cloudtrail.trail-kms-encryption': 'a trail with no kmsKeyId (log files encrypted with SSE-S3 only)',
  'cloudtrail.trail-delivery-ok': 'a logging trail whose status.latestDeliveryError is set (CloudTrail cannot write to its bucket)',
  'cloudtrail.trail-cloudwatch-logs': 'a trail with no cloudWatchLogsLogGroupArn (its events reach no alarm or metric filter)',
  'cloudtrail.trail-bucket-not-public': "the trail's S3 bucket, when in the snapshot, is readable by everyone through its ACL or policy (the reading of s3.bucket-not-public-read); N/A when the bucket is not in the snapshot",
  'cloudtrail.trail-bucket-protected': "the trail's S3 bucket, when in the snapshot, has versioning not Enabled and Object Lock not enabled; N/A when the bucket is not in the snapshot",
  // AWS Config (configuration monitoring; CC7.1, CC8.1)
  'config.recorder-all-resources': 'an answering region with no configuration recorder recording all supported resource types (allSupported, or recordingStrategy ALL_SUPPORTED_RESOURCE_TYPES); N/A for a refused region',
  'config.recorder-recording': 'an answering region with no recorder that is recording and whose last status is not Failure; N/A for a refused region',
  'config.delivery-channel': 'an answering region with no delivery channel naming an S3 bucket; N/A for a refused region',
  // GuardDuty (threat detection; CC7.2, CC7.3)
  'guardduty.detector-enabled': 'an answering region with no detector whose status is ENABLED; N/A for a refused region',
  'guardduty.high-findings-triaged': 'a region with a finding of severity 7 or more still not archived more than settings.findingTriageDays (default 7) days after it was created; N/A for a refused region',
  // KMS (key management; CC6.1, CC6.7)
  'kms.key-rotation': 'a customer-managed symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, origin AWS_KMS, state Enabled) with rotationEnabled false; N/A for other keys',
  'kms.key-policy-no-public-access': "a customer-managed key's policy has an Allow of kms:* or * to a wildcard principal without a condition limiting it to accounts, organisations or calling services",
  'kms.key-not-pending-deletion': 'a customer-managed key in state PendingDeletion',
  // EC2 network boundary (CC6.6)
  'ec2.sg-no-open-ssh': 'a security group allows ingress from 0.0.0.0/0 or ::/0 to TCP port 22 (protocol tcp or -1, port range including 22)',
  'ec2.sg-no-open-rdp': 'a security group allows ingress from 0.0.0.0/0 or ::/0 to TCP port 3389 (protocol tcp or -1, port range including 3389)',
  'ec2.sg-no-open-all-ports': 'a security group allows ingress from 0.0.0.0/0 or ::/0 on every protocol (-1) or on the whole port range 0-65535 of tcp or udp',
  'ec2.default-sg-no-traffic': 'a default security group (groupName "default") has any ingress or egress rule',
  'ec2.ebs-default-encryption': 'an answering region with EBS encryption by default off; N/A for a refused region',
} as const;

export type CheckId = keyof typeof CHECK_IDS;
export const ALL_CHECK_IDS = Object.keys(CHECK_IDS) as CheckId[];
