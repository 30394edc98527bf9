/**
 * The SDK's standard retry, as its StandardRetryStrategy does it (the same retryable error types,
 * bounded attempts, full-jitter exponential backoff from 50 ms, or 1 s after throttling, capped at
 * 20 s, Retry-After honoured up to 5 s more), except that the wait between attempts ends the moment
 * the source's signal aborts, and no attempt starts after that.
 *
 * Why not the SDK's own strategies: they sleep in timers an abort cannot clear (the adaptive one
 * also queues callers in its rate limiter), so a failed source's process stayed alive up to 20 s,
 * and longer under throttling, after its collection had ended.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

const BASE_DELAY_MS = 50;
const THROTTLING_BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 20_000;
const MAX_RETRY_AFTER_EXTRA_MS = 5000;

export class AbortableRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';

  constructor(
    /** Attempts in all, including the first. */
    private readonly maxAttempts: number,
    private readonly signal: AbortSignal,
    private readonly random: () => number = Math.random,
  ) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    this.signal.throwIfAborted();
    return retryToken(0, 0);
  }

  /** Waits before the next attempt; throws (and the SDK rethrows the call's error) when there is none. */
  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = previous.getRetryCount();
    if (this.signal.aborted) throw new Error('no retry: the collection was aborted');
    if (retries + 1 >= this.maxAttempts) throw new Error(`no retry: ${this.maxAttempts} attempts made`);
    if (info.errorType !== 'THROTTLING' && info.errorType !== 'TRANSIENT')
      throw new Error(`no retry: a ${info.errorType} error is not retryable`);
    const ms = this.backoffMs(retries, info);
    // Rejects (and clears its timer) as soon as the signal aborts.
    if (ms > 0) await delay(ms, undefined, { signal: this.signal });
    return retryToken(retries + 1, ms);
  }

  recordSuccess(): void {}

  private backoffMs(retries: number, info: RetryErrorInfo): number {
    const base = info.errorType === 'THROTTLING' ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
    const jittered = Math.floor(this.random() * Math.min(base * 2 ** retries, MAX_DELAY_MS));
    if (!(info.retryAfterHint instanceof Date)) return jittered;
    const asked = info.retryAfterHint.getTime() - Date.now();
    return Math.max(jittered, Math.min(asked, jittered + MAX_RETRY_AFTER_EXTRA_MS));
  }
}

/**
 * The SDK adds the acquisition delay to $metadata.totalRetryDelay and would sleep getRetryDelay()
 * itself: the wait already happened here, so it reports it and asks for no more.
 */
function retryToken(retries: number, waitedMs: number): RetryToken {
  return { getRetryCount: () => retries, getRetryDelay: () => 0, $retryLog: { acquisitionDelay: waitedMs } };
}
