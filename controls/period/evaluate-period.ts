/**
 * Entry point of the period evaluation used by `binder evaluate` and `binder build`: the core
 * (evaluate-period-with.ts) wired to the registered checks and the criteria/control catalog,
 * each replaceable (tests, or a deployment with its own control set), and to the accepted
 * deviations the store's fieldwork journal records (`binder accept`).
 */
import type { PeriodEvaluation } from '../../model/evaluation.ts';
import type { JournalEntry } from '../../store/journal-types.ts';
import { CONTROLS } from '../catalog/controls.ts';
import { CRITERIA } from '../catalog/criteria.ts';
import { ALL_CHECKS } from '../checks/index.ts';
import type { AcceptedDeviation } from './apply-acceptances.ts';
import {
  evaluatePeriodWith,
  type EvaluatePeriodWithOptions,
  type PeriodCatalog,
} from './evaluate-period-with.ts';

export type EvaluatePeriodOptions = Omit<EvaluatePeriodWithOptions, keyof PeriodCatalog | 'store'> &
  Partial<PeriodCatalog> & {
    /** With readJournal, its acceptances are laid over the exceptions unless `acceptances` is given. */
    store: EvaluatePeriodWithOptions['store'] & { readJournal?: () => Promise<JournalEntry[]> };
  };

/** The journal's acceptance entries as the evaluation takes them. */
export function acceptedDeviations(journal: readonly JournalEntry[]): AcceptedDeviation[] {
  return journal.flatMap((e) =>
    e.kind === 'acceptance'
      ? [
          {
            ref: `journal ${e.seq}`,
            checkId: e.acceptance.checkId,
            source: e.acceptance.source,
            resource: e.acceptance.resource,
            reason: e.acceptance.reason,
            approvedBy: e.acceptance.approvedBy,
            recordedBy: e.recordedBy,
            recordedAt: e.recordedAt,
            from: e.acceptance.from,
            until: e.acceptance.until,
          },
        ]
      : [],
  );
}

export async function evaluatePeriod(options: EvaluatePeriodOptions): Promise<PeriodEvaluation> {
  const acceptances = options.acceptances ?? (options.store.readJournal ? acceptedDeviations(await options.store.readJournal()) : []);
  return evaluatePeriodWith({
    ...options,
    acceptances,
    checks: options.checks ?? ALL_CHECKS,
    criteria: options.criteria ?? CRITERIA,
    controls: options.controls ?? CONTROLS,
  });
}
