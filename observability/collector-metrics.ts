/**
 * The scheduler's Prometheus metrics, on a registry of their own (never prom-client's global
 * default, so two schedulers in one process, or a test, never share series):
 *
 * | metric | type | labels |
 * |---|---|---|
 * | binder_last_success_timestamp_seconds | gauge | source |
 * | binder_next_slot_timestamp_seconds | gauge | source |
 * | binder_collection_runs_total | counter | source, outcome (success, failed, skipped) |
 * | binder_missed_slots | gauge (missed slots in the running period) | source |
 * | binder_api_calls_total | counter | source, service |
 * | binder_collection_duration_seconds | histogram (1 s to 45 min) | source |
 *
 * plus prom-client's default process metrics (CPU, memory, event loop lag, handles, GC).
 * Sources named up front get every outcome series at 0, so an alert rule on
 * `increase(binder_collection_runs_total{outcome="failed"}[1d])` has data before the first failure.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SourceOutcome } from '../collectors/collect-run.ts';

export const RUN_OUTCOMES = ['success', 'failed', 'skipped'] as const;

/** A run takes seconds (a small account) to the 30-minute deadline (collection.timeoutMinutes' default). */
export const DURATION_BUCKETS_SECONDS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 2700];

/** What recordOutcome reads of a collector outcome. */
export type RecordedOutcome = Pick<
  SourceOutcome,
  'source' | 'status' | 'apiCalls' | 'durationMs' | 'capturedAt'
>;

export interface CollectorMetrics {
  readonly registry: Registry;
  /** Counts the run and its API calls; a collected run's duration goes to the histogram, a success sets the last success. */
  recordOutcome(outcome: RecordedOutcome): void;
  setLastSuccess(source: string, at: Date): void;
  setMissedSlots(source: string, count: number): void;
  setNextSlot(source: string, at: Date): void;
  /** The exposition text and its content type, for GET /metrics. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface CollectorMetricsOptions {
  /** Sources whose series start at 0. */
  sources?: string[];
  /** prom-client's process metrics on this registry (default true). */
  processMetrics?: boolean;
}

export function createCollectorMetrics(options: CollectorMetricsOptions = {}): CollectorMetrics {
  const registry = new Registry();
  const registers = [registry];
  const lastSuccess = new Gauge({
    name: 'binder_last_success_timestamp_seconds',
    help: 'When the latest successful collection of a source captured its state (Unix time).',
    labelNames: ['source'] as const,
    registers,
  });
  const nextSlot = new Gauge({
    name: 'binder_next_slot_timestamp_seconds',
    help: 'The next schedule slot the scheduler will fill for a source (Unix time).',
    labelNames: ['source'] as const,
    registers,
  });
  const runs = new Counter({
    name: 'binder_collection_runs_total',
    help: 'Collection runs by outcome: success, failed, or skipped (another run fills the slot).',
    labelNames: ['source', 'outcome'] as const,
    registers,
  });
  const missed = new Gauge({
    name: 'binder_missed_slots',
    help: 'Schedule slots of the running period without a successful run (coverage gaps).',
    labelNames: ['source'] as const,
    registers,
  });
  const apiCalls = new Counter({
    name: 'binder_api_calls_total',
    help: 'AWS API calls made by collection runs, by service.',
    labelNames: ['source', 'service'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'binder_collection_duration_seconds',
    help: 'How long a collection run of a source took (runs that collected: success or failed).',
    labelNames: ['source'] as const,
    buckets: DURATION_BUCKETS_SECONDS,
    registers,
  });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  for (const source of options.sources ?? []) {
    for (const outcome of RUN_OUTCOMES) runs.inc({ source, outcome }, 0);
    missed.set({ source }, 0);
  }

  const unixSeconds = (at: Date): number => {
    const ms = at.getTime();
    if (!Number.isFinite(ms)) throw new RangeError('binder metrics: a timestamp must be a valid Date');
    return ms / 1000;
  };

  const metrics: CollectorMetrics = {
    registry,
    recordOutcome(outcome) {
      runs.inc({ source: outcome.source, outcome: outcome.status });
      for (const [service, count] of Object.entries(outcome.apiCalls)) {
        if (count > 0) apiCalls.inc({ source: outcome.source, service }, count);
      }
      // A skipped run collected nothing: its few milliseconds would only blur the histogram.
      if (outcome.status !== 'skipped')
        duration.observe({ source: outcome.source }, outcome.durationMs / 1000);
      if (outcome.status === 'success')
        metrics.setLastSuccess(
          outcome.source,
          outcome.capturedAt ? new Date(outcome.capturedAt) : new Date(),
        );
    },
    setLastSuccess: (source, at) => lastSuccess.set({ source }, unixSeconds(at)),
    setMissedSlots(source, count) {
      if (!Number.isInteger(count) || count < 0)
        throw new RangeError(`binder metrics: missed slots must be a whole number >= 0 (got ${count})`);
      missed.set({ source }, count);
    },
    setNextSlot: (source, at) => nextSlot.set({ source }, unixSeconds(at)),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
  return metrics;
}
