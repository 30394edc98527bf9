/**
 * One collection run: for each selected source, collect a snapshot, store it, then append the
 * ledger entry. A failing source gets a 'failed' ledger entry naming the operation and error code
 * and the run goes on with the other sources; the summary tells the CLI whether to exit non-zero.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AwsSourceConfig, BinderConfig } from '../config/schema.ts';
import type { Clock } from '../model/clock.ts';
import { crashPoint } from '../store/crash-point.ts';
import { recordInterruptedRuns } from '../store/interrupted-runs.ts';
import type { EvidenceStore, FinishStatus, LedgerEntry, ProgressFn } from '../store/types.ts';
import { AwsCallError } from './aws/aws-call-error.ts';
import type { StaticCredentials } from './aws/clients.ts';
import { collectSnapshot, type CollectSnapshotOptions } from './collect-snapshot.ts';
import type { Log } from './log.ts';
import { scheduleSlotAt } from './schedule-slot.ts';
import { redactSecrets } from '../model/redact-secrets.ts';

export { redactSecrets };

export interface RunCollectionOptions {
  config: BinderConfig;
  store: EvidenceStore;
  clock: Clock;
  /** Defaults to the schedule slot of the clock's now. */
  scheduledFor?: Date;
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

export interface SourceOutcome {
  source: string;
  runId: string;
  status: 'success' | 'failed';
  snapshotId: string | null;
  snapshotSha256: string | null;
  resourceCount: number | null;
  reason: string | null;
  durationMs: number;
}

export interface RunSummary {
  scheduledFor: string;
  startedAt: string;
  finishedAt: string;
  outcomes: SourceOutcome[];
  /** True when every selected source succeeded. */
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

export function selectSources(config: BinderConfig, names?: string[]): AwsSourceConfig[] {
  if (!names || names.length === 0) return config.sources;
  const known = config.sources.map((s) => s.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UnknownSourceError(unknown, known);
  return config.sources.filter((s) => names.includes(s.name));
}

export async function runCollection(options: RunCollectionOptions): Promise<RunSummary> {
  const { config, store, clock, log } = options;
  const sources = selectSources(config, options.sources);
  const scheduledFor = options.scheduledFor ?? scheduleSlotAt(config.schedule, clock.now());
  const startedAt = clock.now().toISOString();
  const outcomes: SourceOutcome[] = [];
  const host = hostname();
  const timeoutMs = config.collection.timeoutMinutes * 60_000;

  // Runs killed earlier (kill -9, power cut) are recorded as interrupted before anything new starts.
  const interrupted = await recordInterruptedRuns(store, { host, now: clock.now(), recordedBy: `${host}:${process.pid}` });
  for (const e of interrupted) log.warn('an earlier run was interrupted', { source: e.source, runId: e.runId, reason: e.reason });

  for (const source of sources) {
    const runStarted = clock.now();
    const runId = newRunId(runStarted);
    const t0 = performance.now();
    log.info('source collection started', {
      source: source.name,
      runId,
      scheduledFor: scheduledFor.toISOString(),
    });
    let started: LedgerEntry | null = null;
    // What the run's start and finish entries share.
    const run = { runId, source: source.name, scheduledFor: scheduledFor.toISOString(), startedAt: runStarted.toISOString() };
    const finish = (status: FinishStatus, reason: string | null, snapshot: { id: string; snapshotSha256: string } | null) =>
      store.appendLedger({
        ...run,
        finishedAt: clock.now().toISOString(),
        status,
        // Bounded, so an entry stays small enough to sign (KMS signs at most 4096 bytes).
        reason: reason === null ? null : reason.length > 1500 ? `${reason.slice(0, 1500)} [truncated]` : reason,
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
        reason: null,
        snapshotId: null,
        snapshotSha256: null,
        startedSeq: null,
        host,
        pid: process.pid,
        deadline: new Date(runStarted.getTime() + timeoutMs).toISOString(),
      });
      const snapshot = await collectSnapshot({
        source,
        scheduledFor,
        clock,
        log,
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.progress ? { progress: options.progress } : {}),
        timeoutMs: config.collection.timeoutMinutes * 60_000,
        ...(options.signal ? { signal: options.signal } : {}),
        ...options.tuning,
      });
      const record = await store.saveSnapshot(snapshot, runId);
      await finish('success', null, record);
      crashPoint(`run ${runId} recorded`);
      outcomes.push({
        source: source.name,
        runId,
        status: 'success',
        snapshotId: record.id,
        snapshotSha256: record.snapshotSha256,
        resourceCount: record.resourceCount,
        reason: null,
        durationMs: Math.round(performance.now() - t0),
      });
      log.info('source collection stored', {
        source: source.name,
        runId,
        snapshotId: record.id,
        resources: record.resourceCount,
      });
    } catch (err) {
      const reason = failureReason(err);
      log.error('source collection failed', { source: source.name, runId, reason });
      try {
        // Without a start entry (the store refused it) there is no run to finish: the error says why.
        if (started) await finish('failed', reason, null);
      } catch (ledgerErr) {
        log.error('could not record the failed run in the ledger', {
          source: source.name,
          runId,
          error: failureReason(ledgerErr),
        });
      }
      outcomes.push({
        source: source.name,
        runId,
        status: 'failed',
        snapshotId: null,
        snapshotSha256: null,
        resourceCount: null,
        reason,
        durationMs: Math.round(performance.now() - t0),
      });
    }
  }
  return {
    scheduledFor: scheduledFor.toISOString(),
    startedAt,
    finishedAt: clock.now().toISOString(),
    outcomes,
    ok: outcomes.every((o) => o.status === 'success'),
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

