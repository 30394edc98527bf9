/** AWS Config checks: recorder scope, recording status and delivery channel, per region. */
import { describe, expect, it } from 'vitest';
import { DeliveryChannel } from '../../../../controls/checks/config/DeliveryChannel.ts';
import { RecorderAllResources } from '../../../../controls/checks/config/RecorderAllResources.ts';
import { RecorderRecording } from '../../../../controls/checks/config/RecorderRecording.ts';
import { ConfigRegion, regionResourceId, type ConfigRecorder } from '../../../../model/resources.ts';
import { ACCOUNT, judge } from '../../fixtures.ts';

type Over<T> = Partial<Omit<T, 'type'>>;

function recorder(over: Partial<ConfigRecorder> = {}): ConfigRecorder {
  return {
    name: 'default',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    allSupported: true,
    includeGlobalResourceTypes: true,
    resourceTypes: [],
    exclusionResourceTypes: [],
    recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
    recording: true,
    lastStatus: 'Success',
    lastErrorCode: null,
    lastStatusChangeTime: '2026-05-12T00:00:00Z',
    ...over,
  };
}

function region(over: Over<ConfigRegion> = {}): ConfigRegion {
  const name = over.region ?? 'us-east-1';
  return ConfigRegion.parse({
    type: 'aws.config.region',
    id: regionResourceId('aws', 'config', name, ACCOUNT),
    region: name,
    accountId: ACCOUNT,
    refused: null,
    recorders: [recorder()],
    deliveryChannels: [
      {
        name: 'default',
        s3BucketName: 'config-history',
        snsTopicArn: null,
        deliveryFrequency: 'TwentyFour_Hours',
      },
    ],
    ...over,
  });
}

const refused = region({
  region: 'ap-east-1',
  refused: { errorCode: 'UnrecognizedClientException', errorMessage: 'invalid token' },
  recorders: [],
  deliveryChannels: [],
});
const NA = {
  outcome: 'not-applicable',
  reason: 'region ap-east-1: not enabled for the account (UnrecognizedClientException)',
};

describe('config.recorder-all-resources', () => {
  it('passes allSupported, or the ALL_SUPPORTED_RESOURCE_TYPES strategy alone', () => {
    expect(judge(RecorderAllResources, region())).toEqual({
      outcome: 'pass',
      reason: 'region us-east-1: recorder default records all supported resource types',
    });
    expect(
      judge(RecorderAllResources, region({ recorders: [recorder({ allSupported: false })] })).outcome,
    ).toBe('pass');
    expect(
      judge(RecorderAllResources, region({ recorders: [recorder({ recordingStrategy: null })] })).outcome,
    ).toBe('pass');
  });

  it('passes a recorder recording everything even while it is stopped (the recording check judges that)', () => {
    expect(judge(RecorderAllResources, region({ recorders: [recorder({ recording: false })] })).outcome).toBe(
      'pass',
    );
  });

  it('passes whatever includeGlobalResourceTypes says', () => {
    expect(
      judge(RecorderAllResources, region({ recorders: [recorder({ includeGlobalResourceTypes: false })] }))
        .outcome,
    ).toBe('pass');
  });

  it('fails a recorder limited to chosen types or excluding some', () => {
    const chosen = recorder({
      allSupported: false,
      recordingStrategy: 'INCLUSION_BY_RESOURCE_TYPES',
      resourceTypes: ['AWS::EC2::Instance', 'AWS::S3::Bucket'],
    });
    expect(judge(RecorderAllResources, region({ recorders: [chosen] }))).toEqual({
      outcome: 'fail',
      reason:
        'region us-east-1: recorder default: allSupported false, strategy INCLUSION_BY_RESOURCE_TYPES, 2 resource types',
    });
    const excluding = recorder({
      allSupported: false,
      recordingStrategy: 'EXCLUSION_BY_RESOURCE_TYPES',
      exclusionResourceTypes: ['AWS::EC2::Volume'],
    });
    expect(judge(RecorderAllResources, region({ recorders: [excluding] })).outcome).toBe('fail');
  });

  it('fails a region without a recorder', () => {
    expect(judge(RecorderAllResources, region({ recorders: [] }))).toEqual({
      outcome: 'fail',
      reason: 'region us-east-1: no configuration recorder',
    });
  });

  it('is not applicable for a refused region', () => {
    expect(judge(RecorderAllResources, refused)).toEqual(NA);
  });
});

describe('config.recorder-recording', () => {
  it('passes a recording recorder with status Success, Pending or none yet', () => {
    expect(judge(RecorderRecording, region())).toEqual({
      outcome: 'pass',
      reason: 'region us-east-1: recorder default recording, last status Success',
    });
    expect(
      judge(RecorderRecording, region({ recorders: [recorder({ lastStatus: 'Pending' })] })).outcome,
    ).toBe('pass');
    expect(judge(RecorderRecording, region({ recorders: [recorder({ lastStatus: null })] })).reason).toBe(
      'region us-east-1: recorder default recording, last status none',
    );
  });

  it('fails a stopped recorder', () => {
    expect(judge(RecorderRecording, region({ recorders: [recorder({ recording: false })] }))).toEqual({
      outcome: 'fail',
      reason: 'region us-east-1: recorder default: not recording',
    });
  });

  it('fails a recording recorder whose last status is Failure, naming the error', () => {
    const failing = recorder({ lastStatus: 'Failure', lastErrorCode: 'AccessDeniedException' });
    expect(judge(RecorderRecording, region({ recorders: [failing] }))).toEqual({
      outcome: 'fail',
      reason: 'region us-east-1: recorder default: last status Failure (AccessDeniedException)',
    });
  });

  it('fails a region without a recorder, and is not applicable for a refused one', () => {
    expect(judge(RecorderRecording, region({ recorders: [] })).outcome).toBe('fail');
    expect(judge(RecorderRecording, refused)).toEqual(NA);
  });
});

describe('config.delivery-channel', () => {
  it('passes a channel naming a bucket', () => {
    expect(judge(DeliveryChannel, region())).toEqual({
      outcome: 'pass',
      reason: 'region us-east-1: delivery channel default to bucket config-history',
    });
  });

  it('fails no channel, or a channel without a bucket', () => {
    expect(judge(DeliveryChannel, region({ deliveryChannels: [] }))).toEqual({
      outcome: 'fail',
      reason: 'region us-east-1: no delivery channel',
    });
    const noBucket = [
      {
        name: 'sns-only',
        s3BucketName: null,
        snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:cfg',
        deliveryFrequency: null,
      },
    ];
    expect(judge(DeliveryChannel, region({ deliveryChannels: noBucket }))).toEqual({
      outcome: 'fail',
      reason: 'region us-east-1: no delivery channel names an S3 bucket (sns-only)',
    });
  });

  it('is not applicable for a refused region', () => {
    expect(judge(DeliveryChannel, refused)).toEqual(NA);
  });
});
