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
  exists(key: string): Promise<boolean>;
  /** All keys under a prefix, sorted by key. */
  list(prefix: string): Promise<StoredObjectInfo[]>;
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

export const RunStatus = z.enum(['success', 'partial', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

/** One entry of the append-only ledger of collection runs; each holds the previous entry's hash. */
export const LedgerEntry = z.object({
  seq: z.number().int().positive(),
  prevHash: z.string().nullable(), // sha256 of the previous entry's canonical JSON; null for seq 1
  runId: z.string(),
  source: z.string(),
  scheduledFor: isoTime,
  startedAt: isoTime,
  finishedAt: isoTime,
  status: RunStatus,
  reason: z.string().nullable(),
  snapshotId: z.string().nullable(),
  snapshotSha256: z.string().nullable(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** What the store says about a stored snapshot without loading its resources. */
export const SnapshotRecord = z.object({
  id: z.string(), // stable id, e.g. "<source>/<scheduledFor ISO>/<runId>"
  source: z.string(),
  accountId: z.string(),
  scheduledFor: isoTime,
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
  problems: StoreProblem[];
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
  /** Appends a ledger entry (seq and prevHash are filled in). */
  appendLedger(entry: Omit<LedgerEntry, 'seq' | 'prevHash'>): Promise<LedgerEntry>;
  readLedger(): Promise<LedgerEntry[]>;
  listSnapshots(filter?: ListSnapshotsFilter): Promise<SnapshotRecord[]>;
  /** Rebuilds the full snapshot and proves it identical to the hash taken at collection time. */
  loadSnapshot(id: string): Promise<Snapshot>;
  /** Changes of this snapshot relative to the previous snapshot of the same source. */
  loadChanges(id: string): Promise<SnapshotChanges>;
  /** Re-hashes every object, rebuilds every snapshot, checks the ledger chain. */
  verify(progress?: ProgressFn): Promise<StoreVerifyReport>;
  /** Stores an arbitrary finished artifact (e.g. a binder ZIP) write-once under artifacts/. */
  putArtifact(name: string, body: Uint8Array): Promise<StoredObjectInfo>;
}
