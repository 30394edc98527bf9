/**
 * Verify's checks of the fieldwork journal (store/journal.ts):
 *  - the chain: seq continuity (a removed entry is an error naming the missing seq), key/seq
 *    agreement, prevHash links, canonical bytes, every signature against the marker's keys;
 *  - every attachment's document is stored and hashes to the documentSha256 (and size) it names;
 *  - a document no attachment names is a warning (left by an attach interrupted before its entry).
 * Like the ledger's, a chain cut after its last entry looks whole: only a head recorded elsewhere
 * (a binder's manifest records the journal head it was built over) shows entries removed from the
 * end: checkJournalHeads.
 */
import type { KeyObject } from 'node:crypto';
import { sha256Hex } from '../model/canonical-json.ts';
import { checkEntrySignature } from './ledger-signature.ts';
import { decodeJournalEntry, documentHashOf, journalKeyOf, journalSeqOf, type StoredJournalEntry } from './journal.ts';
import type { StoreProblem } from './types.ts';

/** A journal key as verify read it: its bytes when they could be read (damaged checksum included). */
export interface JournalObject {
  key: string;
  bytes: Uint8Array | null;
}

/** A document as verify read it: its bytes' hash, or null when it could not be read. */
export interface DocumentObject {
  key: string;
  sha256: string | null;
  size: number | null;
}

export interface JournalCheck {
  problems: StoreProblem[];
  entries: StoredJournalEntry[];
  /** The last seq and the sha256 of its bytes (null when the journal is empty). */
  head: { seq: number; sha256: string } | null;
  /** sha256 of every journal key's bytes by seq, damaged ones included. */
  shaBySeq: Map<number, string>;
}

/** Every journal head a binder recorded must still be in the chain, byte for byte. */
export function checkJournalHeads(
  against: readonly { label: string; journalHead?: { seq: number; sha256: string } | null | undefined }[],
  shaBySeq: ReadonlyMap<number, string>,
): StoreProblem[] {
  const out: StoreProblem[] = [];
  const last = Math.max(0, ...shaBySeq.keys());
  for (const h of against) {
    const head = h.journalHead;
    if (!head) continue;
    const sha = shaBySeq.get(head.seq);
    if (sha === undefined) {
      out.push({ severity: 'error', key: null, message: `${h.label}: recorded fieldwork journal entry ${head.seq}, but the store's journal ends at ${last}: entries were removed after the binder was built` });
    } else if (sha !== head.sha256) {
      out.push({ severity: 'error', key: null, message: `${h.label}: recorded journal entry ${head.seq} with sha256 ${head.sha256}, the store's hashes to ${sha}: the journal was rewritten` });
    }
  }
  return out;
}

export function checkJournal(journal: readonly JournalObject[], documents: readonly DocumentObject[], trusted: ReadonlyMap<string, KeyObject>): JournalCheck {
  const problems: StoreProblem[] = [];
  const error = (key: string | null, message: string) => problems.push({ severity: 'error', key, message });
  const items: { key: string; seq: number; sha256: string; stored: StoredJournalEntry | null }[] = [];
  for (const o of journal) {
    const seq = journalSeqOf(o.key);
    if (seq === null) {
      problems.push({ severity: 'warning', key: o.key, message: `${o.key} is not a journal entry key (journal/<seq, 10 digits>.json)` });
      continue;
    }
    if (!o.bytes) continue; // unreadable: reported with the object
    let stored: StoredJournalEntry | null = null;
    try {
      stored = decodeJournalEntry(o.key, o.bytes);
    } catch (err) {
      error(o.key, (err as Error).message);
    }
    items.push({ key: o.key, seq, sha256: sha256Hex(o.bytes), stored });
  }
  items.sort((a, b) => a.seq - b.seq);

  let expectedSeq = 1;
  let prev: (typeof items)[number] | null = null;
  for (const cur of items) {
    const { key, seq, stored } = cur;
    if (seq > expectedSeq) {
      const missing = expectedSeq === seq - 1 ? `${expectedSeq}` : `${expectedSeq}..${seq - 1}`;
      error(journalKeyOf(expectedSeq), `journal entries ${missing} are missing before ${key} (removed?)`);
    }
    if (stored) {
      const { entry } = stored;
      if (entry.seq !== seq) error(key, `journal entry ${key} says seq ${entry.seq}: its key and content disagree (renamed or edited)`);
      if (!stored.canonical) error(key, `journal entry ${key} is not in canonical JSON form (edited by hand?)`);
      const badSignature = checkEntrySignature(entry, trusted);
      if (badSignature) error(key, `journal entry ${seq} ${badSignature}`);
      if (seq === 1 && entry.prevHash !== null) error(key, `journal entry 1 must have prevHash null, has ${entry.prevHash}`);
      else if (seq > 1 && prev && prev.seq === seq - 1 && entry.prevHash !== prev.sha256) {
        error(key, `journal entry ${seq} has prevHash ${entry.prevHash}, but entry ${prev.seq} (${prev.key}) hashes to ${prev.sha256}: entry ${prev.seq} was altered or replaced`);
      }
    }
    prev = cur;
    expectedSeq = Math.max(expectedSeq, seq + 1);
  }

  const entries = items.flatMap((i) => (i.stored ? [i.stored] : []));
  const docs = new Map(documents.map((d) => [d.key, d]));
  const named = new Set<string>();
  for (const { key, entry } of entries) {
    if (entry.kind !== 'attachment') continue;
    const a = entry.attachment;
    named.add(a.documentKey);
    const doc = docs.get(a.documentKey);
    if (documentHashOf(a.documentKey) !== a.documentSha256) {
      error(key, `journal entry ${entry.seq} names document ${a.documentKey}, which is not the content address of its documentSha256 ${a.documentSha256}`);
    } else if (!doc) {
      error(key, `journal entry ${entry.seq} attaches ${a.fileName} as ${a.documentKey}, which is missing from the store (removed?)`);
    } else if (doc.sha256 !== null && doc.sha256 !== a.documentSha256) {
      error(a.documentKey, `document ${a.documentKey} (${a.fileName}, journal entry ${entry.seq}) hashes to ${doc.sha256}, not ${a.documentSha256}: its bytes were changed`);
    } else if (doc.size !== null && doc.size !== a.size) {
      error(a.documentKey, `document ${a.documentKey} (${a.fileName}, journal entry ${entry.seq}) is ${doc.size} bytes, the entry says ${a.size}`);
    }
  }
  for (const d of documents) {
    if (documentHashOf(d.key) === null) {
      problems.push({ severity: 'warning', key: d.key, message: `${d.key} is not a document key (documents/<sha256>)` });
    } else if (!named.has(d.key)) {
      problems.push({ severity: 'warning', key: d.key, message: `document ${d.key} is named by no journal entry (left by an interrupted attach); it is not evidence` });
    }
  }
  const last = items[items.length - 1];
  return { problems, entries, head: last ? { seq: last.seq, sha256: last.sha256 } : null, shaBySeq: new Map(items.map((i) => [i.seq, i.sha256])) };
}
