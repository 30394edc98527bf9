/**
 * Region coverage, shared by cloudtrail.region-management-events-logged and
 * cloudtrail.multi-region-trail: which trails of the snapshot reach a region and whether one of
 * them is logging with read and write management events (controls/policy/trailManagementEvents.ts).
 *
 * Trails are the snapshot's aws.cloudtrail.trail resources whatever account owns them: an
 * organization trail of the management account reaches the member account's regions. A trail ARN
 * listed in the region (trailArns) without a trail resource in the snapshot is not counted: its
 * status and selectors are unknown.
 */
import type { CloudTrailRegion, CloudTrailTrail } from '../../../model/resources.ts';
import type { CheckContext, Verdict } from '../../check.ts';
import { refusedRegion, regionLabel } from '../../policy/regions.ts';
import { managementEventsReading } from '../../policy/trailManagementEvents.ts';

export function trailLabel(trail: CloudTrailTrail, accountId?: string): string {
  const owner =
    accountId !== undefined && trail.ownerAccountId !== accountId ? `, owner ${trail.ownerAccountId}` : '';
  return `trail ${trail.name} (${trail.isMultiRegionTrail ? 'multi-region' : trail.homeRegion}${owner})`;
}

export interface CoverageRule {
  /** Count only multi-region trails (cloudtrail.multi-region-trail). */
  multiRegionOnly: boolean;
}

export function judgeCoverage(region: CloudTrailRegion, ctx: CheckContext, rule: CoverageRule): Verdict {
  const refused = refusedRegion(region);
  if (refused) return refused;
  const label = regionLabel(region);
  const reaching = ctx.index
    .ofType('aws.cloudtrail.trail')
    .filter((t) => t.isMultiRegionTrail || (!rule.multiRegionOnly && t.homeRegion === region.region));
  const seen: string[] = [];
  for (const trail of reaching) {
    const name = trailLabel(trail, region.accountId);
    const reading = managementEventsReading(trail);
    if (trail.status.isLogging && reading.readAndWrite)
      return { outcome: 'pass', reason: `${label}: ${name} is logging; ${reading.how}` };
    seen.push(
      !trail.status.isLogging
        ? `${name} not logging`
        : `${name} does not record read and write management events (${reading.how})`,
    );
  }
  const what = rule.multiRegionOnly ? 'no multi-region trail' : 'no trail (multi-region or homed here)';
  return {
    outcome: 'fail',
    reason:
      seen.length > 0
        ? `${label}: ${what} is logging read and write management events: ${seen.join('; ')}`
        : `${label}: ${what} reaches the region`,
  };
}
