/**
 * `binder status`: how collection stands, per source, from the store's signed ledger alone (so it
 * tells the truth whoever ran the collections: binder schedule, cron, a person).
 *
 * Per source: the last success and the last failure (with its reason), a run in progress, the next
 * slot, and filled / missed / failed / off-schedule / pending slot counts since `from`, by the rules
 * of schedule/slot-rules.ts. Store health is a quick look (the ledger reads, its sequence has no
 * holes, no run is past its deadline unfinished); `binder store verify` is the full check.
 */
import type { BinderConfig } from '../config/schema.ts';
import { unfinishedRuns } from '../store/interrupted-runs.ts';
import type { EvidenceStore, LedgerEntry } from '../store/types.ts';
import { fillsNamedSlot, nextSlotAfter, slotsBetween } from './slot-rules.ts';

export interface SlotCounts {
  /** Slots whose grace time has passed (or that have a run). */
  expected: number;
  filled: number;
  /** No run at all. */
  missed: number;
  /** Only failed or interrupted runs. */
  failed: number;
  /** Successful snapshots that fill no slot. */
  offSchedule: number;
  /** Slots still inside their grace time with no run yet. */
  pending: number;
}

export interface SourceStatus {
  source: string;
  lastSuccess: { finishedAt: string; runId: string; snapshotId: string | null; slot: string | null } | null;
  lastFailure: { finishedAt: string; runId: string; status: 'failed' | 'interrupted'; reason: string | null; slot: string | null } | null;
  running: { runId: string; startedAt: string; host: string | null; pid: number | null; deadline: string | null } | null;
  nextSlot: string;
  counts: SlotCounts;
  /** Missed and failed slots, newest first (at most 20). */
  recentGaps: { slot: string; kind: 'missed' | 'failed'; reason: string | null }[];
  /** Set when maxAge was given: the last success is older than it, or there is none. */
  stale: boolean;
}

export interface StoreHealth {
  ok: boolean;
  location: string;
  ledgerEntries: number;
  headSeq: number;
  problems: string[];
}

export interface CollectionStatus {
  now: string;
  from: string;
  maxAgeSeconds: number | null;
  sources: SourceStatus[];
  store: StoreHealth;
  /** False when a source is stale or the store is unhealthy. */
  ok: boolean;
}

export interface StatusOptions {
  config: BinderConfig;
  store: EvidenceStore;
  now: Date;
  /** Start of the counts (default: 365 days before now). */
  from?: Date;
  /** A source with no success newer than this is stale. */
  maxAgeMs?: number;
}

const DAY_MS = 86_400_000;

export async function collectionStatus(options: StatusOptions): Promise<CollectionStatus> {
  const { config, store, now } = options;
  const from = options.from ?? new Date(now.getTime() - 365 * DAY_MS);
  const graceMs = config.schedule.graceMinutes * 60_000;
  const problems: string[] = [];

  // The ledger from the newest back to the start of the counts (with a day of slack for late runs).
  const entries: LedgerEntry[] = [];
  let headSeq = 0;
  try {
    for await (const e of store.ledgerFromNewest()) {
      if (headSeq === 0) headSeq = e.seq;
      if (Date.parse(e.startedAt) < from.getTime() - DAY_MS) break;
      entries.push(e);
    }
  } catch (err) {
    problems.push(`the ledger cannot be read: ${(err as Error).message}`);
  }
  entries.reverse();
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.seq !== entries[i - 1]!.seq + 1) problems.push(`the ledger has a hole between seq ${entries[i - 1]!.seq} and ${entries[i]!.seq}`);
  }
  const running = unfinishedRuns(entries);
  for (const r of running) {
    if (r.deadline && Date.parse(r.deadline) < now.getTime()) {
      problems.push(`run ${r.runId} (${r.source}) started ${r.startedAt} and is past its deadline ${r.deadline} without a result: the next collect records it as interrupted`);
    }
  }

  // Counting starts with the slots whose grace time holds the store's first run, when that is later than `from` (a new deployment has no missed year).
  const reachedStart = entries.length > 0 && entries[0]!.seq === 1;
  const countFrom = reachedStart ? new Date(Math.max(from.getTime(), Date.parse(entries[0]!.startedAt) - graceMs)) : entries.length === 0 && headSeq === 0 ? now : from;
  const slots = slotsBetween(config.schedule, new Date(countFrom.getTime() - 1), now);
  const sources = config.sources.map((s) => s.name);
  const statuses = sources.map((source) => sourceStatus(source, entries.filter((e) => e.source === source), slots, running, { graceMs, now, graceMinutes: config.schedule.graceMinutes }));
  for (const s of statuses) {
    if (options.maxAgeMs === undefined) continue;
    const last = s.lastSuccess ? Date.parse(s.lastSuccess.finishedAt) : null;
    s.stale = last === null || now.getTime() - last > options.maxAgeMs;
  }
  for (const s of statuses) s.nextSlot = nextSlotAfter(config.schedule, now).toISOString();
  const health: StoreHealth = { ok: problems.length === 0, location: store.location, ledgerEntries: entries.length, headSeq, problems };
  return {
    now: now.toISOString(),
    from: countFrom.toISOString(),
    maxAgeSeconds: options.maxAgeMs === undefined ? null : Math.round(options.maxAgeMs / 1000),
    sources: statuses,
    store: health,
    ok: health.ok && statuses.every((s) => !s.stale),
  };
}

