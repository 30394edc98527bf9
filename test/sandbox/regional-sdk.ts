/**
 * Real AWS SDK v3 clients of the regional services pointed at a sandbox, and a small reading of
 * their answers into the model's resource shapes (independent of collectors/), so the tests can
 * hold what the sandbox serves to the scenario's world state.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import type { Trail } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand, DescribeConfigurationRecordersCommand, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, DescribeSecurityGroupsCommand, EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import type { IpPermission as SdkPermission } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GetFindingsCommand, GuardDutyClient, ListDetectorsCommand, ListFindingsCommand } from '@aws-sdk/client-guardduty';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import type { IpPermission, RegionRefusal, Resource } from '../../model/resources.ts';
import { regionResourceId, securityGroupArn } from '../../model/resources.ts';
import { SANDBOX_CREDENTIALS } from '../../sandbox/server.ts';
import type { SandboxHandle } from '../../sandbox/server.ts';

export interface RegionalClientOptions {
  maxAttempts?: number;
}

function config(s: SandboxHandle, region: string, o: RegionalClientOptions) {
  return { endpoint: s.endpoint, region, credentials: SANDBOX_CREDENTIALS, maxAttempts: o.maxAttempts ?? 3 };
}

export const cloudTrail = (s: SandboxHandle, region: string, o: RegionalClientOptions = {}): CloudTrailClient => new CloudTrailClient(config(s, region, o));
export const configService = (s: SandboxHandle, region: string, o: RegionalClientOptions = {}): ConfigServiceClient => new ConfigServiceClient(config(s, region, o));
export const guardDuty = (s: SandboxHandle, region: string, o: RegionalClientOptions = {}): GuardDutyClient => new GuardDutyClient(config(s, region, o));
export const kms = (s: SandboxHandle, region: string, o: RegionalClientOptions = {}): KMSClient => new KMSClient(config(s, region, o));
export const ec2 = (s: SandboxHandle, region: string, o: RegionalClientOptions = {}): EC2Client => new EC2Client(config(s, region, o));

const iso = (d: Date | undefined | null): string | null => (d ? d.toISOString() : null);
const REFUSED = ['UnrecognizedClientException', 'AuthFailure'];

async function probe<T>(fn: () => Promise<T>): Promise<{ value: T; refused: null } | { value: null; refused: RegionRefusal }> {
  try {
    return { value: await fn(), refused: null };
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name && REFUSED.includes(e.name)) return { value: null, refused: { errorCode: e.name, errorMessage: e.message ?? '' } };
    throw err;
  }
}

/** Counts of the calls a reading made, by service:operation. */
export type CallCounts = Record<string, number>;

