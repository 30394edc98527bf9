/**
 * Alerts as a JSON POST: a Slack-compatible `text` (Slack, Mattermost, Teams workflows read it)
 * and a structured `binder` object for receivers that route on fields. One attempt per `send`,
 * bounded by `timeoutSeconds` from connecting to the last byte; any answer but 2xx is a failure.
 * A webhook URL's path is often its secret (Slack's is), so it is registered as one and only the
 * origin is ever named.
 */
import type { AlertsConfig } from '../config/schema.ts';
import { registerSecret } from '../model/secret-registry.ts';
import { AlertSendError, type AlertChannel } from './alert-channel.ts';
import { formatAlert } from './alert-message.ts';
import type { Alert } from './alert-policy.ts';

export type WebhookConfig = NonNullable<AlertsConfig['webhook']>;

/** The JSON body a receiver gets. */
export interface WebhookPayload {
  text: string;
  binder: Alert & { subject: string };
}

export function webhookPayload(alert: Alert): WebhookPayload {
  const { subject, text } = formatAlert(alert);
  return { text, binder: { ...alert, subject } };
}

export function createWebhookSender(config: WebhookConfig): AlertChannel {
  const url = new URL(config.url);
  registerSecret(config.url);
  registerSecret(`${url.pathname}${url.search}`);
  const target = url.origin;
  const timeoutMs = config.timeoutSeconds * 1000;
  return {
    name: 'webhook',
    target,
    async send(alert: Alert): Promise<void> {
      const signal = AbortSignal.timeout(timeoutMs);
      let status: number;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'binder-alerts' },
          body: JSON.stringify(webhookPayload(alert)),
          redirect: 'manual',
          signal,
        });
        status = res.status;
        // Drain (bounded by the same signal) so the connection is released; the body is not used.
        await res.arrayBuffer();
      } catch (err) {
        throw new AlertSendError(
          'webhook',
          `webhook ${target}: ${describeFetchError(err, signal, config.timeoutSeconds)}`,
        );
      }
      if (status < 200 || status > 299) {
        // A redirect, or a 4xx other than 408/429, means the receiver refuses this request as it is: retrying cannot help.
        const retryable = status >= 500 || status === 408 || status === 429;
        throw new AlertSendError('webhook', `webhook ${target} answered HTTP ${status}`, retryable);
      }
    },
    close() {},
  };
}

function describeFetchError(err: unknown, signal: AbortSignal, timeoutSeconds: number): string {
  if (signal.aborted) return `no complete answer within ${timeoutSeconds} s`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  // fetch's own refusals carry no code: "bad port" (ports the Fetch standard blocks, e.g. 1, 6000), "invalid method", ...
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return cause?.message ? `${what} (${cause.message})` : what;
}
