/**
 * Retries a whole operation (a paginated read, one bucket's configuration, the credential report)
 * when the SDK's own per-request retries were not enough: a connection dropped mid-pagination, a
 * throttling storm longer than the SDK's attempts. Each attempt starts the operation afresh, so a
 * restarted pagination can neither duplicate nor lose entities. Only transient failures retry,
 * and none once the source's signal has aborted (its deadline passed, or another operation
 * failed it): the wait before the next attempt ends then, with the signal's reason.
 */
import pRetry from 'p-retry';
import type { Log } from '../log.ts';
import { AwsCallError } from './aws-call-error.ts';

export interface OperationRetryPolicy {
  /** Attempts in all, including the first. */
  attempts: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_OPERATION_RETRY: OperationRetryPolicy = {
  attempts: 4,
  minDelayMs: 1000,
  maxDelayMs: 15_000,
};

export function isTransientFailure(err: unknown): boolean {
  return err instanceof AwsCallError && err.isTransient;
}

export async function retryOperation<T>(
  what: string,
  fn: (attempt: number) => Promise<T>,
  policy: OperationRetryPolicy,
  log: Log,
  signal: AbortSignal,
): Promise<T> {
  signal.throwIfAborted();
  return pRetry((attempt) => fn(attempt), {
    retries: Math.max(0, policy.attempts - 1),
    minTimeout: policy.minDelayMs,
    maxTimeout: policy.maxDelayMs,
    factor: 2,
    randomize: true,
    signal,
    shouldRetry: (err) => isTransientFailure(err) && !signal.aborted,
    onFailedAttempt: (err) => {
      if (isTransientFailure(err) && err.retriesLeft > 0 && !signal.aborted) {
        log.warn('retrying operation after a transient failure', {
          operation: what,
          attempt: err.attemptNumber,
          error: err.message,
        });
      }
    },
  });
}
