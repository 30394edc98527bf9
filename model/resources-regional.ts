/**
 * The resources of the regional AWS services (CloudTrail, AWS Config, GuardDuty, KMS, EC2), in the
 * same conventions as model/resources.ts: a `type`, a stable `id` (the ARN where AWS has one),
 * ISO 8601 UTC times, documents kept parsed. Values are AWS's answers, not verdicts: whether a
 * trail records management events, a security group is open or a key policy is public is judged
 * in controls/, never here.
 *
 * Every regional service yields one `<service>.region` resource per configured region. It says
 * whether the region answered and holds the region-level settings (recorders, detectors, EBS
 * default encryption), so "enabled in every region" is judged per region, and a region that
 * refused (an opt-in region the account has not enabled: UnrecognizedClientException,
 * AuthFailure, OptInRequired) is a recorded fact rather than a failed snapshot.
 *
 * Region resource ids are synthetic and stable: arn:<partition>:<service>:<region>:<account>:region-settings.
 */
import { z } from 'zod';

const isoTime = z.string().datetime({ offset: true });

export const PolicyDocumentShape = z.record(z.string(), z.unknown());

/** A region that did not answer the service because it is not enabled for the account. */
export const RegionRefusal = z.object({
  errorCode: z.string(), // UnrecognizedClientException | AuthFailure | OptInRequired | InvalidClientTokenId
  errorMessage: z.string(),
});
export type RegionRefusal = z.infer<typeof RegionRefusal>;

const regionFields = {
  region: z.string(),
  accountId: z.string(),
  /** null: the region answered; otherwise why it did not (the service's other fields are then empty). */
  refused: RegionRefusal.nullable(),
};

// ---------------------------------------------------------------------------------------------
// CloudTrail

/** A basic event selector (GetEventSelectors EventSelectors[]). */
export const TrailEventSelector = z.object({
  readWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']),
  includeManagementEvents: z.boolean(),
  excludeManagementEventSources: z.array(z.string()),
  /** Data resource types selected (e.g. AWS::S3::Object), values left out. */
  dataResourceTypes: z.array(z.string()),
});

/** An advanced event selector (GetEventSelectors AdvancedEventSelectors[]), as AWS returned it. */
export const TrailAdvancedSelector = z.object({
  name: z.string().nullable(),
  fieldSelectors: z.array(
    z.object({
      field: z.string(), // eventCategory | readOnly | eventSource | resources.type | ...
      equals: z.array(z.string()),
      notEquals: z.array(z.string()),
      startsWith: z.array(z.string()),
      notStartsWith: z.array(z.string()),
      endsWith: z.array(z.string()),
      notEndsWith: z.array(z.string()),
    }),
  ),
});

export const CloudTrailTrail = z.object({
  type: z.literal('aws.cloudtrail.trail'),
  id: z.string(), // TrailARN
  name: z.string(),
  homeRegion: z.string(),
  /** The account that owns the trail (an organization trail may belong to the management account). */
  ownerAccountId: z.string(),
  isMultiRegionTrail: z.boolean(),
  isOrganizationTrail: z.boolean(),
  includeGlobalServiceEvents: z.boolean(),
  logFileValidationEnabled: z.boolean(),
  kmsKeyId: z.string().nullable(),
  s3BucketName: z.string().nullable(),
  s3KeyPrefix: z.string().nullable(),
  snsTopicArn: z.string().nullable(),
  cloudWatchLogsLogGroupArn: z.string().nullable(),
  /** GetTrailStatus. */
  status: z.object({
    isLogging: z.boolean(),
    latestDeliveryError: z.string().nullable(),
    latestDeliveryTime: isoTime.nullable(),
    startLoggingTime: isoTime.nullable(),
    stopLoggingTime: isoTime.nullable(),
  }),
  /** GetEventSelectors: a trail has basic selectors or advanced selectors, not both. */
  eventSelectors: z.array(TrailEventSelector),
  advancedEventSelectors: z.array(TrailAdvancedSelector),
});
export type CloudTrailTrail = z.infer<typeof CloudTrailTrail>;

export const CloudTrailRegion = z.object({
  type: z.literal('aws.cloudtrail.region'),
  id: z.string(),
  ...regionFields,
  /** ARNs of the trails DescribeTrails (includeShadowTrails) shows in this region, sorted. */
  trailArns: z.array(z.string()),
});
export type CloudTrailRegion = z.infer<typeof CloudTrailRegion>;

// ---------------------------------------------------------------------------------------------
// AWS Config

export const ConfigRecorder = z.object({
  name: z.string(),
  roleArn: z.string().nullable(),
  /** recordingGroup: */
  allSupported: z.boolean(),
  includeGlobalResourceTypes: z.boolean(),
  resourceTypes: z.array(z.string()),
  exclusionResourceTypes: z.array(z.string()),
  /** recordingGroup.recordingStrategy.useOnly, e.g. ALL_SUPPORTED_RESOURCE_TYPES; null when absent. */
  recordingStrategy: z.string().nullable(),
  /** DescribeConfigurationRecorderStatus: */
  recording: z.boolean(),
  lastStatus: z.string().nullable(), // Pending | Success | Failure
  lastErrorCode: z.string().nullable(),
  lastStatusChangeTime: isoTime.nullable(),
});
export type ConfigRecorder = z.infer<typeof ConfigRecorder>;

export const ConfigDeliveryChannel = z.object({
  name: z.string(),
  s3BucketName: z.string().nullable(),
  snsTopicArn: z.string().nullable(),
  deliveryFrequency: z.string().nullable(),
});

export const ConfigRegion = z.object({
  type: z.literal('aws.config.region'),
  id: z.string(),
  ...regionFields,
  recorders: z.array(ConfigRecorder),
  deliveryChannels: z.array(ConfigDeliveryChannel),
});
export type ConfigRegion = z.infer<typeof ConfigRegion>;

