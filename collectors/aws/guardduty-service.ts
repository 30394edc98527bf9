/**
 * GuardDuty: in every configured region, the detectors with their status and protection plans,
 * and each detector's open findings of severity 7 or more (high and critical) that are not
 * archived, with their creation times, so "high findings are triaged within N days" can be
 * judged. Per snapshot: per region 1 ListDetectors page, then per detector 1 GetDetector,
 * 1+ ListFindings pages and one GetFindings per 50 open high findings.
 */
import {
  GetDetectorCommand,
  GetFindingsCommand,
  GuardDutyClient,
  paginateListDetectors,
  paginateListFindings,
  type FindingCriteria,
} from '@aws-sdk/client-guardduty';
import { regionResourceId, type GuardDutyDetector, type GuardDutyFinding, type GuardDutyRegion } from '../../model/resources.ts';
import { incomplete, probeRegion, readOperation, toIsoUtc } from './regional-read.ts';
import type { AwsCollectContext, AwsServiceCollector } from './service-collector.ts';

export const HIGH_SEVERITY = 7;
const PAGE_SIZE = 50;
const GET_FINDINGS_BATCH = 50;

/** Open (not archived) findings of severity HIGH_SEVERITY or more. */
export const OPEN_HIGH_FINDINGS: FindingCriteria = {
  Criterion: {
    severity: { GreaterThanOrEqual: HIGH_SEVERITY },
    'service.archived': { Equals: ['false'] },
  },
};

const client = (ctx: AwsCollectContext, region: string) =>
  ctx.clients.regional('GUARDDUTY', region, (config) => new GuardDutyClient(config));

export const guarddutyService: AwsServiceCollector = {
  name: 'guardduty',
  resourceTypes: ['aws.guardduty.region'],
  operations: {
    'guardduty:ListDetectors': 'guardduty:ListDetectors',
    'guardduty:GetDetector': 'guardduty:GetDetector',
    'guardduty:ListFindings': 'guardduty:ListFindings',
    'guardduty:GetFindings': 'guardduty:GetFindings',
  },
  async collect(ctx) {
    return { resources: await Promise.all(ctx.regions.map((region) => readRegion(ctx, region))) };
  },
};

async function readRegion(ctx: AwsCollectContext, region: string): Promise<GuardDutyRegion> {
  const base = { type: 'aws.guardduty.region' as const, id: regionResourceId(ctx.partition, 'guardduty', region, ctx.accountId), region, accountId: ctx.accountId };
  const probed = await probeRegion(() =>
    readOperation(ctx, 'guardduty', region, 'ListDetectors', { MaxResults: PAGE_SIZE }, async (handle) => {
      const ids: string[] = [];
      for await (const page of paginateListDetectors({ client: client(ctx, region), pageSize: PAGE_SIZE }, { MaxResults: PAGE_SIZE })) {
        ids.push(...(page.DetectorIds ?? []));
        handle.pageFinal(!page.NextToken);
      }
      return ids;
    }, { paginated: true, probe: true }),
  );
  if (probed.refused) return { ...base, refused: probed.refused, detectors: [] };
  const detectors = await Promise.all([...new Set(probed.value)].sort().map((id) => readDetector(ctx, region, id)));
  return { ...base, refused: null, detectors };
}

async function readDetector(ctx: AwsCollectContext, region: string, detectorId: string): Promise<GuardDutyDetector> {
  const gd = client(ctx, region);
  const [detector, findingIds] = await Promise.all([
    readOperation(ctx, 'guardduty', region, 'GetDetector', { DetectorId: detectorId }, () =>
      gd.send(new GetDetectorCommand({ DetectorId: detectorId })),
    ),
    readOperation(ctx, 'guardduty', region, 'ListFindings', { DetectorId: detectorId, FindingCriteria: OPEN_HIGH_FINDINGS, MaxResults: PAGE_SIZE }, async (handle) => {
      const ids: string[] = [];
      for await (const page of paginateListFindings({ client: gd, pageSize: PAGE_SIZE }, { DetectorId: detectorId, FindingCriteria: OPEN_HIGH_FINDINGS, MaxResults: PAGE_SIZE })) {
        ids.push(...(page.FindingIds ?? []));
        handle.pageFinal(!page.NextToken);
      }
      return [...new Set(ids)].sort();
    }, { paginated: true }),
  ]);
  if (detector.Status !== 'ENABLED' && detector.Status !== 'DISABLED')
    throw incomplete('guardduty', 'GetDetector', region, `detector ${detectorId}: Status ${String(detector.Status)}`);
  const findings: GuardDutyFinding[] = [];
  for (let i = 0; i < findingIds.length; i += GET_FINDINGS_BATCH) {
    const batch = findingIds.slice(i, i + GET_FINDINGS_BATCH);
    const out = await readOperation(ctx, 'guardduty', region, 'GetFindings', { DetectorId: detectorId, FindingIds: batch }, () =>
      gd.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch })),
    );
    for (const f of out.Findings ?? []) {
      const createdAt = toIsoUtc(f.CreatedAt);
      const updatedAt = toIsoUtc(f.UpdatedAt);
      if (!f.Id || !f.Type || f.Severity === undefined || !createdAt || !updatedAt)
        throw incomplete('guardduty', 'GetFindings', region, `a finding of detector ${detectorId} without Id, Type, Severity, CreatedAt or UpdatedAt`);
      // Archived (or re-rated) between ListFindings and GetFindings: no longer an open high finding.
      if (f.Severity < HIGH_SEVERITY || f.Service?.Archived === true) continue;
      findings.push({ id: f.Id, type: f.Type, severity: f.Severity, title: f.Title ?? '', resourceType: f.Resource?.ResourceType ?? null, createdAt, updatedAt });
    }
  }
  return {
    detectorId,
    status: detector.Status,
    findingPublishingFrequency: detector.FindingPublishingFrequency ?? null,
    createdAt: toIsoUtc(detector.CreatedAt),
    updatedAt: toIsoUtc(detector.UpdatedAt),
    features: (detector.Features ?? []).map((f) => ({ name: f.Name ?? '', status: f.Status ?? '' })), // in AWS's order
    openHighSeverityFindings: findings.sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}
