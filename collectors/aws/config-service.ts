/**
 * AWS Config: in every configured region, the configuration recorders with their recording
 * status, and the delivery channels. Per snapshot: 3 calls per region (one if it refuses).
 */
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { regionResourceId, type ConfigRecorder, type ConfigRegion } from '../../model/resources.ts';
import { incomplete, probeRegion, readOperation, toIsoUtc } from './regional-read.ts';
import type { AwsCollectContext, AwsServiceCollector } from './service-collector.ts';

const client = (ctx: AwsCollectContext, region: string) =>
  ctx.clients.regional('CONFIG_SERVICE', region, (config) => new ConfigServiceClient(config));

export const configService: AwsServiceCollector = {
  name: 'config',
  resourceTypes: ['aws.config.region'],
  operations: {
    'config:DescribeConfigurationRecorders': 'config:DescribeConfigurationRecorders',
    'config:DescribeConfigurationRecorderStatus': 'config:DescribeConfigurationRecorderStatus',
    'config:DescribeDeliveryChannels': 'config:DescribeDeliveryChannels',
  },
  async collect(ctx) {
    return { resources: await Promise.all(ctx.regions.map((region) => readRegion(ctx, region))) };
  },
};

async function readRegion(ctx: AwsCollectContext, region: string): Promise<ConfigRegion> {
  const base = { type: 'aws.config.region' as const, id: regionResourceId(ctx.partition, 'config', region, ctx.accountId), region, accountId: ctx.accountId };
  const probed = await probeRegion(() =>
    readOperation(ctx, 'config', region, 'DescribeConfigurationRecorders', {}, async () =>
      (await client(ctx, region).send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [],
    { probe: true }),
  );
  if (probed.refused) return { ...base, refused: probed.refused, recorders: [], deliveryChannels: [] };
  const [statuses, channels] = await Promise.all([
    readOperation(ctx, 'config', region, 'DescribeConfigurationRecorderStatus', {}, async () =>
      (await client(ctx, region).send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [],
    ),
    readOperation(ctx, 'config', region, 'DescribeDeliveryChannels', {}, async () =>
      (await client(ctx, region).send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [],
    ),
  ]);
  const recorders: ConfigRecorder[] = probed.value.map((r) => {
    if (!r.name) throw incomplete('config', 'DescribeConfigurationRecorders', region, 'a recorder without a name');
    const status = statuses.find((s) => s.name === r.name);
    const group = r.recordingGroup;
    return {
      name: r.name,
      roleArn: r.roleARN ?? null,
      allSupported: group?.allSupported ?? false,
      includeGlobalResourceTypes: group?.includeGlobalResourceTypes ?? false,
      resourceTypes: [...(group?.resourceTypes ?? [])].sort(),
      exclusionResourceTypes: [...(group?.exclusionByResourceTypes?.resourceTypes ?? [])].sort(),
      recordingStrategy: group?.recordingStrategy?.useOnly ?? null,
      // A recorder with no status entry is not recording (AWS lists every recorder's status).
      recording: status?.recording ?? false,
      lastStatus: status?.lastStatus ?? null,
      lastErrorCode: status?.lastErrorCode ?? null,
      lastStatusChangeTime: toIsoUtc(status?.lastStatusChangeTime),
    };
  });
  return {
    ...base,
    refused: null,
    recorders: recorders.sort((a, b) => (a.name < b.name ? -1 : 1)),
    deliveryChannels: channels
      .map((c) => ({
        name: c.name ?? '',
        s3BucketName: c.s3BucketName ?? null,
        snsTopicArn: c.snsTopicARN ?? null,
        deliveryFrequency: c.configSnapshotDeliveryProperties?.deliveryFrequency ?? null,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}
