/**
 * Exactly one run per (source, schedule slot). Before collecting, a run claims its slot by writing
 * a claim object write-once under claims/<source>/<slot>/<generation>.json:
 *
 * - local folder: the backend publishes with link(2), which fails when the key exists (an
 *   exclusive create);
 * - S3: a conditional write (If-None-Match: *) where the server honours it; where it does not
 *   (Ceph RGW 16 on versioned buckets), the backend lists the key's versions after the put and the
 *   oldest version wins: every other writer gets ObjectExistsError (first version wins).
 *
 * A claim names its run, host, pid and an expiry (the run's deadline plus a margin). A later run
 * may take the slot over with the next generation when the holder's run finished without a
 * success (failed, interrupted), or when the claim expired and no success was recorded: the holder
 * crashed or hung. The taker's `started` ledger entry says whom it took over from.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../model/canonical-json.ts';
import { processIsAlive } from './process-alive.ts';
import { CLAIMS_PREFIX, compactIso } from './snapshot-keys.ts';

export { CLAIMS_PREFIX };
import { ObjectExistsError, type LedgerEntry, type ObjectBackend } from './types.ts';

export const CLAIM_FORMAT = 'binder.slot-claim/v1' as const;

const isoTime = z.string().datetime({ offset: true });

export const SlotClaim = z
  .object({
    format: z.literal(CLAIM_FORMAT),
    source: z.string(),
    slot: isoTime,
    generation: z.number().int().positive(),
    runId: z.string(),
    host: z.string(),
    pid: z.number().int(),
    claimedAt: isoTime,
    expiresAt: isoTime,
    /** The claim this one took over, and why. */
    takesOver: z
      .object({ runId: z.string(), host: z.string(), pid: z.number().int(), generation: z.number().int().positive(), why: z.string() })
      .strict()
      .nullable(),
  })
  .strict();
export type SlotClaim = z.infer<typeof SlotClaim>;

/** Extra time past a run's deadline before its claim may be taken over (clocks that disagree a little). */
export const CLAIM_MARGIN_MS = 5 * 60_000;

export function slotClaimPrefix(source: string, slot: string): string {
  return `${CLAIMS_PREFIX}${source}/${compactIso(slot)}/`;
}

function claimKey(source: string, slot: string, generation: number): string {
  return `${slotClaimPrefix(source, slot)}${String(generation).padStart(4, '0')}.json`;
}

export type ClaimResult =
  | { won: true; claim: SlotClaim }
  | {
      won: false;
      /** The claim that holds the slot. */
      holder: SlotClaim;
      /** The holder's run outcome in the ledger, when it has finished. */
      holderStatus: LedgerEntry['status'] | null;
      holderSnapshotId: string | null;
    };

export interface ClaimRequest {
  source: string;
  slot: string;
  runId: string;
  now: Date;
  /** How long the run may take (collection.timeoutMinutes); the claim expires that long plus a margin after now. */
  runTimeoutMs: number;
  host?: string;
  pid?: number;
  /** Whether a pid runs on this host (tests replace it). */
  isAlive?: (pid: number) => boolean;
}

/** A claim key held something that is not a claim: the slot cannot be decided safely. */
export class SlotClaimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlotClaimError';
  }
}

