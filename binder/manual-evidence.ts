/**
 * Manual evidence (policies, minutes, signed acknowledgements) handed to the binder by the caller,
 * indexed by criterion with the date it took effect (not the upload date).
 */
export interface ManualEvidenceItem {
  title: string;
  /** Criteria it evidences, e.g. ['CC1.1']. */
  criteria: string[];
  /** The day the document took effect, YYYY-MM-DD. */
  effectiveDate: string;
  /** File name inside evidence/manual/ (letters, digits, dot, dash, underscore). */
  fileName: string;
  body: Uint8Array;
  description?: string;
  /** Where it came from (e.g. the policy portal URL), for screenshots and exports. */
  sourceUrl?: string;
  /** The last day it is in effect (attached documents); absent: no expiry. */
  expires?: string | null;
  /** The fieldwork journal entry that attached it (`binder attach`); absent for the folder. */
  journalSeq?: number;
  /** Who attached it and when (journal entries). */
  attachedBy?: string;
  attachedAt?: string;
}

/** A manual evidence item as recorded in the binder. */
export interface ManualEvidenceEntry {
  title: string;
  criteria: string[];
  effectiveDate: string;
  path: string;
  size: number;
  sha256: string;
  description: string | null;
  sourceUrl: string | null;
  expires: string | null;
  /** In effect at the end of the period, or expired within it (then flagged in the PDF). */
  standing: 'in-effect' | 'expired-during-period';
  /** Where it came from: the store's fieldwork journal (entry seq, by, when) or the manualEvidence folder. */
  from: { journalSeq: number; attachedBy: string; attachedAt: string } | { folder: true };
}

/** A document that does not evidence the period, for the PDF's flags. */
export interface ManualEvidenceProblem {
  title: string;
  criteria: string[];
  problem: 'effective-after-period' | 'missing-from-store';
  detail: string;
}

export class ManualEvidenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManualEvidenceError';
  }
}

/** Checks an item's fields; throws naming the item and the field. */
export function validateManualEvidence(item: ManualEvidenceItem, index: number): void {
  const where = `manualEvidence[${index}] (${JSON.stringify(item.title)})`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/.test(item.fileName)) {
    throw new ManualEvidenceError(`${where}.fileName ${JSON.stringify(item.fileName)} must be letters, digits, dot, dash or underscore`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(item.effectiveDate) || Number.isNaN(Date.parse(item.effectiveDate))) {
    throw new ManualEvidenceError(`${where}.effectiveDate ${JSON.stringify(item.effectiveDate)} must be a day, YYYY-MM-DD`);
  }
  if (item.criteria.length === 0) throw new ManualEvidenceError(`${where}.criteria is empty; name the criteria it evidences`);
}
