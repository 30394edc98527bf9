/**
 * The append-only run ledger: `ledger/<seq>.json`, each the canonical JSON of a LedgerEntry whose
 * prevHash is the sha256 of the previous entry's file and whose signature (the collector's ledger
 * key) covers everything else, so `sha256sum ledger/0000000041.json` can be compared with entry
 * 42's prevHash by hand, and rewriting the chain from any point on needs the key.
 */
import type { KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../model/canonical-json.ts';
import { checkLedgerSignature, signLedgerEntry, type LedgerSigner } from './ledger-signature.ts';
import { LEDGER_PREFIX, ledgerKeyOf, ledgerSeqOf } from './snapshot-keys.ts';
import {
  IntegrityError,
  LedgerEntry,
  ObjectExistsError,
  StoreError,
  type NewLedgerEntry,
  type ObjectBackend,
  type StoreProblem,
} from './types.ts';

const NewEntry = LedgerEntry.omit({ seq: true, prevHash: true, signature: true });
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

/**
 * Appends after the last entry; a concurrent writer taking the same seq makes it re-read and retry.
 * A last entry whose checksum file or content is damaged does not stop the run from recording: the
 * new entry chains to the bytes that are there (what a verifier will hash), and verify reports the damage.
 */
export async function appendLedgerEntry(backend: ObjectBackend, input: NewLedgerEntry, signer: LedgerSigner): Promise<LedgerEntry> {
  const checked = NewEntry.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new StoreError(`ledger entry to append is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  for (let attempt = 1; ; attempt++) {
    const keys = (await backend.listKeys(LEDGER_PREFIX)).filter((k) => ledgerSeqOf(k) !== null);
    const lastKey = keys[keys.length - 1];
    let prev: { seq: number; sha256: string } | null = null;
    if (lastKey) {
      let bytes: Uint8Array;
      try {
        bytes = await backend.get(lastKey);
      } catch (err) {
        if (!(err instanceof IntegrityError)) throw err;
        bytes = await backend.getUnchecked(lastKey);
      }
      prev = { seq: ledgerSeqOf(lastKey)!, sha256: sha256Hex(bytes) };
    }
    const unsigned = { seq: (prev?.seq ?? 0) + 1, prevHash: prev?.sha256 ?? null, ...checked.data };
    const entry = await signLedgerEntry(unsigned, signer);
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

/** Every entry that can be read and decoded, in seq order; verify reports the others. */
export async function readLedgerEntries(backend: ObjectBackend): Promise<StoredLedgerEntry[]> {
  const out: StoredLedgerEntry[] = [];
  for (const key of await backend.listKeys(LEDGER_PREFIX)) {
    const stored = await readOne(backend, key, false);
    if (stored) out.push(stored);
  }
  return out.sort((a, b) => a.entry.seq - b.entry.seq);
}

/**
 * Entries from the newest back, damaged checksums tolerated (only to tell which runs finished, so
 * a damaged checksum file does not make a later run record a finished run as interrupted): a caller
 * that needs only the tail stops early.
 */
export async function* ledgerFromNewest(backend: ObjectBackend): AsyncGenerator<StoredLedgerEntry> {
  const keys = (await backend.listKeys(LEDGER_PREFIX)).filter((k) => ledgerSeqOf(k) !== null);
  for (let i = keys.length - 1; i >= 0; i--) {
    const stored = await readOne(backend, keys[i]!, true);
    if (stored) yield stored;
  }
}

async function readOne(backend: ObjectBackend, key: string, evenIfDamaged: boolean): Promise<StoredLedgerEntry | null> {
  if (ledgerSeqOf(key) === null) return null;
  try {
    const bytes = await backend.get(key).catch((err: unknown) => {
      if (evenIfDamaged && err instanceof IntegrityError) return backend.getUnchecked(key);
      throw err;
    });
    return decodeLedgerEntry(key, bytes);
  } catch {
    return null; // damaged or unreadable: left out here, reported by verify
  }
}

/**
 * Snapshot id -> the SHA-256 a success (or partial) entry vouches for. Evidence is a snapshot whose
 * record has that hash: one left by an interrupted run, or one no run recorded, is not.
 */
export function vouchedSnapshots(ledger: readonly LedgerEntry[]): Map<string, string | null> {
  return new Map(ledger.filter((e) => (e.status === 'success' || e.status === 'partial') && e.snapshotId).map((e) => [e.snapshotId!, e.snapshotSha256]));
}

/** A ledger key as verify found it: decoded, or damaged (its raw bytes' hash still links the chain). */
export interface ChainItem {
  key: string;
  seq: number;
  sha256: string;
  stored: StoredLedgerEntry | null;
}

/** Chain findings: seq continuity, key/seq agreement, prevHash links, canonical bytes, signatures. */
export function checkLedgerChain(items: readonly ChainItem[], trusted: ReadonlyMap<string, KeyObject>): StoreProblem[] {
  const problems: StoreProblem[] = [];
  const sorted = [...items].sort((a, b) => a.seq - b.seq);
  let prev: ChainItem | null = null;
  let expectedSeq = 1;
  for (const cur of sorted) {
    const { key, seq, stored } = cur;
    if (stored) {
      const { entry } = stored;
      if (entry.seq !== seq) {
        problems.push({ severity: 'error', key, message: `ledger entry ${key} says seq ${entry.seq}: its key and content disagree (renamed or edited)` });
      }
      if (!stored.canonical) {
        problems.push({ severity: 'error', key, message: `ledger entry ${key} is not in canonical JSON form (edited by hand?)` });
      }
      const badSignature = checkLedgerSignature(entry, trusted);
      if (badSignature) problems.push({ severity: 'error', key, message: `ledger entry ${seq} ${badSignature}` });
      if (seq === 1 && entry.prevHash !== null) {
        problems.push({ severity: 'error', key, message: `ledger entry 1 must have prevHash null, has ${entry.prevHash}` });
      } else if (seq > 1 && prev && prev.seq === seq - 1 && entry.prevHash !== prev.sha256) {
        problems.push({
          severity: 'error',
          key,
          message: `ledger entry ${seq} has prevHash ${entry.prevHash}, but entry ${prev.seq} (${prev.key}) hashes to ${prev.sha256}: entry ${prev.seq} was altered or replaced`,
        });
      }
    }
    if (seq > expectedSeq) {
      const missing = expectedSeq === seq - 1 ? `${expectedSeq}` : `${expectedSeq}..${seq - 1}`;
      problems.push({ severity: 'error', key: ledgerKeyOf(expectedSeq), message: `ledger entries ${missing} are missing before ${key} (removed?)` });
    }
    prev = cur;
    expectedSeq = Math.max(expectedSeq, seq + 1);
  }
  return problems;
}
