/**
 * A scenario whose states are edited by a function, for tests that need a configuration the
 * year's story never contains (e.g. a bucket without encryption). Everything else is the base's.
 */
import type { Resource } from '../../model/resources.ts';
import type { AccountState, Scenario } from '../../sandbox/scenario.ts';

export function editedScenario(base: Scenario, edit: (resources: Resource[], day: number) => Resource[]): Scenario {
  const cache = new Map<number, AccountState>();
  return {
    seed: base.seed,
    accountId: base.accountId,
    callerArn: base.callerArn,
    callerUserId: base.callerUserId,
    start: base.start,
    days: base.days,
    size: base.size,
    ownerCanonicalId: base.ownerCanonicalId,
    plantedViolations: base.plantedViolations,
    regions: base.regions,
    optInRegion: base.optInRegion,
    collectedRegions: base.collectedRegions,
    ledgerKeyId: base.ledgerKeyId,
    guardDutyFindings: (region, day) => base.guardDutyFindings(region, day),
    get answerKey() {
      return base.answerKey;
    },
    // The edits change states, not the lifecycle the scenario performs.
    get lifecycleEvents() {
      return base.lifecycleEvents;
    },
    snapshotTime: (d) => base.snapshotTime(d),
    dayString: (d) => base.dayString(d),
    hasVirtualMfa: (u) => base.hasVirtualMfa(u),
    stateOn(day) {
      let s = cache.get(day);
      if (!s) {
        s = { accountId: base.accountId, resources: edit(base.stateOn(day).resources.slice(), day) };
        cache.set(day, s);
      }
      return s;
    },
  };
}
