/**
 * Alerts published to an SNS topic (its subscriptions fan them out: email, SMS, chat, PagerDuty)
 * through the real SDK client, built as binder builds every client: the standard provider chain
 * or the configured profile, the aborting HTTP handler (connect and answer bounded by
 * `timeoutSeconds`), and the credentials registered as secrets before signing. The SDK makes one
 * attempt per `send`: the alerter retries whole sends with backoff, so `alerts.attempts` is what
 * it says.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { AlertsConfig } from '../config/schema.ts';
import { abortingHttpHandler } from '../model/aborting-http-handler.ts';
import { addCredentialRegistration } from '../model/secret-registry.ts';
import { AlertSendError, type AlertChannel } from './alert-channel.ts';
import { formatAlert } from './alert-message.ts';
import type { Alert } from './alert-policy.ts';

export type SnsAlertConfig = NonNullable<AlertsConfig['sns']>;

/** SNS errors no second attempt can fix (the topic, the request or the permission is wrong). */
const PERMANENT = new Set([
  'NotFound',
  'NotFoundException',
  'InvalidParameter',
  'InvalidParameterException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'AccessDenied',
]);

export function createSnsSender(
  config: SnsAlertConfig,
  options: { credentials?: AwsCredentialIdentity } = {},
): AlertChannel {
  const timeoutMs = config.timeoutSeconds * 1000;
  const client = new SNSClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.profile && !options.credentials ? { profile: config.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 1,
    requestHandler: abortingHttpHandler({ connectMs: timeoutMs, requestMs: timeoutMs }),
  });
  addCredentialRegistration(client.middlewareStack);
  return {
    name: 'sns',
    target: config.topicArn,
    async send(alert: Alert): Promise<void> {
      const { subject, text } = formatAlert(alert);
      try {
        await client.send(
          new PublishCommand({
            TopicArn: config.topicArn,
            Subject: subject,
            Message: text,
            MessageAttributes: {
              'binder.kind': { DataType: 'String', StringValue: alert.kind },
              'binder.source': { DataType: 'String', StringValue: alert.source },
            },
          }),
          // Bounds the whole call (credential resolution included), not only the HTTP exchange.
          { abortSignal: AbortSignal.timeout(timeoutMs) },
        );
      } catch (err) {
        const e = err as Error & { $metadata?: { httpStatusCode?: number } };
        const status = e.$metadata?.httpStatusCode;
        throw new AlertSendError(
          'sns',
          `sns:Publish to ${config.topicArn} failed with ${e.name}${status ? ` (HTTP ${status})` : ''}: ${e.message}`,
          !PERMANENT.has(e.name),
        );
      }
    },
    close: () => client.destroy(),
  };
}
