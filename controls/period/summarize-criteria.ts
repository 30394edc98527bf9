/**
 * Per-criterion summary: in scope or not (security always is), how it is evidenced, and a status
 * drawn from its controls, the worst first: exceptions, then not-tested (an automated control that
 * did not run, or no control at all), then effective, then manual.
 */
import type { Category } from '../../config/schema.ts';
import type { CheckSummary, ControlSummary, CriterionSummary } from '../../model/evaluation.ts';
import type { Control, Criterion } from '../catalog/types.ts';
import { coverageOf } from '../catalog/index.ts';
import { passRate, totalsOf } from './summarize-controls.ts';

export function summarizeCriteria(
  criteria: readonly Criterion[],
  controls: readonly Control[],
  controlSummaries: readonly ControlSummary[],
  checks: ReadonlyMap<string, CheckSummary>,
  categories: readonly Category[],
): CriterionSummary[] {
  const inScopeCategories = new Set<string>(['security', ...categories]);
  const summaryById = new Map(controlSummaries.map((c) => [c.controlId, c]));
  return criteria.map((criterion) => {
    const supporting = controls.filter((c) => c.criteria.includes(criterion.id));
    const controlIds = supporting.map((c) => c.id).sort();
    const statuses = new Set(controlIds.map((id) => summaryById.get(id)?.status));
    const inScope = inScopeCategories.has(criterion.category);
    const t = totalsOf(
      supporting.flatMap((c) => c.checkIds),
      checks,
    );
    const status: CriterionSummary['status'] = !inScope
      ? 'out-of-scope'
      : statuses.has('exceptions')
        ? 'exceptions'
        : statuses.has('not-tested') || controlIds.length === 0
          ? 'not-tested'
          : statuses.has('effective')
            ? 'effective'
            : 'manual';
    return {
      criterionId: criterion.id,
      category: criterion.category,
      group: criterion.group,
      title: criterion.title,
      inScope,
      coverage: coverageOf(criterion.id, controls),
      controlIds,
      status,
      passRate: passRate(t.pass, t.fail),
      openExceptions: t.open,
      closedExceptions: t.closed,
      acceptedExceptions: t.accepted,
    };
  });
}
