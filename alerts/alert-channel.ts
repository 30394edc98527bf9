/** What the alerter fans out to: one way of delivering an alert (a webhook, an SNS topic). */
import type { Alert } from './alert-policy.ts';

export type ChannelName = 'webhook' | 'sns';

export interface AlertChannel {
  readonly name: ChannelName;
  /** Where it delivers, safe to log (a webhook's origin only: its path is often the secret). */
  readonly target: string;
  /** One attempt, bounded by the channel's timeout; rejects with AlertSendError when not delivered. */
  send(alert: Alert): Promise<void>;
  close(): void;
}

/** One delivery attempt failed: which channel, and why (no URL path, no credentials). */
export class AlertSendError extends Error {
  constructor(
    readonly channel: ChannelName,
    message: string,
    /** False when another attempt cannot help (e.g. the topic does not exist). */
    readonly isRetryable = true,
  ) {
    super(message);
    this.name = 'AlertSendError';
  }
}
