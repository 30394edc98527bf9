/**
 * Accepted deviations (management accepted a failing resource for a while: a break-glass user, a
 * bucket public by design) laid over the period's exceptions. Nothing is hidden: an exception keeps
 * its dates and its failing snapshots; it is marked with the acceptances that cover it and counted
 * apart only when every failing snapshot of it falls inside an acceptance. When an acceptance
 * expires (or starts) while the resource still fails, the exception stays an exception and says
 * from when it is one again.
 *
 * Acceptance windows are whole UTC days, both ends included, compared with each failing snapshot's
 * capture day: what was observed, not what was scheduled.
 */
import type { CheckException, ExceptionAcceptance } from '../../model/evaluation.ts';

/** An accepted deviation as the journal records it (fieldwork journal, `binder accept`). */
export interface AcceptedDeviation {
  /** Where it is recorded, e.g. "journal 12". */
  ref: string;
  checkId: string;
  /** The source it applies to; null: every source. */
  source: string | null;
  /** A resource id, or a glob where `*` matches any run of characters (e.g. arn:aws:iam::1:user/breakglass-*). */
  resource: string;
  reason: string;
  approvedBy: string;
  recordedBy: string;
  recordedAt: string;
  /** First and last day it holds (UTC, inclusive), YYYY-MM-DD. */
  from: string;
  until: string;
}

/** The capture times of one source's snapshots in the period, oldest first. */
export type CaptureTimes = readonly string[];

function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's');
}

/**
 * Whether a deviation's resource pattern names this resource id: an exact id, or a glob where `*`
 * matches any run of characters (none included) and every other character matches itself.
 */
export function matchesResource(pattern: string, resourceId: string): boolean {
  return pattern.includes('*') ? globToRegExp(pattern).test(resourceId) : pattern === resourceId;
}

const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/**
 * The exception with `acceptance` set when some deviation covers part of it, or as it was.
 * `captures` are its source's snapshot capture times: the failing snapshots of the exception are
 * those from firstSeen to lastSeen (a run of failures is contiguous by construction).
 */
export function applyAcceptances(
  exception: CheckException,
  deviations: readonly AcceptedDeviation[],
  captures: CaptureTimes,
): CheckException {
  const relevant = deviations.filter(
    (d) =>
      d.checkId === exception.checkId &&
      (d.source === null || d.source === exception.source) &&
      matchesResource(d.resource, exception.resourceId),
  );
  if (relevant.length === 0) return exception;
  const first = Date.parse(exception.firstSeen);
  const last = Date.parse(exception.lastSeen);
  const failing = captures.filter((t) => {
    const ms = Date.parse(t);
    return ms >= first && ms <= last;
  });
  // A run always has its own first snapshot; guard against captures that do not list it.
  if (failing.length === 0) failing.push(exception.firstSeen);
  const covering = (t: string) => relevant.filter((d) => d.from <= dayOf(t) && dayOf(t) <= d.until);
  const used = new Set<AcceptedDeviation>();
  let uncovered = 0;
  let exceptionAgainFrom: string | null = null;
  let coveredBefore = false;
  for (const t of failing) {
    const cover = covering(t);
    if (cover.length > 0) {
      for (const d of cover) used.add(d);
      coveredBefore = true;
    } else {
      uncovered++;
      // The first failing observation after an acceptance ran out: an exception again from here.
      if (coveredBefore && exceptionAgainFrom === null) exceptionAgainFrom = t;
    }
  }
  if (used.size === 0) return exception;
  const acceptance: ExceptionAcceptance = {
    whole: uncovered === 0,
    failingSnapshots: failing.length,
    acceptedSnapshots: failing.length - uncovered,
    exceptionAgainFrom,
    by: [...used]
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.ref < b.ref ? -1 : 1))
      .map((d) => ({
        ref: d.ref,
        approvedBy: d.approvedBy,
        recordedBy: d.recordedBy,
        recordedAt: d.recordedAt,
        from: d.from,
        until: d.until,
        reason: d.reason,
        resource: d.resource,
      })),
  };
  return { ...exception, acceptance };
}

/** Whether the exception counts as an accepted deviation rather than an exception. */
export function isWhollyAccepted(exception: CheckException): boolean {
  return exception.acceptance?.whole === true;
}