/** Reads every regional resource the sandbox serves in these regions, as a collector would record them. */
export async function readRegional(s: SandboxHandle, accountId: string, regions: readonly string[], pageSize = 5, calls: CallCounts = {}): Promise<Resource[]> {
  const count = (op: string): void => {
    calls[op] = (calls[op] ?? 0) + 1;
  };
  const out: Resource[] = [];
  const base = (region: string, service: string, refused: RegionRefusal | null) => ({ id: regionResourceId('aws', service, region, accountId), region, accountId, refused });

  // CloudTrail: trails from every region, read once each from their home region.
  const trails = new Map<string, { home: string; t: Trail }>();
  for (const region of regions) {
    count('cloudtrail:DescribeTrails');
    const p = await probe(() => cloudTrail(s, region).send(new DescribeTrailsCommand({ includeShadowTrails: true })));
    const list = p.value?.trailList ?? [];
    out.push({ type: 'aws.cloudtrail.region', ...base(region, 'cloudtrail', p.refused), trailArns: list.map((t) => t.TrailARN as string).sort() });
    for (const t of list) if (!trails.has(t.TrailARN as string)) trails.set(t.TrailARN as string, { home: t.HomeRegion as string, t });
  }
  for (const [arn, { home, t }] of trails) {
    const client = cloudTrail(s, home);
    count('cloudtrail:GetTrailStatus');
    const st = await client.send(new GetTrailStatusCommand({ Name: arn }));
    count('cloudtrail:GetEventSelectors');
    const sel = await client.send(new GetEventSelectorsCommand({ TrailName: arn }));
    const trail = t;
    out.push({
      type: 'aws.cloudtrail.trail',
      id: arn,
      name: trail.Name as string,
      homeRegion: home,
      ownerAccountId: arn.split(':')[4] as string,
      isMultiRegionTrail: trail.IsMultiRegionTrail ?? false,
      isOrganizationTrail: trail.IsOrganizationTrail ?? false,
      includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents ?? false,
      logFileValidationEnabled: trail.LogFileValidationEnabled ?? false,
      kmsKeyId: trail.KmsKeyId ?? null,
      s3BucketName: trail.S3BucketName ?? null,
      s3KeyPrefix: trail.S3KeyPrefix ?? null,
      snsTopicArn: trail.SnsTopicARN ?? null,
      cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn ?? null,
      status: { isLogging: st.IsLogging ?? false, latestDeliveryError: st.LatestDeliveryError ?? null, latestDeliveryTime: iso(st.LatestDeliveryTime), startLoggingTime: iso(st.StartLoggingTime), stopLoggingTime: iso(st.StopLoggingTime) },
      eventSelectors: (sel.EventSelectors ?? []).map((e) => ({
        readWriteType: e.ReadWriteType as 'All',
        includeManagementEvents: e.IncludeManagementEvents ?? false,
        excludeManagementEventSources: e.ExcludeManagementEventSources ?? [],
        dataResourceTypes: (e.DataResources ?? []).map((d) => d.Type as string),
      })),
      advancedEventSelectors: (sel.AdvancedEventSelectors ?? []).map((a) => ({
        name: a.Name ?? null,
        fieldSelectors: (a.FieldSelectors ?? []).map((f) => ({
          field: f.Field as string,
          equals: f.Equals ?? [],
          notEquals: f.NotEquals ?? [],
          startsWith: f.StartsWith ?? [],
          notStartsWith: f.NotStartsWith ?? [],
          endsWith: f.EndsWith ?? [],
          notEndsWith: f.NotEndsWith ?? [],
        })),
      })),
    });
  }

  for (const region of regions) {
    // AWS Config.
    const cfg = configService(s, region);
    count('config:DescribeConfigurationRecorders');
    const rec = await probe(() => cfg.send(new DescribeConfigurationRecordersCommand({})));
    if (rec.refused) out.push({ type: 'aws.config.region', ...base(region, 'config', rec.refused), recorders: [], deliveryChannels: [] });
    else {
      count('config:DescribeConfigurationRecorderStatus');
      const status = (await cfg.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
      count('config:DescribeDeliveryChannels');
      const channels = (await cfg.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
      out.push({
        type: 'aws.config.region',
        ...base(region, 'config', null),
        recorders: (rec.value.ConfigurationRecorders ?? []).map((r) => {
          const st = status.find((x) => x.name === r.name);
          return {
            name: r.name as string,
            roleArn: r.roleARN ?? null,
            allSupported: r.recordingGroup?.allSupported ?? false,
            includeGlobalResourceTypes: r.recordingGroup?.includeGlobalResourceTypes ?? false,
            resourceTypes: r.recordingGroup?.resourceTypes ?? [],
            exclusionResourceTypes: r.recordingGroup?.exclusionByResourceTypes?.resourceTypes ?? [],
            recordingStrategy: r.recordingGroup?.recordingStrategy?.useOnly ?? null,
            recording: st?.recording ?? false,
            lastStatus: st?.lastStatus ?? null,
            lastErrorCode: st?.lastErrorCode ?? null,
            lastStatusChangeTime: iso(st?.lastStatusChangeTime),
          };
        }),
        deliveryChannels: channels.map((c) => ({ name: c.name as string, s3BucketName: c.s3BucketName ?? null, snsTopicArn: c.snsTopicARN ?? null, deliveryFrequency: c.configSnapshotDeliveryProperties?.deliveryFrequency ?? null })),
      });
    }

    // GuardDuty.
    const gd = guardDuty(s, region);
    const detectorIds: string[] = [];
    const first = await probe(async () => {
      let token: string | undefined;
      do {
        count('guardduty:ListDetectors');
        const p = await gd.send(new ListDetectorsCommand({ MaxResults: 1, NextToken: token }));
        detectorIds.push(...(p.DetectorIds ?? []));
        token = p.NextToken;
      } while (token);
    });
    const detectors = [];
    for (const id of detectorIds) {
      count('guardduty:GetDetector');
      const d = await gd.send(new GetDetectorCommand({ DetectorId: id }));
      const ids: string[] = [];
      let token: string | undefined;
      do {
        count('guardduty:ListFindings');
        const p = await gd.send(new ListFindingsCommand({ DetectorId: id, FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 7 }, 'service.archived': { Equals: ['false'] } } }, MaxResults: Math.min(50, pageSize), NextToken: token }));
        ids.push(...(p.FindingIds ?? []));
        token = p.NextToken;
      } while (token);
      const findings = [];
      for (let i = 0; i < ids.length; i += 50) {
        count('guardduty:GetFindings');
        findings.push(...((await gd.send(new GetFindingsCommand({ DetectorId: id, FindingIds: ids.slice(i, i + 50) }))).Findings ?? []));
      }
      detectors.push({
        detectorId: id,
        status: d.Status as 'ENABLED',
        findingPublishingFrequency: d.FindingPublishingFrequency ?? null,
        createdAt: d.CreatedAt ?? null,
        updatedAt: d.UpdatedAt ?? null,
        features: (d.Features ?? []).map((f) => ({ name: f.Name as string, status: f.Status as string })),
        openHighSeverityFindings: findings
          .map((f) => ({ id: f.Id as string, type: f.Type as string, severity: f.Severity as number, title: f.Title as string, resourceType: f.Resource?.ResourceType ?? null, createdAt: f.CreatedAt as string, updatedAt: f.UpdatedAt as string }))
          .sort((a, b) => (a.id < b.id ? -1 : 1)),
      });
    }
    out.push({ type: 'aws.guardduty.region', ...base(region, 'guardduty', first.refused), detectors });

    // KMS.
    const k = kms(s, region);
    const arns: string[] = [];
    const listed = await probe(async () => {
      let marker: string | undefined;
      do {
        count('kms:ListKeys');
        const p = await k.send(new ListKeysCommand({ Limit: pageSize, Marker: marker }));
        arns.push(...(p.Keys ?? []).map((x) => x.KeyArn as string));
        marker = p.Truncated ? p.NextMarker : undefined;
      } while (marker);
    });
    arns.sort();
    out.push({ type: 'aws.kms.region', ...base(region, 'kms', listed.refused), keyArns: arns });
    for (const arn of arns) {
      count('kms:DescribeKey');
      const m = (await k.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata!;
      const customer = m.KeyManager === 'CUSTOMER';
      const rotatable = customer && m.KeySpec === 'SYMMETRIC_DEFAULT' && m.KeyUsage === 'ENCRYPT_DECRYPT' && m.Origin === 'AWS_KMS' && m.KeyState !== 'PendingDeletion';
      if (customer) count('kms:GetKeyPolicy');
      const policy = customer ? (JSON.parse((await k.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }))).Policy as string) as Record<string, unknown>) : null;
      if (rotatable) count('kms:GetKeyRotationStatus');
      const rot = rotatable ? await k.send(new GetKeyRotationStatusCommand({ KeyId: arn })) : null;
      out.push({
        type: 'aws.kms.key',
        id: arn,
        keyId: m.KeyId as string,
        region,
        description: m.Description ?? '',
        keyManager: m.KeyManager as 'CUSTOMER',
        keySpec: m.KeySpec as string,
        keyUsage: m.KeyUsage as string,
        keyState: m.KeyState as string,
        origin: m.Origin as string,
        multiRegion: m.MultiRegion ?? false,
        creationDate: iso(m.CreationDate) as string,
        deletionDate: iso(m.DeletionDate),
        rotationEnabled: rot ? (rot.KeyRotationEnabled ?? false) : null,
        rotationPeriodDays: rot?.RotationPeriodInDays ?? null,
        policy,
      });
    }

    // EC2.
    const e = ec2(s, region);
    const groups: Resource[] = [];
    const sg = await probe(async () => {
      let token: string | undefined;
      do {
        count('ec2:DescribeSecurityGroups');
        const p = await e.send(new DescribeSecurityGroupsCommand({ MaxResults: Math.max(5, pageSize), NextToken: token }));
        for (const g of p.SecurityGroups ?? []) {
          groups.push({
            type: 'aws.ec2.security-group',
            id: securityGroupArn('aws', region, g.OwnerId as string, g.GroupId as string),
            groupId: g.GroupId as string,
            groupName: g.GroupName as string,
            description: g.Description ?? '',
            vpcId: g.VpcId ?? null,
            region,
            ownerId: g.OwnerId as string,
            ingress: (g.IpPermissions ?? []).map(permission),
            egress: (g.IpPermissionsEgress ?? []).map(permission),
            tags: (g.Tags ?? []).map((t) => ({ key: t.Key as string, value: t.Value as string })),
          });
        }
        token = p.NextToken;
      } while (token);
    });
    out.push(...groups);
    count('ec2:DescribeRegions');
    const listedRegions = (await ec2(s, regions[0] as string).send(new DescribeRegionsCommand({ AllRegions: true }))).Regions ?? [];
    const optIn = listedRegions.find((r) => r.RegionName === region)?.OptInStatus ?? null;
    if (sg.refused) out.push({ type: 'aws.ec2.region', ...base(region, 'ec2', sg.refused), optInStatus: optIn, ebsEncryptionByDefault: null, ebsDefaultKmsKeyId: null });
    else {
      count('ec2:GetEbsEncryptionByDefault');
      const on = (await e.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault ?? null;
      count('ec2:GetEbsDefaultKmsKeyId');
      const keyId = (await e.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId ?? null;
      out.push({ type: 'aws.ec2.region', ...base(region, 'ec2', null), optInStatus: optIn, ebsEncryptionByDefault: on, ebsDefaultKmsKeyId: keyId });
    }
  }
  return out;
}

