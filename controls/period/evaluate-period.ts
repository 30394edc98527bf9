/**
 * Entry point of the period evaluation used by `binder evaluate` and `binder build`: the core
 * (evaluate-period-with.ts) wired to the registered checks and the criteria/control catalog,
 * each replaceable (tests, or a deployment with its own control set).
 */
import type { PeriodEvaluation } from '../../model/evaluation.ts';
import { CONTROLS } from '../catalog/controls.ts';
import { CRITERIA } from '../catalog/criteria.ts';
import { ALL_CHECKS } from '../checks/index.ts';
import {
  evaluatePeriodWith,
  type EvaluatePeriodWithOptions,
  type PeriodCatalog,
} from './evaluate-period-with.ts';

export type EvaluatePeriodOptions = Omit<EvaluatePeriodWithOptions, keyof PeriodCatalog> &
  Partial<PeriodCatalog>;

export function evaluatePeriod(options: EvaluatePeriodOptions): Promise<PeriodEvaluation> {
  return evaluatePeriodWith({
    ...options,
    checks: options.checks ?? ALL_CHECKS,
    criteria: options.criteria ?? CRITERIA,
    controls: options.controls ?? CONTROLS,
  });
}
