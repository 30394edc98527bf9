/**
 * Sends an alert to every configured channel at once, retrying each with exponential backoff up
 * to `alerts.attempts`, and never throws: an alert that cannot be delivered is logged (log.error
 * with the channel and the reason) and reported in the returned deliveries, so alerting can
 * never fail or stall collection beyond its bounded attempts. Reasons are redacted before any
 * channel or log sees them.
 */
import pRetry from 'p-retry';
import { performance } from 'node:perf_hooks';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Log } from '../collectors/log.ts';
import type { AlertsConfig } from '../config/schema.ts';
import { redactSecrets } from '../model/redact-secrets.ts';
import { AlertSendError, type AlertChannel, type ChannelName } from './alert-channel.ts';
import type { Alert } from './alert-policy.ts';
import { createSnsSender } from './sns-sender.ts';
import { createWebhookSender } from './webhook-sender.ts';

export interface AlertDelivery {
  channel: ChannelName;
  /** The webhook's origin or the topic ARN. */
  target: string;
  delivered: boolean;
  attempts: number;
  /** Why the last attempt failed (redacted); null when delivered. */
  error: string | null;
  durationMs: number;
}

export interface Alerter {
  /** Resolves once every channel delivered or gave up; never rejects. */
  send(alert: Alert): Promise<AlertDelivery[]>;
  /** The configured channels, for status output. */
  readonly channels: ReadonlyArray<{ name: ChannelName; target: string }>;
  close(): void;
}

export interface RetryDelays {
  minDelayMs: number;
  maxDelayMs: number;
}

/** Between attempts: 1 s, 2 s, 4 s, ... at most 30 s (with jitter). */
export const DEFAULT_ALERT_RETRY: RetryDelays = { minDelayMs: 1000, maxDelayMs: 30_000 };

export interface CreateAlerterOptions {
  log: Log;
  /** Backoff between attempts (tests shorten it). */
  retry?: RetryDelays;
  /** For the SNS client instead of the provider chain or profile (tests, the sandbox). */
  snsCredentials?: AwsCredentialIdentity;
  /** Channels to use instead of the configured ones. */
  channels?: AlertChannel[];
}

export function createAlerter(config: AlertsConfig, options: CreateAlerterOptions): Alerter {
  const { log } = options;
  const retry = options.retry ?? DEFAULT_ALERT_RETRY;
  const channels: AlertChannel[] = options.channels ?? [
    ...(config.webhook ? [createWebhookSender(config.webhook)] : []),
    ...(config.sns
      ? [createSnsSender(config.sns, options.snsCredentials ? { credentials: options.snsCredentials } : {})]
      : []),
  ];

  async function deliver(channel: AlertChannel, alert: Alert): Promise<AlertDelivery> {
    const t0 = performance.now();
    let attempts = 0;
    const fields = {
      channel: channel.name,
      target: channel.target,
      kind: alert.kind,
      source: alert.source,
      slot: alert.slot,
      runId: alert.runId,
    };
    try {
      await pRetry(
        async () => {
          attempts++;
          await channel.send(alert);
        },
        {
          retries: Math.max(0, config.attempts - 1),
          factor: 2,
          minTimeout: retry.minDelayMs,
          maxTimeout: retry.maxDelayMs,
          randomize: true,
          shouldRetry: (err) => !(err instanceof AlertSendError) || err.isRetryable,
          onFailedAttempt: (err) => {
            if (err.retriesLeft > 0 && (!(err instanceof AlertSendError) || err.isRetryable)) {
              log.warn('alert not delivered, retrying', {
                ...fields,
                attempt: err.attemptNumber,
                reason: redactSecrets(err.message),
              });
            }
          },
        },
      );
      log.info('alert delivered', { ...fields, attempts });
      return {
        channel: channel.name,
        target: channel.target,
        delivered: true,
        attempts,
        error: null,
        durationMs: performance.now() - t0,
      };
    } catch (err) {
      const reason = redactSecrets(err instanceof Error ? err.message : String(err));
      log.error('alert could not be delivered', { ...fields, attempts, reason });
      return {
        channel: channel.name,
        target: channel.target,
        delivered: false,
        attempts,
        error: reason,
        durationMs: performance.now() - t0,
      };
    }
  }

  return {
    channels: channels.map((c) => ({ name: c.name, target: c.target })),
    async send(alert: Alert): Promise<AlertDelivery[]> {
      const safe = redactAlert(alert);
      if (channels.length === 0) {
        log.warn('alert not sent: no alert channel is configured (alerts.webhook, alerts.sns)', {
          kind: safe.kind,
          source: safe.source,
          slot: safe.slot,
          reason: safe.reason,
        });
        return [];
      }
      return Promise.all(channels.map((c) => deliver(c, safe)));
    },
    close() {
      for (const c of channels) c.close();
    },
  };
}

function redactAlert(alert: Alert): Alert {
  return alert.reason === null ? alert : { ...alert, reason: redactSecrets(String(alert.reason)) };
}