function permission(p: SdkPermission): IpPermission {
  return {
    ipProtocol: p.IpProtocol as string,
    fromPort: p.FromPort ?? null,
    toPort: p.ToPort ?? null,
    ipv4Ranges: (p.IpRanges ?? []).map((r) => ({ cidr: r.CidrIp as string, description: r.Description ?? null })),
    ipv6Ranges: (p.Ipv6Ranges ?? []).map((r) => ({ cidr: r.CidrIpv6 as string, description: r.Description ?? null })),
    prefixListIds: (p.PrefixListIds ?? []).map((x) => x.PrefixListId as string),
    groupPairs: (p.UserIdGroupPairs ?? []).map((g) => ({ groupId: g.GroupId ?? null, userId: g.UserId ?? null })),
  };
}

export const REGIONAL_TYPES: readonly Resource['type'][] = [
  'aws.cloudtrail.trail',
  'aws.cloudtrail.region',
  'aws.config.region',
  'aws.guardduty.region',
  'aws.kms.key',
  'aws.kms.region',
  'aws.ec2.security-group',
  'aws.ec2.region',
];

/** Resources in (type, id) order, for comparisons. */
export function byTypeAndId(resources: readonly Resource[]): Resource[] {
  return [...resources].sort((a, b) => (a.type !== b.type ? (a.type < b.type ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
