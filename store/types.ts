/**
 * The evidence store's contracts.
 *
 * Two layers:
 *  - ObjectBackend: write-once bytes by key (local folder, or S3 with versioning + Object Lock).
 *    Knows nothing about snapshots.
 *  - EvidenceStore: snapshots, change records and the run ledger, built once on top of any backend.
 *
 * Callers (collectors' orchestration, evaluation, binder, CLI) only see EvidenceStore.
 */
import { z } from 'zod';
import type { Resource } from '../model/resources.ts';
import type { Snapshot } from '../model/snapshot.ts';
import type { ClaimRequest, ClaimResult, SlotClaim } from './slot-claim.ts';
import type { JournalEntry, NewJournalEntry } from './journal-types.ts';

const isoTime = z.string().datetime({ offset: true });

export interface StoredObjectInfo {
  key: string;
  size: number;
  sha256: string;
  /** S3 version id; null for the local folder. */
  versionId: string | null;
}

export interface PutOptions {
  /** SHA-256 hex of body, computed by the caller; the backend stores and later verifies it. */
  sha256: string;
  contentType?: string;
}

/** Write-once object storage. Implementations: store/local-backend.ts, store/s3-backend.ts. */
export interface ObjectBackend {
  /** Human-readable location, e.g. "local folder /x/evidence" or "s3://bucket/prefix". */
  readonly location: string;
  /** Writes a new key. A key that exists is never rewritten: throws ObjectExistsError. */
  put(key: string, body: Uint8Array, options: PutOptions): Promise<StoredObjectInfo>;
  /** Reads a key and verifies its SHA-256: throws IntegrityError on mismatch, ObjectMissingError if absent. */
  get(key: string): Promise<Uint8Array>;
  /**
   * Reads a key's bytes without checking them against the recorded checksum (which may itself be
   * damaged): only for chaining the next ledger entry to what is there. Verify reports the damage.
   */
  getUnchecked(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  /** All keys under a prefix, sorted by key, with size and recorded checksum (one HEAD or stat per key). */
  list(prefix: string): Promise<StoredObjectInfo[]>;
  /** Just the keys under a prefix, sorted (one listing, no per-key request): for the hot paths. */
  listKeys(prefix: string): Promise<string[]>;
  /** Backend-specific integrity findings (S3: extra versions, delete markers, missing retention). */
  inspect?(): Promise<StoreProblem[]>;
}

export class StoreError extends Error {
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class ObjectExistsError extends StoreError {}
export class ObjectMissingError extends StoreError {}
export class IntegrityError extends StoreError {}
/** The configured location is not a usable binder store (missing, not a folder, not writable, no marker). */
export class StorePathError extends StoreError {
  /** Exit 2 with the message alone (model/input-error.ts). */
  readonly inputError = true as const;
}

/**
 * A run's ledger entries: `started` when it begins (so a run killed at any later step is known),
 * then exactly one finish entry naming the started entry's seq: success, partial, failed, or
 * `interrupted` (appended by a later run when the process that started it died or ran past its
 * deadline without finishing).
 */
export const RunStatus = z.enum(['started', 'success', 'partial', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;
export type FinishStatus = Exclude<RunStatus, 'started'>;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');

/** Ed25519 signature by the collector's ledger key over the entry's canonical JSON without this field. */
export const LedgerSignature = z
  .object({
    algorithm: z.literal('Ed25519'),
    keyFingerprint: hex64,
    value: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a base64 Ed25519 signature (64 bytes)'),
  })
  .strict();
export type LedgerSignature = z.infer<typeof LedgerSignature>;

/** One entry of the append-only ledger of collection runs; each holds the previous entry's hash. */
export const LedgerEntry = z
  .object({
    seq: z.number().int().positive(),
    prevHash: hex64.nullable(), // sha256 of the previous entry's stored bytes; null for seq 1
    runId: z.string(),
    source: z.string(),
    scheduledFor: isoTime,
    /** True for a run that fills no schedule slot (its scheduledFor is its start time); absent means false. */
    offSchedule: z.boolean().optional(),
    startedAt: isoTime,
    /** Null for a `started` entry. */
    finishedAt: isoTime.nullable(),
    status: RunStatus,
    reason: z.string().nullable(),
    snapshotId: z.string().nullable(),
    snapshotSha256: hex64.nullable(),
    /** Finish entries: the seq of the run's `started` entry. */
    startedSeq: z.number().int().positive().nullable(),
    /** `started` entries: who runs it and until when, so a later run can tell a dead run from a live one. */
    host: z.string().nullable(),
    pid: z.number().int().nullable(),
    deadline: isoTime.nullable(),
    signature: LedgerSignature,
  })
  .strict();
export type LedgerEntry = z.infer<typeof LedgerEntry>;
/** What a caller appends: seq, prevHash and the signature are the store's. */
export type NewLedgerEntry = Omit<LedgerEntry, 'seq' | 'prevHash' | 'signature'>;

/** The ledger as it stands: its last entry (the head) and the keys that sign it. */
export interface LedgerHead {
  storeId: string;
  headSeq: number;
  /** sha256 of the head entry's stored bytes (the next entry's prevHash); null when empty. */
  headSha256: string | null;
  keyFingerprints: string[];
  /** The fieldwork journal's last entry when a binder was built (seq, sha256 of its bytes); absent in older binders. */
  journalHead?: { seq: number; sha256: string } | null;
}

/** What the store says about a stored snapshot without loading its resources. */
export const SnapshotRecord = z.object({
  id: z.string(), // stable id, e.g. "<source>/<scheduledFor ISO>/<runId>"
  source: z.string(),
  accountId: z.string(),
  scheduledFor: isoTime,
  /** Fills no schedule slot (provenance.offSchedule); scheduledFor is then the run's start time. */
  offSchedule: z.boolean().default(false),
  capturedAt: isoTime, // provenance.finishedAt
  /** SHA-256 of the canonical JSON of the full Snapshot, computed at collection time. */
  snapshotSha256: z.string(),
  resourceCount: z.number().int(),
  /** The previous snapshot of the same source this one's changes are relative to (null: first). */
  previousId: z.string().nullable(),
  /** Store key of the snapshot record itself (cite it in the binder). */
  recordKey: z.string(),
});
export type SnapshotRecord = z.infer<typeof SnapshotRecord>;

/** Change of one resource between a snapshot and the previous snapshot of the same source. */
export interface ResourceChange {
  kind: 'added' | 'removed' | 'changed';
  type: Resource['type'];
  id: string;
  before: Resource | null;
  after: Resource | null;
  /** Hashes of the canonical JSON of before/after. */
  beforeSha256: string | null;
  afterSha256: string | null;
}

export interface SnapshotChanges {
  snapshot: SnapshotRecord;
  previous: SnapshotRecord | null;
  changes: ResourceChange[]; // sorted by (type, id)
}

export interface StoreProblem {
  severity: 'error' | 'warning';
  key: string | null;
  message: string;
}

export interface StoreVerifyReport {
  objectsChecked: number;
  snapshotsChecked: number;
  ledgerEntries: number;
  /** Keys under journal/ (the fieldwork journal, store/journal.ts). */
  journalEntries: number;
  /** The journal's last seq and the sha256 of its bytes; null when empty. */
  journalHead: { seq: number; sha256: string } | null;
  problems: StoreProblem[];
  /** The ledger head that was verified (null when the store has no valid marker). */
  head: LedgerHead | null;
  /** Runs started and never finished (in progress, or killed: the next collect records them as interrupted). */
  unfinishedRuns: string[];
}

export interface VerifyScope {
  /** Rebuild and prove only snapshots scheduled up to this time (a binder's period end); the ledger is always checked whole. */
  through?: Date;
  /** Heads recorded elsewhere (binders): the store must still hold each of them. */
  against?: readonly (LedgerHead & { label: string })[];
  /** The ledger key this side knows (collection.ledgerKeyPath): the marker must list it. */
  ledgerKey?: { fingerprint: string; label: string };
}

export interface ListSnapshotsFilter {
  source?: string;
  /** Inclusive bounds on scheduledFor. */
  from?: Date;
  to?: Date;
}

export type ProgressFn = (done: number, total: number, what: string) => void;

/** Snapshots, their changes and the run ledger. Implementation: store/evidence-store.ts. */
export interface EvidenceStore {
  readonly location: string;
  /**
   * Stores a complete snapshot: resources first, the snapshot record last, so an interrupted write
   * leaves nothing that looks complete. Returns the record. Does not write the ledger entry.
   */
  saveSnapshot(snapshot: Snapshot, runId: string): Promise<SnapshotRecord>;
  /** Appends a ledger entry (seq, prevHash and the signature are filled in); needs a ledger signer. */
  appendLedger(entry: NewLedgerEntry): Promise<LedgerEntry>;
  /** Every ledger entry in seq order (entries that do not decode are left out: verify reports them). */
  readLedger(): Promise<LedgerEntry[]>;
  /** Ledger entries from the newest back (damaged checksums tolerated), for a scan of the tail only. */
  ledgerFromNewest(): AsyncIterable<LedgerEntry>;
  /** The current head of the ledger. */
  ledgerHead(): Promise<LedgerHead>;
  /** Whether a snapshot record with this id is stored (committed by the ledger or not). */
  snapshotExists(id: string): Promise<boolean>;
  listSnapshots(filter?: ListSnapshotsFilter): Promise<SnapshotRecord[]>;
  /** Rebuilds the full snapshot and proves it identical to the hash taken at collection time. */
  loadSnapshot(id: string): Promise<Snapshot>;
  /** Changes of this snapshot relative to the previous snapshot of the same source. */
  loadChanges(id: string): Promise<SnapshotChanges>;
  /** Re-hashes every object, rebuilds every snapshot (up to scope.through), checks the signed ledger chain. */
  verify(progress?: ProgressFn, scope?: VerifyScope): Promise<StoreVerifyReport>;
  /** Stores an arbitrary finished artifact (e.g. a binder ZIP) write-once under artifacts/. */
  putArtifact(name: string, body: Uint8Array): Promise<StoredObjectInfo>;
  /**
   * Claims a schedule slot for a run, exactly once per (source, slot) across processes and hosts
   * (store/slot-claim.ts): the claim when this run won it, else who holds it.
   */
  claimSlot(request: ClaimRequest): Promise<ClaimResult>;
  /** The current claim of a slot, or null. */
  slotClaim(source: string, slot: string): Promise<SlotClaim | null>;
  /** True for the first caller with this name, false for every later one (exactly-once ledger writes). */
  claimOnce(name: string, by: string): Promise<boolean>;
  /**
   * Appends a fieldwork journal entry (response, acceptance, attachment; store/journal.ts): seq,
   * prevHash and the signature are filled in; needs the ledger signer.
   */
  appendJournal(entry: NewJournalEntry): Promise<JournalEntry>;
  /** Every journal entry in seq order (entries that do not decode are left out: verify reports them). */
  readJournal(): Promise<JournalEntry[]>;
  /**
   * Stores a document's bytes write-once under documents/<sha256> (before the attachment entry
   * that names it); the same bytes stored again are not written twice.
   */
  putDocument(bytes: Uint8Array, contentType: string): Promise<{ key: string; sha256: string; created: boolean }>;
  /** A document's bytes by its sha256, hash-checked (ObjectMissingError when absent). */
  getDocument(sha256: string): Promise<Uint8Array>;
  /** Names of stored artifacts under a folder of artifacts/ (e.g. "binders/"), sorted. */
  listArtifacts(prefix: string): Promise<string[]>;
  /** An artifact's bytes, hash-checked. */
  getArtifact(name: string): Promise<Uint8Array>;
}
