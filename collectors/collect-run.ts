/**
 * One collection run: for each selected source, collect a snapshot, store it, then append the
 * ledger entry. A failing source gets a 'failed' ledger entry naming the operation and error code
 * and the run goes on with the other sources; the summary tells the CLI whether to exit non-zero.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { BinderConfig, SourceConfig } from '../config/schema.ts';
import type { Clock } from '../model/clock.ts';
import { crashPoint } from '../store/crash-point.ts';
import { recordInterruptedRuns } from '../store/interrupted-runs.ts';
import type { EvidenceStore, FinishStatus, LedgerEntry, ProgressFn } from '../store/types.ts';
import { AwsCallError } from './aws/aws-call-error.ts';
import type { StaticCredentials } from './aws/clients.ts';
import type { CollectSnapshotOptions } from './collect-snapshot.ts';
import { collectSource } from './source-kinds.ts';
import { childLog, type Log } from './log.ts';
import { formatDuration, placeRun, type RunPlacement } from '../schedule/slot-rules.ts';
import type { ClaimResult } from '../store/slot-claim.ts';
import { redactSecrets } from '../model/redact-secrets.ts';

export { redactSecrets };

export interface RunCollectionOptions {
  config: BinderConfig;
  store: EvidenceStore;
  clock: Clock;
  /**
   * The slot to fill (the scheduler and the demo pass it); by default the slot the clock's now
   * falls in, or off-schedule when now is outside every slot's grace time.
   */
  scheduledFor?: Date;
  /** Take an extra snapshot that fills no slot (`collect --off-schedule`). */
  offSchedule?: boolean;
  /** Source names to collect; all when omitted. */
  sources?: string[];
  credentials?: StaticCredentials;
  log: Log;
  progress?: ProgressFn;
  /** Aborts the run (SIGTERM from a scheduler): in-flight calls stop and each source is recorded as failed. */
  signal?: AbortSignal;
  /** Passed through to collectSnapshot (tests tune retries and polling). */
  tuning?: Pick<
    CollectSnapshotOptions,
    'operationRetry' | 'maxAttempts' | 'reportPoll' | 'connectTimeoutMs' | 'requestTimeoutMs' | 'timeoutMs' | 'sleep'
  >;
}

/** Who holds a (source, slot) claim: the run that fills (or is filling) the slot. */
export interface SlotHolder {
  runId: string;
  host: string;
  pid: number;
  claimedAt: string;
  /** The holder's snapshot, once its success is in the ledger. */
  snapshotId: string | null;
}

export interface SourceOutcome {
  source: string;
  runId: string;
  /** skipped: the slot was already claimed by another run (exactly once per source and slot); nothing was collected. */
  status: 'success' | 'failed' | 'skipped';
  /** The slot this run fills; null when off-schedule. */
  slot: string | null;
  offSchedule: boolean;
  /** Why the run is off-schedule (collect --off-schedule, or started outside every grace time). */
  offScheduleReason: string | null;
  snapshotId: string | null;
  snapshotSha256: string | null;
  resourceCount: number | null;
  /** When the state was observed (the snapshot's provenance.finishedAt). */
  capturedAt: string | null;
  /** For skipped: the run that holds the slot. */
  filledBy: SlotHolder | null;
  /** API calls made, per service (iam, s3, sts, ...), for metrics. */
  apiCalls: Record<string, number>;
  reason: string | null;
  durationMs: number;
}

export interface RunSummary {
  /** The slot filled (or, off-schedule, the run's start time). */
  scheduledFor: string;
  offSchedule: boolean;
  startedAt: string;
  finishedAt: string;
  outcomes: SourceOutcome[];
  /** True when every selected source succeeded or was skipped because another run fills its slot. */
  ok: boolean;
}

export class UnknownSourceError extends Error {
  constructor(
    readonly names: string[],
    readonly known: string[],
  ) {
    super(
      `unknown source(s) ${names.map((n) => `"${n}"`).join(', ')}; the config defines: ${known.join(', ')}`,
    );
    this.name = 'UnknownSourceError';
  }
}

