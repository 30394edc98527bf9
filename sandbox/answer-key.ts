/**
 * The answer key: every maximal run of failures of a (check, resource) over the scenario's days,
 * derived by evaluating the reference checks on each day's state at its 02:00 UTC snapshot time,
 * and attributed to the planted violation that touches that resource in that window. So adding an
 * event never leaves the key stale: side effects (a second check failing, a resource that
 * vanishes) appear by themselves. A run no plant explains is flagged "unplanned" (a scenario bug;
 * tests require there are none).
 */
import type { CheckId } from '../controls/checks/index.ts';
import type { Resource, ResourceType } from '../model/resources.ts';
import { IncrementalReference } from './reference-checks.ts';
import type { PlantedViolation } from './scenario-plants.ts';

export interface AnswerKeyEntry {
  checkId: CheckId;
  resourceType: ResourceType;
  resourceId: string;
  /** First day (YYYY-MM-DD, the snapshot date) the check fails on the resource. */
  firstSeen: string;
  /** First day after that it passes again or the resource is gone; null if failing on the last day. */
  fixedAt: string | null;
  description: string;
  /** The planted violation that causes it; null = unplanned (should never happen). */
  plantId: string | null;
}

export interface DayWalker {
  days: number;
  /**
   * Calls visit for day = 0 .. days-1 in order with the keys changed since the previous day (all
   * keys on day 0), a lookup of the day's resources by key, and the snapshot time.
   */
  walk(
    visit: (
      day: number,
      changed: Iterable<string>,
      get: (key: string) => Resource | undefined,
      snapshotMs: number,
    ) => void,
  ): void;
  dayString(day: number): string;
}

export function deriveAnswerKey(walker: DayWalker, plants: readonly PlantedViolation[]): AnswerKeyEntry[] {
  const open = new Map<
    string,
    { checkId: CheckId; resourceType: ResourceType; resourceId: string; first: number; reason: string }
  >();
  const runs: {
    checkId: CheckId;
    resourceType: ResourceType;
    resourceId: string;
    first: number;
    reason: string;
    fixed: number | null;
  }[] = [];
  const reference = new IncrementalReference();
  walker.walk((day, changed, get, snapshotMs) => {
    reference.update(changed, get);
    const today = new Set<string>();
    for (const f of reference.failuresAt(snapshotMs)) {
      const key = `${f.checkId}\u0000${f.resourceType}\u0000${f.resourceId}`;
      today.add(key);
      if (!open.has(key))
        open.set(key, {
          checkId: f.checkId,
          resourceType: f.resourceType,
          resourceId: f.resourceId,
          first: day,
          reason: f.reason,
        });
    }
    for (const [key, run] of open) {
      if (!today.has(key)) {
        runs.push({ ...run, fixed: day });
        open.delete(key);
      }
    }
  });
  for (const run of open.values()) runs.push({ ...run, fixed: null });

  const entries = runs.map((run): AnswerKeyEntry => {
    const plant = plants.find(
      (p) =>
        p.subjects.some((s) => s.resourceId === run.resourceId && s.resourceType === run.resourceType) &&
        run.first >= p.startDay &&
        run.first <= (p.endDay ?? walker.days),
    );
    return {
      checkId: run.checkId,
      resourceType: run.resourceType,
      resourceId: run.resourceId,
      firstSeen: walker.dayString(run.first),
      fixedAt: run.fixed === null ? null : walker.dayString(run.fixed),
      description: plant
        ? `${plant.title} (${plant.id}): fails ${run.checkId}: ${run.reason}`
        : `UNPLANNED failure of ${run.checkId}: ${run.reason}`,
      plantId: plant ? plant.id : null,
    };
  });
  entries.sort((a, b) =>
    a.firstSeen !== b.firstSeen
      ? a.firstSeen < b.firstSeen
        ? -1
        : 1
      : a.checkId < b.checkId
        ? -1
        : a.checkId > b.checkId
          ? 1
          : a.resourceId < b.resourceId
            ? -1
            : 1,
  );
  return entries;
}
