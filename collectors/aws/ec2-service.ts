/**
 * EC2 network boundary and EBS defaults: in every configured region, every security group with
 * its ingress and egress rules, and EBS encryption by default with its key; once, from the home
 * region, each configured region's opt-in status (DescribeRegions). Per snapshot: 1 DescribeRegions,
 * then per region 1+ DescribeSecurityGroups pages, 1 GetEbsEncryptionByDefault, 1 GetEbsDefaultKmsKeyId.
 */
import {
  DescribeRegionsCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeSecurityGroups,
  type IpPermission as SdkIpPermission,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { regionResourceId, securityGroupArn, type Ec2Region, type Ec2SecurityGroup, type IpPermission } from '../../model/resources.ts';
import { incomplete, probeRegion, readOperation } from './regional-read.ts';
import type { AwsCollectContext, AwsServiceCollector } from './service-collector.ts';

const PAGE_SIZE = 1000;

const client = (ctx: AwsCollectContext, region: string) =>
  ctx.clients.regional('EC2', region, (config) => new EC2Client(config));

export const ec2Service: AwsServiceCollector = {
  name: 'ec2',
  resourceTypes: ['aws.ec2.security-group', 'aws.ec2.region'],
  operations: {
    'ec2:DescribeRegions': 'ec2:DescribeRegions',
    'ec2:DescribeSecurityGroups': 'ec2:DescribeSecurityGroups',
    'ec2:GetEbsEncryptionByDefault': 'ec2:GetEbsEncryptionByDefault',
    'ec2:GetEbsDefaultKmsKeyId': 'ec2:GetEbsDefaultKmsKeyId',
  },
  async collect(ctx) {
    const home = ctx.clients.homeRegion;
    const [optIn, ...perRegion] = await Promise.all([
      readOperation(ctx, 'ec2', home, 'DescribeRegions', { AllRegions: true }, async () => {
        const out = await client(ctx, home).send(new DescribeRegionsCommand({ AllRegions: true }));
        return new Map((out.Regions ?? []).map((r) => [r.RegionName ?? '', r.OptInStatus ?? null]));
      }),
      ...ctx.regions.map((region) => readRegion(ctx, region)),
    ]);
    const resources: (Ec2Region | Ec2SecurityGroup)[] = [];
    for (const r of perRegion) {
      resources.push({ ...r.region, optInStatus: optIn.get(r.region.region) ?? null }, ...r.groups);
    }
    return { resources };
  },
};

async function readRegion(ctx: AwsCollectContext, region: string): Promise<{ region: Omit<Ec2Region, 'optInStatus'>; groups: Ec2SecurityGroup[] }> {
  const ec2 = client(ctx, region);
  const base = { type: 'aws.ec2.region' as const, id: regionResourceId(ctx.partition, 'ec2', region, ctx.accountId), region, accountId: ctx.accountId };
  const probed = await probeRegion(() =>
    readOperation(ctx, 'ec2', region, 'DescribeSecurityGroups', { MaxResults: PAGE_SIZE }, async (handle) => {
      const groups: SecurityGroup[] = [];
      for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: PAGE_SIZE }, { MaxResults: PAGE_SIZE })) {
        groups.push(...(page.SecurityGroups ?? []));
        handle.pageFinal(!page.NextToken);
      }
      return groups;
    }, { paginated: true, probe: true }),
  );
  if (probed.refused) return { region: { ...base, refused: probed.refused, ebsEncryptionByDefault: null, ebsDefaultKmsKeyId: null }, groups: [] };
  const [byDefault, keyId] = await Promise.all([
    readOperation(ctx, 'ec2', region, 'GetEbsEncryptionByDefault', {}, async () => {
      const out = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
      if (out.EbsEncryptionByDefault === undefined) throw incomplete('ec2', 'GetEbsEncryptionByDefault', region, 'no EbsEncryptionByDefault');
      return out.EbsEncryptionByDefault;
    }),
    readOperation(ctx, 'ec2', region, 'GetEbsDefaultKmsKeyId', {}, async () => (await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId ?? null),
  ]);
  const seen = new Set<string>();
  const groups = probed.value.map((g) => mapGroup(ctx, region, g)).filter((g) => !seen.has(g.id) && seen.add(g.id));
  return { region: { ...base, refused: null, ebsEncryptionByDefault: byDefault, ebsDefaultKmsKeyId: keyId }, groups };
}

function mapGroup(ctx: AwsCollectContext, region: string, g: SecurityGroup): Ec2SecurityGroup {
  if (!g.GroupId || g.GroupName === undefined || !g.OwnerId)
    throw incomplete('ec2', 'DescribeSecurityGroups', region, 'a security group without GroupId, GroupName or OwnerId');
  return {
    type: 'aws.ec2.security-group',
    id: securityGroupArn(ctx.partition, region, g.OwnerId, g.GroupId),
    groupId: g.GroupId,
    groupName: g.GroupName,
    description: g.Description ?? '',
    vpcId: g.VpcId ?? null,
    region,
    ownerId: g.OwnerId,
    ingress: (g.IpPermissions ?? []).map((p) => mapPermission(region, g.GroupId as string, p)),
    egress: (g.IpPermissionsEgress ?? []).map((p) => mapPermission(region, g.GroupId as string, p)),
    tags: (g.Tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

function mapPermission(region: string, groupId: string, p: SdkIpPermission): IpPermission {
  if (!p.IpProtocol) throw incomplete('ec2', 'DescribeSecurityGroups', region, `security group ${groupId}: a rule without IpProtocol`);
  return {
    ipProtocol: p.IpProtocol,
    fromPort: p.FromPort ?? null,
    toPort: p.ToPort ?? null,
    ipv4Ranges: (p.IpRanges ?? []).map((r) => ({ cidr: r.CidrIp ?? '', description: r.Description ?? null })),
    ipv6Ranges: (p.Ipv6Ranges ?? []).map((r) => ({ cidr: r.CidrIpv6 ?? '', description: r.Description ?? null })),
    prefixListIds: (p.PrefixListIds ?? []).map((x) => x.PrefixListId ?? ''),
    groupPairs: (p.UserIdGroupPairs ?? []).map((x) => ({ groupId: x.GroupId ?? null, userId: x.UserId ?? null })),
  };
}