/** Unique per run and sortable by time: 20260301T020000Z-<8 hex>. */
export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}-${randomBytes(4).toString('hex')}`;
}

export function selectSources(config: BinderConfig, names?: string[]): SourceConfig[] {
  if (!names || names.length === 0) return config.sources;
  const known = config.sources.map((s) => s.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UnknownSourceError(unknown, known);
  return config.sources.filter((s) => names.includes(s.name));
}

export async function runCollection(options: RunCollectionOptions): Promise<RunSummary> {
  const { config, store, clock, log } = options;
  const sources = selectSources(config, options.sources);
  const startedAt = clock.now();
  const placement = placeThisRun(config, startedAt, options);
  const scheduledFor = placement.kind === 'slot' ? placement.slot : startedAt;
  const offSchedule = placement.kind === 'off-schedule';
  const outcomes: SourceOutcome[] = [];
  const host = hostname();
  const timeoutMs = config.collection.timeoutMinutes * 60_000;
  if (placement.kind === 'off-schedule') log.info('off-schedule run: it fills no schedule slot', { reason: placement.reason });

  // Runs killed earlier (kill -9, power cut) are recorded as interrupted before anything new starts.
  const interrupted = await recordInterruptedRuns(store, { host, now: clock.now(), recordedBy: `${host}:${process.pid}` });
  for (const e of interrupted) log.warn('an earlier run was interrupted', { source: e.source, runId: e.runId, reason: e.reason });

  for (const source of sources) {
    const runStarted = clock.now();
    const runId = newRunId(runStarted);
    const runLog = childLog(log, { source: source.name, runId });
    const t0 = performance.now();
    const base = {
      source: source.name,
      runId,
      slot: offSchedule ? null : scheduledFor.toISOString(),
      offSchedule,
      offScheduleReason: placement.kind === 'off-schedule' ? placement.reason : null,
    };
    const outcome = (rest: Omit<SourceOutcome, keyof typeof base | 'durationMs'>): SourceOutcome => ({
      ...base,
      ...rest,
      durationMs: Math.round(performance.now() - t0),
    });
    const none = { snapshotId: null, snapshotSha256: null, resourceCount: null, capturedAt: null, apiCalls: {} };

    // Exactly one run per (source, slot): claim it first; an off-schedule run has no slot to claim.
    let takeover: string | null = null;
    if (!offSchedule) {
      let claim: ClaimResult;
      try {
        claim = await store.claimSlot({ source: source.name, slot: scheduledFor.toISOString(), runId, now: runStarted, runTimeoutMs: timeoutMs, host });
      } catch (err) {
        const reason = `could not claim the ${scheduledFor.toISOString()} slot: ${failureReason(err)}`;
        runLog.error('source collection failed', { reason });
        outcomes.push(outcome({ ...none, status: 'failed', filledBy: null, reason }));
        continue;
      }
      if (!claim.won) {
        const filledBy: SlotHolder = {
          runId: claim.holder.runId,
          host: claim.holder.host,
          pid: claim.holder.pid,
          claimedAt: claim.holder.claimedAt,
          snapshotId: claim.holderSnapshotId,
        };
        runLog.info('slot already claimed by another run: nothing to collect', { slot: scheduledFor.toISOString(), filledBy: filledBy.runId, holderStatus: claim.holderStatus ?? 'running' });
        outcomes.push(outcome({ ...none, status: 'skipped', filledBy, reason: null }));
        continue;
      }
      const over = claim.claim.takesOver;
      if (over) {
        takeover = `took over the ${scheduledFor.toISOString()} slot from run ${over.runId} (${over.host}, pid ${over.pid}): ${over.why}`;
        runLog.warn('slot claim taken over', { from: over.runId, why: over.why });
      }
    }

    runLog.info('source collection started', { scheduledFor: scheduledFor.toISOString(), offSchedule });
    let started: LedgerEntry | null = null;
    // What the run's start and finish entries share.
    const run = {
      runId,
      source: source.name,
      scheduledFor: (offSchedule ? runStarted : scheduledFor).toISOString(),
      ...(offSchedule ? { offSchedule: true } : {}),
      startedAt: runStarted.toISOString(),
    };
    const finish = (status: FinishStatus, reason: string | null, snapshot: { id: string; snapshotSha256: string } | null) =>
      store.appendLedger({
        ...run,
        finishedAt: clock.now().toISOString(),
        status,
        reason: boundedReason(reason),
        snapshotId: snapshot?.id ?? null,
        snapshotSha256: snapshot?.snapshotSha256 ?? null,
        startedSeq: started?.seq ?? null,
        host: null,
        pid: null,
        deadline: null,
      });
    try {
      // Written first, so a run killed at any later step is known and recorded as interrupted.
      started = await store.appendLedger({
        ...run,
        finishedAt: null,
        status: 'started',
        reason: boundedReason(takeover),
        snapshotId: null,
        snapshotSha256: null,
        startedSeq: null,
        host,
        pid: process.pid,
        deadline: new Date(runStarted.getTime() + timeoutMs).toISOString(),
      });
      const snapshot = await collectSource({
        source,
        scheduledFor: offSchedule ? runStarted : scheduledFor,
        ...(offSchedule ? { offSchedule: true } : {}),
        clock,
        log: runLog,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.progress ? { progress: options.progress } : {}),
        timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        ...options.tuning,
      });
      const record = await store.saveSnapshot(snapshot, runId);
      await finish('success', null, record);
      crashPoint(`run ${runId} recorded`);
      const apiCalls: Record<string, number> = {};
      for (const c of snapshot.provenance.calls) apiCalls[c.service] = (apiCalls[c.service] ?? 0) + c.attempts;
      outcomes.push(
        outcome({
          status: 'success',
          snapshotId: record.id,
          snapshotSha256: record.snapshotSha256,
          resourceCount: record.resourceCount,
          capturedAt: record.capturedAt,
          filledBy: null,
          apiCalls,
          reason: null,
        }),
      );
      runLog.info('source collection stored', { snapshotId: record.id, resources: record.resourceCount });
    } catch (err) {
      const reason = failureReason(err);
      runLog.error('source collection failed', { reason });
      try {
        // Without a start entry (the store refused it) there is no run to finish: the error says why.
        if (started) await finish('failed', reason, null);
      } catch (ledgerErr) {
        runLog.error('could not record the failed run in the ledger', { error: failureReason(ledgerErr) });
      }
      outcomes.push(outcome({ ...none, status: 'failed', filledBy: null, reason }));
    }
  }
  return {
    scheduledFor: scheduledFor.toISOString(),
    offSchedule,
    startedAt: startedAt.toISOString(),
    finishedAt: clock.now().toISOString(),
    outcomes,
    ok: outcomes.every((o) => o.status !== 'failed'),
  };
}

/** Bounded, so an entry stays small enough to sign (KMS signs at most 4096 bytes). */
function boundedReason(reason: string | null): string | null {
  return reason === null ? null : reason.length > 1500 ? `${reason.slice(0, 1500)} [truncated]` : reason;
}

/**
 * The slot this run fills. A caller that names the slot (the scheduler, the demo) still gets an
 * off-schedule run when the clock is already past that slot's grace time.
 */
function placeThisRun(config: BinderConfig, now: Date, options: Pick<RunCollectionOptions, 'scheduledFor' | 'offSchedule'>): RunPlacement {
  if (options.offSchedule || !options.scheduledFor) return placeRun(config.schedule, now, { offSchedule: options.offSchedule === true });
  const lateMs = now.getTime() - options.scheduledFor.getTime();
  if (lateMs >= 0 && lateMs <= config.schedule.graceMinutes * 60_000) return { kind: 'slot', slot: options.scheduledFor, lateMs };
  return {
    kind: 'off-schedule',
    latestSlot: options.scheduledFor,
    lateMs,
    reason: lateMs < 0 ? `started before its slot ${options.scheduledFor.toISOString()}` : `started ${formatDuration(lateMs)} after the ${options.scheduledFor.toISOString()} slot, outside its ${formatDuration(config.schedule.graceMinutes * 60_000)} grace time`,
  };
}

/**
 * A person-readable reason: operation, error code and message (or the deadline that passed and
 * what was running). The credentials in use, and anything shaped like a credential, are masked.
 */
export function failureReason(err: unknown): string {
  const text =
    err instanceof AwsCallError
      ? `${err.service}:${err.operation} in ${err.region} failed with ${err.code}${err.httpStatus ? ` (HTTP ${err.httpStatus})` : ''}: ${err.detail}`
      : err instanceof Error
        ? `${err.name}: ${err.message}`
        : String(err);
  return redactSecrets(text);
}

