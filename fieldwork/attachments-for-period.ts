/**
 * The documents attached in the fieldwork journal, sorted by what they are for a period (both
 * days included): in effect at its end, expired during it, expired before it, effective only
 * after it, or missing from the store. For `binder build` to take its manual evidence from the
 * store instead of a folder (not wired in yet: the binder's integration is done separately).
 *
 * Attaching the same bytes again with other metadata (criteria, dates, title) corrects them: the
 * latest attachment entry of a document is the one that counts.
 */
import type { ManualEvidenceItem } from '../binder/manual-evidence.ts';
import type { AttachmentEntry, JournalEntry } from '../store/journal-types.ts';
import type { EvidenceStore } from '../store/types.ts';
import { sha256Hex } from '../model/canonical-json.ts';

export type AttachmentStanding = 'in-effect' | 'expired-during-period' | 'expired-before-period' | 'not-yet-effective';

/** The latest attachment entry of every document, with its standing in the period. */
export function classifyAttachments(journal: readonly JournalEntry[], from: string, to: string): { entry: AttachmentEntry; standing: AttachmentStanding }[] {
  const latest = new Map<string, AttachmentEntry>();
  for (const e of journal) if (e.kind === 'attachment') latest.set(e.attachment.documentSha256, e);
  return [...latest.values()]
    .sort((a, b) => a.seq - b.seq)
    .map((entry) => ({ entry, standing: standingOf(entry.attachment, from, to) }));
}

function standingOf(a: AttachmentEntry['attachment'], from: string, to: string): AttachmentStanding {
  if (a.effective > to) return 'not-yet-effective';
  if (a.expires === null || a.expires >= to) return 'in-effect';
  return a.expires >= from ? 'expired-during-period' : 'expired-before-period';
}

export interface PeriodAttachments {
  /** In effect for all or part of the period (in effect at its end, or expired during it), with their bytes. */
  items: (ManualEvidenceItem & { journalSeq: number; attachedBy: string; attachedAt: string; standing: 'in-effect' | 'expired-during-period'; expires: string | null })[];
  expiredBeforePeriod: AttachmentEntry[];
  notYetEffective: AttachmentEntry[];
  /** Attached, but the document cannot be read from the store or is not the bytes attached: with why. */
  missing: { entry: AttachmentEntry; problem: string }[];
}

/** `journal`: the entries to go by (a binder passes the ones it verified); default: the store's journal now. */
export async function attachmentsForPeriod(store: EvidenceStore, from: string, to: string, journal?: readonly JournalEntry[]): Promise<PeriodAttachments> {
  const out: PeriodAttachments = { items: [], expiredBeforePeriod: [], notYetEffective: [], missing: [] };
  for (const { entry, standing } of classifyAttachments(journal ?? (await store.readJournal()), from, to)) {
    if (standing === 'expired-before-period') out.expiredBeforePeriod.push(entry);
    else if (standing === 'not-yet-effective') out.notYetEffective.push(entry);
    else {
      const a = entry.attachment;
      let body: Uint8Array;
      try {
        body = await store.getDocument(a.documentSha256);
      } catch (err) {
        out.missing.push({ entry, problem: `${a.documentKey} (${a.fileName}, journal entry ${entry.seq}): ${(err as Error).message}` });
        continue;
      }
      // getDocument checks the recorded checksum; the entry's own hash is checked here too.
      if (sha256Hex(body) !== a.documentSha256) {
        out.missing.push({ entry, problem: `${a.documentKey} (${a.fileName}, journal entry ${entry.seq}) does not hash to ${a.documentSha256}` });
        continue;
      }
      out.items.push({
        title: a.title,
        criteria: a.criteria,
        effectiveDate: a.effective,
        fileName: a.fileName,
        body,
        ...(a.description !== null ? { description: a.description } : {}),
        ...(a.sourceUrl !== null ? { sourceUrl: a.sourceUrl } : {}),
        journalSeq: entry.seq,
        attachedBy: entry.recordedBy,
        attachedAt: entry.recordedAt,
        standing,
        expires: a.expires,
      });
    }
  }
  return out;
}
