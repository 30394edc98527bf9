import { performance } from 'node:perf_hooks';
import type { RetryErrorInfo, RetryToken } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { AbortableRetryStrategy } from '../../../collectors/aws/abortable-retry-strategy.ts';

const transient: RetryErrorInfo = { errorType: 'TRANSIENT' };

async function retriesUntilRefused(strategy: AbortableRetryStrategy, info: RetryErrorInfo): Promise<RetryToken[]> {
  const tokens: RetryToken[] = [await strategy.acquireInitialRetryToken()];
  for (;;) {
    try {
      tokens.push(await strategy.refreshRetryTokenForRetry(tokens.at(-1)!, info));
    } catch {
      return tokens;
    }
  }
}

describe('AbortableRetryStrategy', () => {
  it('retries transient and throttling errors up to the attempts allowed, and nothing else', async () => {
    const strategy = new AbortableRetryStrategy(4, new AbortController().signal, () => 0);
    expect((await retriesUntilRefused(strategy, transient)).map((t) => t.getRetryCount())).toEqual([0, 1, 2, 3]);
    expect(await retriesUntilRefused(strategy, { errorType: 'THROTTLING' })).toHaveLength(4);
    expect(await retriesUntilRefused(strategy, { errorType: 'CLIENT_ERROR' })).toHaveLength(1);
    expect(await retriesUntilRefused(strategy, { errorType: 'SERVER_ERROR' })).toHaveLength(1);
  });

  it('waits with full-jitter exponential backoff, reports the wait, and leaves none to the SDK', async () => {
    const strategy = new AbortableRetryStrategy(8, new AbortController().signal, () => 0.5);
    const first = await strategy.acquireInitialRetryToken();
    const t0 = performance.now();
    const second = await strategy.refreshRetryTokenForRetry(first, transient); // 0.5 * 50 ms
    const third = await strategy.refreshRetryTokenForRetry(second, transient); // 0.5 * 100 ms
    expect(performance.now() - t0).toBeGreaterThanOrEqual(70);
    expect([second, third].map((t) => t.$retryLog?.acquisitionDelay)).toEqual([25, 50]);
    expect(third.getRetryDelay()).toBe(0);
    const throttled = await strategy.refreshRetryTokenForRetry(first, { errorType: 'THROTTLING' });
    expect(throttled.$retryLog?.acquisitionDelay).toBe(500);
  });

  it('honours a Retry-After hint, up to 5 s beyond its own backoff', async () => {
    const strategy = new AbortableRetryStrategy(8, new AbortController().signal, () => 0);
    const first = await strategy.acquireInitialRetryToken();
    const next = await strategy.refreshRetryTokenForRetry(first, { ...transient, retryAfterHint: new Date(Date.now() + 120) });
    expect(next.$retryLog?.acquisitionDelay).toBeGreaterThan(80);
  });

  it('ends a wait the moment the signal aborts, and retries nothing after', async () => {
    const controller = new AbortController();
    const strategy = new AbortableRetryStrategy(8, controller.signal, () => 1);
    const first = await strategy.acquireInitialRetryToken();
    const second = await strategy.refreshRetryTokenForRetry(first, transient);
    const t0 = performance.now();
    const waiting = strategy.refreshRetryTokenForRetry(second, { errorType: 'THROTTLING' }); // 2 s
    setTimeout(() => controller.abort(new Error('deadline')), 50);
    await expect(waiting).rejects.toThrow();
    expect(performance.now() - t0).toBeLessThan(1000);
    await expect(strategy.refreshRetryTokenForRetry(first, transient)).rejects.toThrow(/aborted/);
    await expect(strategy.acquireInitialRetryToken()).rejects.toThrow('deadline');
  });
});
