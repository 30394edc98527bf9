/** The catalog: criteria, controls, and lookups between them. */
import type { Category } from '../../config/schema.ts';
import { CONTROLS } from './controls.ts';
import { CRITERIA } from './criteria.ts';
import type { Control, Criterion } from './types.ts';

export { CONTROLS } from './controls.ts';
export { CRITERIA } from './criteria.ts';
export type { Control, Criterion, EvidenceKind, Frequency } from './types.ts';

export type Coverage = 'automated' | 'manual' | 'mixed' | 'none';

/** Criteria in scope: security (the common criteria) always, plus the chosen categories. */
export function criteriaInScope(
  categories: readonly Category[],
  criteria: readonly Criterion[] = CRITERIA,
): Criterion[] {
  const chosen = new Set<Category>(['security', ...categories]);
  return criteria.filter((c) => chosen.has(c.category));
}

/** The controls that support a criterion, in catalog order. */
export function controlsFor(criterionId: string, controls: readonly Control[] = CONTROLS): Control[] {
  return controls.filter((c) => c.criteria.includes(criterionId));
}

/**
 * How a criterion is evidenced: "automated" when only system-generated evidence supports it
 * (checks or change records), "manual" when only documents, "mixed" when both, "none" when no
 * control maps to it.
 */
export function coverageOf(criterionId: string, controls: readonly Control[] = CONTROLS): Coverage {
  const mapped = controlsFor(criterionId, controls);
  const system = mapped.some((c) => c.checkIds.length > 0 || c.evidencedBy.some((e) => e !== 'manual'));
  const documents = mapped.some((c) => c.evidencedBy.includes('manual'));
  if (system && documents) return 'mixed';
  if (system) return 'automated';
  if (documents) return 'manual';
  return 'none';
}

export function criterionById(id: string, criteria: readonly Criterion[] = CRITERIA): Criterion | undefined {
  return criteria.find((c) => c.id === id);
}
