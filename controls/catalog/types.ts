/** Shapes of the criteria catalog and the control set (data in criteria.ts and controls.ts). */
import type { Category } from '../../config/schema.ts';

export interface Criterion {
  id: string; // CC6.1
  category: Category;
  group: string; // "Logical & physical access"
  title: string; // short paraphrase in our own words
}

export type Frequency = 'continuous' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annual' | 'per-event';
export type EvidenceKind = 'automated' | 'change-records' | 'manual';

export interface Control {
  id: string; // e.g. "AC-01"
  title: string;
  /** What the organization does, in one or two sentences. */
  description: string;
  criteria: readonly string[];
  frequency: Frequency;
  evidencedBy: readonly EvidenceKind[];
  /** Automated checks that evidence it: the registered checks whose `control` is this id (controls/checks/index.ts). */
  checkIds: readonly string[];
  /** For manual evidence: what documents are expected (policy, minutes, ...). */
  manualEvidence?: readonly string[];
}
