/** The evaluation with stats.durationMs (its only non-deterministic field) set to 0, for comparing or hashing. */
import type { PeriodEvaluation } from '../../model/evaluation.ts';

export function zeroDuration(evaluation: PeriodEvaluation): PeriodEvaluation {
  return { ...evaluation, stats: { ...evaluation.stats, durationMs: 0 } };
}
