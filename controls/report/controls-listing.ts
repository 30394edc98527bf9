/**
 * The catalog as data for `binder controls --json`: every criterion with the controls that support
 * it and how it is evidenced, every control with its checks, and every automated check.
 */
import type { Check } from '../check.ts';
import { coverageOf, type Coverage } from '../catalog/index.ts';
import type { Control, Criterion } from '../catalog/types.ts';

export interface CatalogInput {
  criteria: readonly Criterion[];
  controls: readonly Control[];
  checks: readonly Check[];
}

export interface ControlsListing {
  schema: 'binder.controls/v1';
  counts: { criteria: number; controls: number; checks: number; coverage: Record<Coverage, number> };
  criteria: {
    id: string;
    category: string;
    group: string;
    title: string;
    coverage: Coverage;
    controlIds: string[];
  }[];
  controls: {
    id: string;
    title: string;
    description: string;
    criteria: string[];
    frequency: string;
    evidencedBy: string[];
    checkIds: string[];
    manualEvidence: string[];
  }[];
  checks: {
    id: string;
    title: string;
    severity: string;
    criteria: string[];
    timeDependent: boolean;
    note: string | null;
  }[];
}

export function controlsListing(catalog: CatalogInput): ControlsListing {
  const coverage: Record<Coverage, number> = { automated: 0, mixed: 0, manual: 0, none: 0 };
  const criteria = catalog.criteria.map((c) => {
    const cov = coverageOf(c.id, catalog.controls);
    coverage[cov]++;
    return {
      id: c.id,
      category: c.category,
      group: c.group,
      title: c.title,
      coverage: cov,
      controlIds: catalog.controls.filter((k) => k.criteria.includes(c.id)).map((k) => k.id),
    };
  });
  return {
    schema: 'binder.controls/v1',
    counts: {
      criteria: catalog.criteria.length,
      controls: catalog.controls.length,
      checks: catalog.checks.length,
      coverage,
    },
    criteria,
    controls: catalog.controls.map((k) => ({
      id: k.id,
      title: k.title,
      description: k.description,
      criteria: [...k.criteria],
      frequency: k.frequency,
      evidencedBy: [...k.evidencedBy],
      checkIds: [...k.checkIds],
      manualEvidence: [...(k.manualEvidence ?? [])],
    })),
    checks: [...catalog.checks]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((c) => ({
        id: c.id,
        title: c.title,
        severity: c.severity,
        criteria: [...c.criteria],
        timeDependent: c.timeDependent,
        note: c.note,
      })),
  };
}
