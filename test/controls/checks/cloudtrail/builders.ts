/** Builders for CloudTrail resources (through the model's schemas), clean and passing by default. */
import { CloudTrailRegion, CloudTrailTrail, regionResourceId } from '../../../../model/resources.ts';
import { ACCOUNT } from '../../fixtures.ts';

type Over<T> = Partial<Omit<T, 'type'>>;
type Selector = CloudTrailTrail['eventSelectors'][number];
type Advanced = CloudTrailTrail['advancedEventSelectors'][number];
type Field = Advanced['fieldSelectors'][number];

export const ALL_MANAGEMENT: Selector = {
  readWriteType: 'All',
  includeManagementEvents: true,
  excludeManagementEventSources: [],
  dataResourceTypes: [],
};

export function basic(over: Partial<Selector> = {}): Selector {
  return { ...ALL_MANAGEMENT, ...over };
}

export function field(name: string, over: Partial<Omit<Field, 'field'>> = {}): Field {
  return {
    field: name,
    equals: [],
    notEquals: [],
    startsWith: [],
    notStartsWith: [],
    endsWith: [],
    notEndsWith: [],
    ...over,
  };
}

export function advanced(name: string | null, ...fieldSelectors: Field[]): Advanced {
  return { name, fieldSelectors };
}

export const MANAGEMENT_ADVANCED = advanced(
  'Management events',
  field('eventCategory', { equals: ['Management'] }),
);

/** A logging multi-region trail recording all management events, validated, KMS, CloudWatch. */
export function trail(over: Over<CloudTrailTrail> = {}): CloudTrailTrail {
  const name = over.name ?? 'org-audit';
  const home = over.homeRegion ?? 'us-east-1';
  const owner = over.ownerAccountId ?? ACCOUNT;
  return CloudTrailTrail.parse({
    type: 'aws.cloudtrail.trail',
    id: `arn:aws:cloudtrail:${home}:${owner}:trail/${name}`,
    name,
    homeRegion: home,
    ownerAccountId: owner,
    isMultiRegionTrail: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    kmsKeyId: `arn:aws:kms:${home}:${owner}:key/1111-2222`,
    s3BucketName: 'audit-logs',
    s3KeyPrefix: null,
    snsTopicArn: null,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:${home}:${owner}:log-group:cloudtrail:*`,
    status: {
      isLogging: true,
      latestDeliveryError: null,
      latestDeliveryTime: '2026-05-12T23:55:00Z',
      startLoggingTime: '2025-01-01T00:00:00Z',
      stopLoggingTime: null,
    },
    eventSelectors: [ALL_MANAGEMENT],
    advancedEventSelectors: [],
    ...over,
  });
}

export function status(over: Partial<CloudTrailTrail['status']>): CloudTrailTrail['status'] {
  return { ...trail().status, ...over };
}

export function ctRegion(region = 'us-east-1', over: Over<CloudTrailRegion> = {}): CloudTrailRegion {
  return CloudTrailRegion.parse({
    type: 'aws.cloudtrail.region',
    id: regionResourceId('aws', 'cloudtrail', region, ACCOUNT),
    region,
    accountId: ACCOUNT,
    refused: null,
    trailArns: [],
    ...over,
  });
}

export const OPT_IN_REFUSAL = {
  errorCode: 'UnrecognizedClientException',
  errorMessage: 'The security token included in the request is invalid.',
};
