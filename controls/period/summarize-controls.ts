/**
 * Per-control verdict over the period from its checks' summaries: effective (tested, no exception),
 * exceptions, not-tested (automated but none of its checks ran on a snapshot), or manual.
 * A control evidenced only by change records (the drift record binder derives from the snapshots)
 * is effective when the period holds snapshots and not-tested when it holds none; gaps in those
 * snapshots are reported under coverage.
 */
import type { CheckSummary, ControlSummary } from '../../model/evaluation.ts';
import type { Control } from '../catalog/types.ts';
import { isWhollyAccepted } from './apply-acceptances.ts';
import { isAutomatedControl } from './is-automated-control.ts';

export interface CheckTotals {
  pass: number;
  fail: number;
  open: number;
  closed: number;
  /** Exceptions wholly within accepted deviations: not in open or closed. */
  accepted: number;
  /** Snapshots the check was evaluated on. */
  snapshots: number;
}

/** Totals of the enabled checks among `checkIds` (unknown and disabled ids count for nothing). */
export function totalsOf(
  checkIds: Iterable<string>,
  checks: ReadonlyMap<string, CheckSummary>,
): CheckTotals & { tested: number } {
  const t = { pass: 0, fail: 0, open: 0, closed: 0, accepted: 0, snapshots: 0, tested: 0 };
  for (const id of new Set(checkIds)) {
    const s = checks.get(id);
    if (!s || s.disabled) continue;
    for (const tally of s.tallies) {
      t.pass += tally.pass;
      t.fail += tally.fail;
    }
    for (const e of s.exceptions) {
      if (isWhollyAccepted(e)) t.accepted++;
      else if (e.open) t.open++;
      else t.closed++;
    }
    t.snapshots += s.tallies.length;
    if (s.tallies.length > 0) t.tested++;
  }
  return t;
}

export function passRate(pass: number, fail: number): number | null {
  return pass + fail === 0 ? null : pass / (pass + fail);
}

export function summarizeControls(
  controls: readonly Control[],
  checks: ReadonlyMap<string, CheckSummary>,
  /** Snapshots in the period (all sources). */
  snapshotCount: number,
): ControlSummary[] {
  return [...controls]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((control) => {
      const t = totalsOf(control.checkIds, checks);
      const status: ControlSummary['status'] = !isAutomatedControl(control)
        ? control.evidencedBy.includes('change-records')
          ? snapshotCount > 0
            ? 'effective'
            : 'not-tested'
          : 'manual'
        : t.tested === 0
          ? 'not-tested'
          : t.open + t.closed > 0
            ? 'exceptions'
            : 'effective';
      return {
        controlId: control.id,
        title: control.title,
        description: control.description,
        criteria: [...control.criteria],
        frequency: control.frequency,
        evidencedBy: [...control.evidencedBy],
        checkIds: [...control.checkIds],
        status,
        passRate: passRate(t.pass, t.fail),
        openExceptions: t.open,
        closedExceptions: t.closed,
        acceptedExceptions: t.accepted,
      };
    });
}