async function readClaim(backend: ObjectBackend, key: string): Promise<SlotClaim> {
  const bytes = await backend.get(key);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new SlotClaimError(`${key} in ${backend.location} is not JSON: it is not a slot claim`);
  }
  const checked = SlotClaim.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new SlotClaimError(`${key} in ${backend.location} is not a valid slot claim at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return checked.data;
}

/** The current claim of a slot (highest generation), or null when nobody claimed it. */
export async function currentSlotClaim(backend: ObjectBackend, source: string, slot: string): Promise<SlotClaim | null> {
  const keys = (await backend.listKeys(slotClaimPrefix(source, slot))).filter((k) => /\/\d{4}\.json$/.test(k)).sort();
  const last = keys[keys.length - 1];
  return last ? readClaim(backend, last) : null;
}

/** What the ledger says about a claim's run: its finish entry, if any (a tail scan from the newest back). */
async function runOutcome(ledgerFromNewest: () => AsyncIterable<LedgerEntry>, claim: SlotClaim): Promise<LedgerEntry | null> {
  const claimedMs = Date.parse(claim.claimedAt);
  for await (const e of ledgerFromNewest()) {
    if (e.runId === claim.runId && e.status !== 'started') return e;
    // A run's entries come after its claim; a minute of slack for clocks.
    if (Date.parse(e.startedAt) < claimedMs - 60_000 && e.status === 'started') break;
  }
  return null;
}

/**
 * Claims (source, slot) for a run, exactly once across processes and hosts. Returns the claim when
 * this run won it (possibly by taking over a dead holder's), or who holds it.
 */
export async function claimSlot(
  backend: ObjectBackend,
  ledgerFromNewest: () => AsyncIterable<LedgerEntry>,
  request: ClaimRequest,
): Promise<ClaimResult> {
  const host = request.host ?? hostname();
  const pid = request.pid ?? process.pid;
  const isAlive = request.isAlive ?? processIsAlive;
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await currentSlotClaim(backend, request.source, request.slot);
    let takesOver: SlotClaim['takesOver'] = null;
    if (current) {
      // Liveness before the ledger: a holder that finishes and exits between the two reads must be
      // seen alive (not dead without a result), or its slot would be taken over after its success.
      const holderHere = current.host === host && current.pid !== pid;
      const holderGoneBefore = holderHere && !isAlive(current.pid);
      const outcome = await runOutcome(ledgerFromNewest, current);
      const status = outcome?.status ?? null;
      const expired = Date.parse(current.expiresAt) < request.now.getTime();
      const released = status === 'failed' || status === 'interrupted';
      // Killed between its claim and its first ledger entry, on this machine: no need to wait for the expiry.
      const deadHere = status === null && holderGoneBefore;
      if (status === 'success' || status === 'partial' || (!released && !expired && !deadHere)) {
        return { won: false, holder: current, holderStatus: status, holderSnapshotId: outcome?.snapshotId ?? null };
      }
      takesOver = {
        runId: current.runId,
        host: current.host,
        pid: current.pid,
        generation: current.generation,
        why: released
          ? `its run ${status === 'failed' ? 'failed' : 'was interrupted'}: ${outcome?.reason ?? 'no reason recorded'}`
          : deadHere && !expired
            ? `its process ${current.pid} on ${current.host} is gone and no result was recorded`
            : `its claim expired at ${current.expiresAt} and no result was recorded (the run crashed or hung)`,
      };
    }
    const claim: SlotClaim = {
      format: CLAIM_FORMAT,
      source: request.source,
      slot: new Date(request.slot).toISOString(),
      generation: (current?.generation ?? 0) + 1,
      runId: request.runId,
      host,
      pid,
      claimedAt: request.now.toISOString(),
      expiresAt: new Date(request.now.getTime() + request.runTimeoutMs + CLAIM_MARGIN_MS).toISOString(),
      takesOver,
    };
    const body = Buffer.from(canonicalJson(claim));
    try {
      await backend.put(claimKey(request.source, claim.slot, claim.generation), body, { sha256: sha256Hex(body), contentType: 'application/json' });
      return { won: true, claim };
    } catch (err) {
      if (!(err instanceof ObjectExistsError)) throw err;
      // Another run wrote this generation first: look again at who holds the slot now.
    }
  }
  throw new SlotClaimError(`could not settle the claim of ${request.source} slot ${request.slot}: it changed hands 8 times while this run looked`);
}

/**
 * Exactly-once for other one-off ledger writes (recording that a dead run was interrupted): the
 * first process to create the marker does it, the others leave it.
 */
export async function claimOnce(backend: ObjectBackend, name: string, by: string): Promise<boolean> {
  const body = Buffer.from(canonicalJson({ format: 'binder.once/v1', name, by }));
  try {
    await backend.put(`${CLAIMS_PREFIX}once/${name}.json`, body, { sha256: sha256Hex(body), contentType: 'application/json' });
    return true;
  } catch (err) {
    if (err instanceof ObjectExistsError) return false;
    throw err;
  }
}
