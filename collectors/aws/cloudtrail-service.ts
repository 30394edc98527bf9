/**
 * CloudTrail: in every configured region, the trails DescribeTrails shows there (shadow trails
 * included, so a multi-region or organization trail is seen from each region it covers), then
 * each distinct trail's status and event selectors, asked in its home region. Per snapshot:
 * 1 call per region + 2 per trail.
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { regionResourceId, type CloudTrailRegion, type CloudTrailTrail } from '../../model/resources.ts';
import { limitConcurrency } from '../limit-concurrency.ts';
import { incomplete, probeRegion, readOperation, sorted, toIsoUtc } from './regional-read.ts';
import type { AwsCollectContext, AwsServiceCollector } from './service-collector.ts';

const client = (ctx: AwsCollectContext, region: string) =>
  ctx.clients.regional('CLOUDTRAIL', region, (config) => new CloudTrailClient(config));

export const cloudtrailService: AwsServiceCollector = {
  name: 'cloudtrail',
  resourceTypes: ['aws.cloudtrail.trail', 'aws.cloudtrail.region'],
  operations: {
    'cloudtrail:DescribeTrails': 'cloudtrail:DescribeTrails',
    'cloudtrail:GetTrailStatus': 'cloudtrail:GetTrailStatus',
    'cloudtrail:GetEventSelectors': 'cloudtrail:GetEventSelectors',
  },
  async collect(ctx) {
    const regions = await Promise.all(ctx.regions.map((region) => describeRegion(ctx, region)));
    const trails = new Map<string, Trail>();
    for (const r of regions) for (const t of r.trails) if (t.TrailARN && !trails.has(t.TrailARN)) trails.set(t.TrailARN, t);
    const limit = limitConcurrency(ctx.concurrency);
    const read = await Promise.all([...trails.values()].map((t) => limit(() => readTrail(ctx, t))));
    return { resources: [...regions.map((r) => r.resource), ...read] };
  },
};

async function describeRegion(ctx: AwsCollectContext, region: string): Promise<{ resource: CloudTrailRegion; trails: Trail[] }> {
  const probed = await probeRegion(() =>
    readOperation(ctx, 'cloudtrail', region, 'DescribeTrails', { includeShadowTrails: true }, async () => {
      const out = await client(ctx, region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
      for (const t of out.trailList ?? [])
        if (!t.TrailARN || !t.Name || !t.HomeRegion) throw incomplete('cloudtrail', 'DescribeTrails', region, 'a trail without TrailARN, Name or HomeRegion');
      return out.trailList ?? [];
    }, { probe: true }),
  );
  const trails = probed.value ?? [];
  return {
    trails,
    resource: {
      type: 'aws.cloudtrail.region',
      id: regionResourceId(ctx.partition, 'cloudtrail', region, ctx.accountId),
      region,
      accountId: ctx.accountId,
      refused: probed.refused,
      trailArns: sorted(new Set(trails.map((t) => t.TrailARN as string))),
    },
  };
}

async function readTrail(ctx: AwsCollectContext, t: Trail): Promise<CloudTrailTrail> {
  const arn = t.TrailARN as string;
  const home = t.HomeRegion as string;
  const [status, selectors] = await Promise.all([
    readOperation(ctx, 'cloudtrail', home, 'GetTrailStatus', { Name: arn }, () =>
      client(ctx, home).send(new GetTrailStatusCommand({ Name: arn })),
    ),
    readOperation(ctx, 'cloudtrail', home, 'GetEventSelectors', { TrailName: arn }, () =>
      client(ctx, home).send(new GetEventSelectorsCommand({ TrailName: arn })),
    ),
  ]);
  return {
    type: 'aws.cloudtrail.trail',
    id: arn,
    name: t.Name as string,
    homeRegion: home,
    ownerAccountId: arn.split(':')[4] ?? '',
    isMultiRegionTrail: t.IsMultiRegionTrail ?? false,
    isOrganizationTrail: t.IsOrganizationTrail ?? false,
    includeGlobalServiceEvents: t.IncludeGlobalServiceEvents ?? false,
    logFileValidationEnabled: t.LogFileValidationEnabled ?? false,
    kmsKeyId: t.KmsKeyId ?? null,
    s3BucketName: t.S3BucketName ?? null,
    s3KeyPrefix: t.S3KeyPrefix ?? null,
    snsTopicArn: t.SnsTopicARN ?? null,
    cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn ?? null,
    status: {
      isLogging: status.IsLogging ?? false,
      latestDeliveryError: status.LatestDeliveryError || null,
      latestDeliveryTime: toIsoUtc(status.LatestDeliveryTime),
      startLoggingTime: toIsoUtc(status.StartLoggingTime),
      stopLoggingTime: toIsoUtc(status.StopLoggingTime),
    },
    eventSelectors: (selectors.EventSelectors ?? []).map((s) => ({
      readWriteType: s.ReadWriteType ?? 'All',
      includeManagementEvents: s.IncludeManagementEvents ?? true,
      excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
      dataResourceTypes: sorted(new Set((s.DataResources ?? []).map((d) => d.Type ?? '').filter((x) => x !== ''))),
    })),
    advancedEventSelectors: (selectors.AdvancedEventSelectors ?? []).map((s) => ({
      name: s.Name ?? null,
      fieldSelectors: (s.FieldSelectors ?? []).map((f) => ({
        field: f.Field ?? '',
        equals: f.Equals ?? [],
        notEquals: f.NotEquals ?? [],
        startsWith: f.StartsWith ?? [],
        notStartsWith: f.NotStartsWith ?? [],
        endsWith: f.EndsWith ?? [],
        notEndsWith: f.NotEndsWith ?? [],
      })),
    })),
  };
}
