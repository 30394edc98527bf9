/**
 * What `binder schedule` runs: the scheduler loop (schedule/run-scheduler.ts) wired to the
 * collector, Prometheus metrics, the /healthz + /metrics endpoint and alerts.
 *
 * Alerts are sent in the background so a slow webhook never delays a slot; they are awaited
 * (bounded) before the service returns. An alert that cannot be sent is logged by the alerter and
 * never fails collection.
 */
import { createAlerter, type Alerter } from '../alerts/alerter.ts';
import { AlertPolicy, runObserved, type Alert } from '../alerts/alert-policy.ts';
import type { BinderConfig } from '../config/schema.ts';
import { runCollection, type RunSummary } from '../collectors/collect-run.ts';
import type { Log } from '../collectors/log.ts';
import type { StaticCredentials } from '../collectors/aws/clients.ts';
import { createCollectorMetrics, type CollectorMetrics } from '../observability/collector-metrics.ts';
import { startStatusServer, type StatusServer } from '../observability/status-server.ts';
import type { EvidenceStore, ProgressFn } from '../store/types.ts';
import { runScheduler, type SchedulerClock, type SchedulerResult } from './run-scheduler.ts';
import { collectionStatus } from './source-status.ts';

export interface ScheduleServiceOptions {
  config: BinderConfig;
  store: EvidenceStore;
  clock: SchedulerClock;
  log: Log;
  stop: AbortSignal;
  stopTimeoutMs: number;
  sources?: string[];
  /** host:port for /healthz and /metrics. */
  listen?: string;
  /** Called once the status server listens (its URL). */
  onListening?: (url: string) => void;
  progress?: ProgressFn;
  /** Tests: collector credentials, alert channels, retry delays, a slot limit. */
  credentials?: StaticCredentials;
  alerter?: Alerter;
  maxSlots?: number;
  random?: () => number;
  /** How long to wait for alerts still being sent when the service stops. */
  alertDrainMs?: number;
}

export interface ScheduleServiceResult extends SchedulerResult {
  alertsSent: number;
  alertsFailed: number;
}

export async function runScheduleService(options: ScheduleServiceOptions): Promise<ScheduleServiceResult> {
  const { config, store, log } = options;
  const sources = options.sources ?? config.sources.map((s) => s.name);
  const metrics: CollectorMetrics = createCollectorMetrics({ sources });
  const alerter = options.alerter ?? createAlerter(config.alerts, { log });
  const now = options.clock.now();

  // Where the metrics and the alert state stand, from the ledger: a restart carries on.
  const status = await collectionStatus({ config, store, now });
  for (const s of status.sources) {
    if (!sources.includes(s.source)) continue;
    if (s.lastSuccess) metrics.setLastSuccess(s.source, new Date(s.lastSuccess.finishedAt));
    metrics.setMissedSlots(s.source, s.counts.missed);
  }
  const missedCount = new Map(status.sources.map((s) => [s.source, s.counts.missed]));
  const tail = [];
  for await (const e of store.ledgerFromNewest()) {
    tail.push(e);
    if (tail.length >= 200) break;
  }
  const policy = AlertPolicy.fromLedger(tail);

  const pending = new Set<Promise<void>>();
  let alertsSent = 0;
  let alertsFailed = 0;
  const send = (alerts: Alert[]) => {
    for (const alert of alerts) {
      const p = alerter.send(alert).then((deliveries) => {
        if (deliveries.length > 0 && deliveries.every((d) => d.delivered)) alertsSent++;
        else if (deliveries.length > 0) alertsFailed++;
      });
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
  };

  let lastRun: RunSummary | null = null;
  let nextSlot: Date | null = null;
  let running = false;
  let server: StatusServer | null = null;
  if (options.listen) {
    server = await startStatusServer({
      listen: options.listen,
      metrics,
      health: () => ({
        ok: !options.stop.aborted,
        scheduler: options.stop.aborted ? 'stopping' : running ? 'collecting' : 'waiting',
        nextSlot: nextSlot?.toISOString() ?? null,
        lastRun: lastRun ? { scheduledFor: lastRun.scheduledFor, finishedAt: lastRun.finishedAt, outcomes: lastRun.outcomes.map((o) => ({ source: o.source, status: o.status })) } : null,
      }),
    });
    options.onListening?.(server.url);
    log.info('serving /healthz and /metrics', { url: server.url });
  }

  try {
    const result = await runScheduler({
      config,
      store,
      clock: options.clock,
      sources,
      log,
      stop: options.stop,
      stopTimeoutMs: options.stopTimeoutMs,
      ...(options.maxSlots !== undefined ? { maxSlots: options.maxSlots } : {}),
      ...(options.random ? { random: options.random } : {}),
      collect: async (slot, signal) => {
        running = true;
        try {
          return await runCollection({
            config,
            store,
            clock: options.clock,
            scheduledFor: slot,
            sources,
            log,
            signal,
            ...(options.progress ? { progress: options.progress } : {}),
            ...(options.credentials ? { credentials: options.credentials } : {}),
          });
        } finally {
          running = false;
        }
      },
      events: {
        onNextSlot(slot) {
          nextSlot = slot;
          for (const s of sources) metrics.setNextSlot(s, slot);
        },
        onRunFinished(summary) {
          lastRun = summary;
          const at = new Date(summary.finishedAt);
          for (const o of summary.outcomes) {
            metrics.recordOutcome(o);
            send(policy.observe(runObserved(o, at)));
          }
        },
        onMissed(missed) {
          const n = (missedCount.get(missed.source) ?? 0) + missed.slots.length;
          missedCount.set(missed.source, n);
          metrics.setMissedSlots(missed.source, n);
          const at = options.clock.now().toISOString();
          for (const slot of missed.slots) send(policy.observe({ kind: 'slot-missed', source: missed.source, slot, reason: missed.why, at }));
        },
      },
    });
    return { ...result, alertsSent, alertsFailed };
  } finally {
    if (pending.size > 0) {
      log.info('waiting for alerts still being sent', { alerts: pending.size });
      await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, options.alertDrainMs ?? 60_000).unref())]);
    }
    await server?.close();
    if (!options.alerter) alerter.close();
  }
}
