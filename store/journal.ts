/**
 * The fieldwork journal: `journal/<seq>.json`, an append-only chain like the run ledger
 * (store/ledger.ts): each entry is canonical JSON whose prevHash is the sha256 of the previous
 * entry's file and whose signature (the ledger key) covers everything else. So an edited entry
 * fails its signature or the next entry's prevHash, and a removed one leaves a gap in the seqs.
 *
 * Documents an attachment entry names are kept content-addressed under `documents/<sha256>` and
 * written before the entry: a crash in between leaves an orphan document (a verify warning),
 * never an entry pointing at nothing.
 */
import { canonicalJson, sha256Hex } from '../model/canonical-json.ts';
import { signEntry, type LedgerSigner } from './ledger-signature.ts';
import { JournalEntry, type NewJournalEntry } from './journal-types.ts';
import { IntegrityError, ObjectExistsError, StoreError, type ObjectBackend } from './types.ts';

export const JOURNAL_PREFIX = 'journal/';
export const DOCUMENTS_PREFIX = 'documents/';
const JOURNAL_KEY = /^journal\/(\d{10})\.json$/;
const DOCUMENT_KEY = /^documents\/([0-9a-f]{64})$/;
const APPEND_ATTEMPTS = 8;

export function journalKeyOf(seq: number): string {
  return `${JOURNAL_PREFIX}${String(seq).padStart(10, '0')}.json`;
}

export function journalSeqOf(key: string): number | null {
  const m = JOURNAL_KEY.exec(key);
  return m ? Number(m[1]) : null;
}

export function documentKeyOf(sha256: string): string {
  return `${DOCUMENTS_PREFIX}${sha256}`;
}

/** The sha256 a document key addresses, or null when the key is not one. */
export function documentHashOf(key: string): string | null {
  return DOCUMENT_KEY.exec(key)?.[1] ?? null;
}

export interface StoredJournalEntry {
  key: string;
  entry: JournalEntry;
  /** sha256 of the stored bytes: the next entry's prevHash. */
  sha256: string;
  canonical: boolean;
}

export function decodeJournalEntry(key: string, bytes: Uint8Array): StoredJournalEntry {
  const text = Buffer.from(bytes).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoreError(`journal entry ${key} is not JSON`, key);
  }
  const parsed = JournalEntry.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError(`journal entry ${key} is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, key);
  }
  return { key, entry: parsed.data, sha256: sha256Hex(bytes), canonical: canonicalJson(parsed.data) === text };
}

/**
 * Appends after the last entry; a concurrent writer taking the same seq makes it re-read and
 * retry. A last entry whose checksum is damaged is chained to by the bytes that are there (what a
 * verifier hashes); verify reports the damage.
 */
export async function appendJournalEntry(backend: ObjectBackend, input: NewJournalEntry, signer: LedgerSigner): Promise<JournalEntry> {
  for (let attempt = 1; ; attempt++) {
    const keys = (await backend.listKeys(JOURNAL_PREFIX)).filter((k) => journalSeqOf(k) !== null);
    const lastKey = keys[keys.length - 1];
    let prev: { seq: number; sha256: string } | null = null;
    if (lastKey) {
      const bytes = await backend.get(lastKey).catch((err: unknown) => {
        if (err instanceof IntegrityError) return backend.getUnchecked(lastKey);
        throw err;
      });
      prev = { seq: journalSeqOf(lastKey)!, sha256: sha256Hex(bytes) };
    }
    const signed = await signEntry({ ...input, seq: (prev?.seq ?? 0) + 1, prevHash: prev?.sha256 ?? null }, signer);
    const checked = JournalEntry.safeParse(signed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new StoreError(`journal entry to append is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    const entry = checked.data;
    const body = Buffer.from(canonicalJson(entry));
    try {
      await backend.put(journalKeyOf(entry.seq), body, { sha256: sha256Hex(body), contentType: 'application/json' });
      return entry;
    } catch (err) {
      if (!(err instanceof ObjectExistsError) || attempt >= APPEND_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20 * attempt)));
    }
  }
}

/** Every entry that can be read and decoded, in seq order; verify reports the others. */
export async function readJournalEntries(backend: ObjectBackend): Promise<StoredJournalEntry[]> {
  const out: StoredJournalEntry[] = [];
  for (const key of await backend.listKeys(JOURNAL_PREFIX)) {
    if (journalSeqOf(key) === null) continue;
    try {
      out.push(decodeJournalEntry(key, await backend.get(key)));
    } catch {
      // damaged or unreadable: left out here, reported by verify
    }
  }
  return out.sort((a, b) => a.entry.seq - b.entry.seq);
}

/**
 * Stores a document's bytes under their content address; bytes already there are the same bytes
 * (left by an earlier attachment or an interrupted one). Returns the key and whether it was new.
 */
export async function putDocument(backend: ObjectBackend, bytes: Uint8Array, contentType: string): Promise<{ key: string; sha256: string; created: boolean }> {
  const sha256 = sha256Hex(bytes);
  const key = documentKeyOf(sha256);
  try {
    await backend.put(key, bytes, { sha256, contentType });
    return { key, sha256, created: true };
  } catch (err) {
    if (!(err instanceof ObjectExistsError)) throw err;
    return { key, sha256, created: false };
  }
}
