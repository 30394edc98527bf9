/**
 * Attaches documents already read and checked: each document's bytes are stored (content-addressed,
 * before its journal entry), then one attachment entry names them. A document whose bytes are
 * already attached with the same metadata stores nothing and says which entry holds it; the same
 * bytes with other metadata get a new entry pointing at the stored document.
 */
import { canonicalJson, sha256Hex } from '../model/canonical-json.ts';
import { documentKeyOf } from '../store/journal.ts';
import type { AttachmentPayload, JournalEntry } from '../store/journal-types.ts';
import type { EvidenceStore } from '../store/types.ts';

export interface DocumentToAttach {
  /** Where it was read from, for messages. */
  origin: string;
  fileName: string;
  mediaType: string;
  body: Uint8Array;
  title: string;
  criteria: string[];
  effective: string;
  expires: string | null;
  description: string | null;
  sourceUrl: string | null;
}

export interface AttachOutcome {
  origin: string;
  fileName: string;
  sha256: string;
  documentKey: string;
  /** attached: a new entry; already-attached: nothing stored. */
  status: 'attached' | 'already-attached';
  journalSeq: number;
  /**
   * Whether the bytes were written now: false for bytes already stored (attached before, with the
   * same or other metadata); true for an already-attached document whose bytes had gone missing.
   */
  documentStored: boolean;
}

/** The metadata two attachments of the same bytes are compared on (not who or when). */
function sameMetadata(a: AttachmentPayload, b: AttachmentPayload): boolean {
  const meta = (p: AttachmentPayload) => canonicalJson({ ...p, criteria: [...p.criteria].sort() });
  return meta(a) === meta(b);
}

export async function attachDocuments(store: EvidenceStore, docs: readonly DocumentToAttach[], by: string, now: () => Date): Promise<AttachOutcome[]> {
  const journal: JournalEntry[] = await store.readJournal();
  const out: AttachOutcome[] = [];
  for (const d of docs) {
    const sha256 = sha256Hex(d.body);
    const payload: AttachmentPayload = {
      documentSha256: sha256,
      documentKey: documentKeyOf(sha256),
      fileName: d.fileName,
      size: d.body.length,
      mediaType: d.mediaType,
      title: d.title,
      criteria: d.criteria,
      effective: d.effective,
      expires: d.expires,
      description: d.description,
      sourceUrl: d.sourceUrl,
    };
    const same = journal.find((e) => e.kind === 'attachment' && sameMetadata(e.attachment, payload));
    if (same) {
      // Nothing new to record; the bytes are put back only if the document went missing (same content address, same bytes).
      const restored = await store.putDocument(d.body, d.mediaType);
      out.push({ origin: d.origin, fileName: d.fileName, sha256, documentKey: payload.documentKey, status: 'already-attached', journalSeq: same.seq, documentStored: restored.created });
      continue;
    }
    const stored = await store.putDocument(d.body, d.mediaType);
    const entry = await store.appendJournal({ kind: 'attachment', recordedAt: now().toISOString(), recordedBy: by, attachment: payload });
    journal.push(entry);
    out.push({ origin: d.origin, fileName: d.fileName, sha256, documentKey: stored.key, status: 'attached', journalSeq: entry.seq, documentStored: stored.created });
  }
  return out;
}
