/**
 * The append-only run ledger: `ledger/<seq>.json`, each the canonical JSON of a LedgerEntry whose
 * prevHash is the sha256 of the previous entry's file (= sha256 of its canonical JSON), so
 * `sha256sum ledger/0000000041.json` can be compared with entry 42's prevHash by hand.
 */
import { canonicalJson, sha256Hex } from '../model/canonical-json.ts';
import { LEDGER_PREFIX, ledgerKeyOf, ledgerSeqOf } from './snapshot-keys.ts';
import { LedgerEntry, ObjectExistsError, StoreError, type ObjectBackend, type StoreProblem } from './types.ts';

const NewEntry = LedgerEntry.omit({ seq: true, prevHash: true });
const APPEND_ATTEMPTS = 8;

export interface StoredLedgerEntry {
  key: string;
  entry: LedgerEntry;
  /** sha256 of the stored bytes: the next entry's prevHash. */
  sha256: string;
  canonical: boolean;
}

export function decodeLedgerEntry(key: string, bytes: Uint8Array): StoredLedgerEntry {
  const text = Buffer.from(bytes).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoreError(`ledger entry ${key} is not JSON`, key);
  }
  const parsed = LedgerEntry.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreError(`ledger entry ${key} is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`, key);
  }
  return { key, entry: parsed.data, sha256: sha256Hex(bytes), canonical: canonicalJson(parsed.data) === text };
}

/** Appends after the last entry; a concurrent writer taking the same seq makes it re-read and retry. */
export async function appendLedgerEntry(backend: ObjectBackend, input: Omit<LedgerEntry, 'seq' | 'prevHash'>): Promise<LedgerEntry> {
  const checked = NewEntry.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new StoreError(`ledger entry to append is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  for (let attempt = 1; ; attempt++) {
    const keys = (await backend.list(LEDGER_PREFIX)).map((o) => o.key).filter((k) => ledgerSeqOf(k) !== null);
    const lastKey = keys[keys.length - 1];
    const last = lastKey ? decodeLedgerEntry(lastKey, await backend.get(lastKey)) : null;
    const entry: LedgerEntry = { seq: (last?.entry.seq ?? 0) + 1, prevHash: last?.sha256 ?? null, ...checked.data };
    const body = Buffer.from(canonicalJson(entry));
    try {
      await backend.put(ledgerKeyOf(entry.seq), body, { sha256: sha256Hex(body), contentType: 'application/json' });
      return entry;
    } catch (err) {
      if (!(err instanceof ObjectExistsError) || attempt >= APPEND_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20 * attempt)));
    }
  }
}

export async function readLedgerEntries(backend: ObjectBackend): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for (const o of await backend.list(LEDGER_PREFIX)) {
    if (ledgerSeqOf(o.key) === null) continue;
    out.push(decodeLedgerEntry(o.key, await backend.get(o.key)).entry);
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** Chain findings: seq continuity, key/seq agreement, prevHash links, canonical bytes. */
export function checkLedgerChain(entries: readonly StoredLedgerEntry[]): StoreProblem[] {
  const problems: StoreProblem[] = [];
  const sorted = [...entries].sort((a, b) => a.entry.seq - b.entry.seq);
  let prev: StoredLedgerEntry | null = null;
  let expectedSeq = 1;
  for (const cur of sorted) {
    const { key, entry } = cur;
    if (ledgerSeqOf(key) !== entry.seq) {
      problems.push({ severity: 'error', key, message: `ledger entry ${key} says seq ${entry.seq}: its key and content disagree (renamed or edited)` });
    }
    if (!cur.canonical) {
      problems.push({ severity: 'error', key, message: `ledger entry ${key} is not in canonical JSON form (edited by hand?)` });
    }
    if (entry.seq > expectedSeq) {
      const missing = expectedSeq === entry.seq - 1 ? `${expectedSeq}` : `${expectedSeq}..${entry.seq - 1}`;
      problems.push({ severity: 'error', key: ledgerKeyOf(expectedSeq), message: `ledger entries ${missing} are missing before ${key} (removed?)` });
    } else if (entry.seq < expectedSeq) {
      problems.push({ severity: 'error', key, message: `ledger seq ${entry.seq} appears twice` });
    }
    if (entry.seq === 1) {
      if (entry.prevHash !== null) problems.push({ severity: 'error', key, message: `ledger entry 1 must have prevHash null, has ${entry.prevHash}` });
    } else if (prev && prev.entry.seq === entry.seq - 1 && entry.prevHash !== prev.sha256) {
      problems.push({
        severity: 'error',
        key,
        message: `ledger entry ${entry.seq} has prevHash ${entry.prevHash}, but entry ${prev.entry.seq} (${prev.key}) hashes to ${prev.sha256}: entry ${prev.entry.seq} was altered or replaced`,
      });
    }
    prev = cur;
    expectedSeq = Math.max(expectedSeq, entry.seq + 1);
  }
  return problems;
}
