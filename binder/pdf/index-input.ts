/** Everything the PDF index shows, computed before it is drawn. */
import type { PeriodEvaluation } from '../../model/evaluation.ts';
import type { Citation } from '../cite-snapshots.ts';
import type { ManifestFile } from '../manifest.ts';
import type { JournalEntry } from '../../store/journal-types.ts';
import type { FieldworkSummary } from '../fieldwork-evidence.ts';
import type { ManualEvidenceEntry, ManualEvidenceProblem } from '../manual-evidence.ts';

export interface IndexPdfInput {
  evaluation: PeriodEvaluation;
  /** The tool that built the binder. */
  builtWith: { name: string; version: string };
  /** SHA-256 over the SHA256SUMS lines of evidence/ (see manifest.ts). */
  evidenceDigest: string;
  /** Hex SHA-256 of the signing key's DER SPKI; null = unsigned binder. */
  signingFingerprint: string | null;
  citations: readonly Citation[];
  /** Every file under evidence/, with size and SHA-256. */
  evidenceFiles: readonly ManifestFile[];
  manualEvidence: readonly ManualEvidenceEntry[];
  /** Attached documents that do not evidence the period (effective only after it): flagged per control. */
  documentProblems: readonly ManualEvidenceProblem[];
  fieldwork: FieldworkSummary;
  /** The fieldwork journal as verified (responses, acceptances, attachments). */
  journal: readonly JournalEntry[];
}
