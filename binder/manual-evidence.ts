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
