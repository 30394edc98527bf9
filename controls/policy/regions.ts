/**
 * Shared by the region-level checks (one aws.<service>.region resource per configured region): a
 * region that refused the service (not enabled for the account) is not applicable, with a reason
 * naming the error code AWS gave.
 */
import type { RegionRefusal } from '../../model/resources.ts';
import type { Verdict } from '../check.ts';

/** "region eu-west-1". */
export function regionLabel(r: { region: string }): string {
  return `region ${r.region}`;
}

/** The not-applicable verdict of a refused region, or null when the region answered. */
export function refusedRegion(r: { region: string; refused: RegionRefusal | null }): Verdict | null {
  if (r.refused === null) return null;
  return {
    outcome: 'not-applicable',
    reason: `${regionLabel(r)}: not enabled for the account (${r.refused.errorCode})`,
  };
}