function sourceStatus(
  source: string,
  entries: LedgerEntry[],
  slots: Date[],
  running: LedgerEntry[],
  ctx: { graceMs: number; graceMinutes: number; now: Date },
): SourceStatus {
  const finishes = entries.filter((e) => e.status !== 'started');
  const successes = finishes.filter((e) => e.status === 'success' || e.status === 'partial');
  const failures = finishes.filter((e): e is LedgerEntry & { status: 'failed' | 'interrupted' } => e.status === 'failed' || e.status === 'interrupted');
  const lastS = successes[successes.length - 1];
  const lastF = failures[failures.length - 1];
  const slotOf = (e: LedgerEntry) => (fillsNamedSlot(e, e.startedAt, ctx.graceMinutes) ? e.scheduledFor : null);

  // Which slot each successful run fills (the first one only), by the slot rules.
  const filledSlots = new Set<number>();
  let offSchedule = 0;
  for (const e of successes) {
    const slot = slotOf(e);
    const t = slot === null ? null : Date.parse(slot);
    if (t === null || filledSlots.has(t)) offSchedule++;
    else filledSlots.add(t);
  }
  const failedSlots = new Map<number, LedgerEntry>();
  for (const e of failures) if (!e.offSchedule) failedSlots.set(Date.parse(e.scheduledFor), e);

  const counts: SlotCounts = { expected: 0, filled: 0, missed: 0, failed: 0, offSchedule, pending: 0 };
  const gaps: SourceStatus['recentGaps'] = [];
  for (const slot of slots) {
    const t = slot.getTime();
    if (filledSlots.has(t)) {
      counts.expected++;
      counts.filled++;
      continue;
    }
    const failed = failedSlots.get(t);
    if (failed) {
      counts.expected++;
      counts.failed++;
      gaps.push({ slot: slot.toISOString(), kind: 'failed', reason: failed.reason });
      continue;
    }
    if (t + ctx.graceMs > ctx.now.getTime()) {
      counts.pending++;
      continue;
    }
    counts.expected++;
    counts.missed++;
    gaps.push({ slot: slot.toISOString(), kind: 'missed', reason: null });
  }
  const mine = running.filter((r) => r.source === source);
  const current = mine[mine.length - 1];
  return {
    source,
    lastSuccess: lastS ? { finishedAt: lastS.finishedAt!, runId: lastS.runId, snapshotId: lastS.snapshotId, slot: slotOf(lastS) } : null,
    lastFailure: lastF ? { finishedAt: lastF.finishedAt!, runId: lastF.runId, status: lastF.status, reason: lastF.reason, slot: lastF.offSchedule ? null : lastF.scheduledFor } : null,
    running: current ? { runId: current.runId, startedAt: current.startedAt, host: current.host, pid: current.pid, deadline: current.deadline } : null,
    nextSlot: '',
    counts,
    recentGaps: gaps.reverse().slice(0, 20),
    stale: false,
  };
}