// ---------------------------------------------------------------------------------------------
// GuardDuty

export const GuardDutyFinding = z.object({
  id: z.string(),
  type: z.string(), // e.g. UnauthorizedAccess:EC2/SSHBruteForce
  severity: z.number(),
  title: z.string(),
  resourceType: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type GuardDutyFinding = z.infer<typeof GuardDutyFinding>;

export const GuardDutyDetector = z.object({
  detectorId: z.string(),
  status: z.enum(['ENABLED', 'DISABLED']),
  findingPublishingFrequency: z.string().nullable(),
  createdAt: isoTime.nullable(),
  updatedAt: isoTime.nullable(),
  /** Protection plans (GetDetector Features[]): name and ENABLED | DISABLED. */
  features: z.array(z.object({ name: z.string(), status: z.string() })),
  /**
   * Findings not archived with severity 7 or more (high and critical), from ListFindings with
   * FindingCriteria severity >= 7 and service.archived = false, then GetFindings. Sorted by id.
   */
  openHighSeverityFindings: z.array(GuardDutyFinding),
});
export type GuardDutyDetector = z.infer<typeof GuardDutyDetector>;

export const GuardDutyRegion = z.object({
  type: z.literal('aws.guardduty.region'),
  id: z.string(),
  ...regionFields,
  detectors: z.array(GuardDutyDetector),
});
export type GuardDutyRegion = z.infer<typeof GuardDutyRegion>;

// ---------------------------------------------------------------------------------------------
// KMS

export const KmsKey = z.object({
  type: z.literal('aws.kms.key'),
  id: z.string(), // KeyArn
  keyId: z.string(),
  region: z.string(),
  description: z.string(),
  keyManager: z.enum(['CUSTOMER', 'AWS']),
  keySpec: z.string(), // SYMMETRIC_DEFAULT | RSA_2048 | ECC_NIST_EDWARDS25519 | HMAC_256 | ...
  keyUsage: z.string(), // ENCRYPT_DECRYPT | SIGN_VERIFY | GENERATE_VERIFY_MAC | KEY_AGREEMENT
  keyState: z.string(), // Enabled | Disabled | PendingDeletion | PendingImport | ...
  origin: z.string(), // AWS_KMS | EXTERNAL | AWS_CLOUDHSM | EXTERNAL_KEY_STORE
  multiRegion: z.boolean(),
  creationDate: isoTime,
  deletionDate: isoTime.nullable(),
  /**
   * GetKeyRotationStatus, asked only for customer-managed symmetric keys of origin AWS_KMS that
   * are not pending deletion (AWS refuses it for the others); null when not asked.
   */
  rotationEnabled: z.boolean().nullable(),
  rotationPeriodDays: z.number().int().nullable(),
  /** GetKeyPolicy (policy name "default"), asked only for customer-managed keys; null otherwise. */
  policy: PolicyDocumentShape.nullable(),
});
export type KmsKey = z.infer<typeof KmsKey>;

export const KmsRegion = z.object({
  type: z.literal('aws.kms.region'),
  id: z.string(),
  ...regionFields,
  /** ARNs of the keys ListKeys returned in this region, sorted. */
  keyArns: z.array(z.string()),
});
export type KmsRegion = z.infer<typeof KmsRegion>;

// ---------------------------------------------------------------------------------------------
// EC2

export const IpPermission = z.object({
  ipProtocol: z.string(), // "-1" (all) | tcp | udp | icmp | icmpv6 | a protocol number
  fromPort: z.number().int().nullable(),
  toPort: z.number().int().nullable(),
  ipv4Ranges: z.array(z.object({ cidr: z.string(), description: z.string().nullable() })),
  ipv6Ranges: z.array(z.object({ cidr: z.string(), description: z.string().nullable() })),
  prefixListIds: z.array(z.string()),
  groupPairs: z.array(z.object({ groupId: z.string().nullable(), userId: z.string().nullable() })),
});
export type IpPermission = z.infer<typeof IpPermission>;

export const Ec2SecurityGroup = z.object({
  type: z.literal('aws.ec2.security-group'),
  id: z.string(), // arn:<partition>:ec2:<region>:<owner>:security-group/<group id>
  groupId: z.string(),
  groupName: z.string(),
  description: z.string(),
  vpcId: z.string().nullable(),
  region: z.string(),
  ownerId: z.string(),
  ingress: z.array(IpPermission),
  egress: z.array(IpPermission),
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
});
export type Ec2SecurityGroup = z.infer<typeof Ec2SecurityGroup>;

export const Ec2Region = z.object({
  type: z.literal('aws.ec2.region'),
  id: z.string(),
  ...regionFields,
  /** DescribeRegions (AllRegions) from the home region: opt-in-not-required | opted-in | not-opted-in; null if not listed. */
  optInStatus: z.string().nullable(),
  /** GetEbsEncryptionByDefault and GetEbsDefaultKmsKeyId; null when the region refused. */
  ebsEncryptionByDefault: z.boolean().nullable(),
  ebsDefaultKmsKeyId: z.string().nullable(),
});
export type Ec2Region = z.infer<typeof Ec2Region>;

/** The synthetic id of a service's region resource. */
export function regionResourceId(partition: string, service: string, region: string, accountId: string): string {
  return `arn:${partition}:${service}:${region}:${accountId}:region-settings`;
}

/** The id of a security group (EC2 gives none in its answer). */
export function securityGroupArn(partition: string, region: string, ownerId: string, groupId: string): string {
  return `arn:${partition}:ec2:${region}:${ownerId}:security-group/${groupId}`;
}
