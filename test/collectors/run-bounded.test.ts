import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CollectionCancelledError, CollectionDeadlineError, runBounded } from '../../collectors/run-bounded.ts';

const options = (timeoutMs: number, extra: { signal?: AbortSignal } = {}) => ({
  source: 'prod',
  timeoutMs,
  activity: () => 'iam:GenerateCredentialReport',
  ...extra,
});

/** Work that only ends when its signal aborts (or never, when told to ignore it). */
const hang = (signal: AbortSignal, ignoreSignal = false) =>
  new Promise<never>((_, reject) => {
    if (!ignoreSignal) signal.addEventListener('abort', () => reject(new Error('aborted call')));
  });

describe('runBounded', () => {
  it('rejects at the deadline with what was running, and aborts the work', async () => {
    let seen: AbortSignal | undefined;
    const t0 = performance.now();
    const err = await runBounded(options(150), (signal) => {
      seen = signal;
      return hang(signal);
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectionDeadlineError);
    expect((err as Error).message).toBe('deadline of 0.0025 minutes passed during iam:GenerateCredentialReport');
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(err);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
  });

  it('settles at the deadline even when the work ignores the signal', async () => {
    const t0 = performance.now();
    await expect(runBounded(options(100), (signal) => hang(signal, true))).rejects.toBeInstanceOf(
      CollectionDeadlineError,
    );
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('aborts the rest of the work at its first failure and rethrows that failure', async () => {
    let seen: AbortSignal | undefined;
    const first = new Error('s3:GetBucketPolicy failed with AccessDenied');
    const err = await runBounded(options(60_000), async (signal) => {
      seen = signal;
      await Promise.all([hang(signal), sleep(20).then(() => Promise.reject(first))]);
    }).catch((e: unknown) => e);
    expect(err).toBe(first);
    expect(seen?.aborted).toBe(true);
  });

  it("is cancelled by the caller's signal, already aborted or later", async () => {
    const caller = new AbortController();
    const pending = runBounded(options(60_000, { signal: caller.signal }), (signal) => hang(signal));
    caller.abort(new Error('SIGTERM'));
    await expect(pending).rejects.toThrow(new CollectionCancelledError('prod', new Error('SIGTERM')).message);
    await expect(runBounded(options(60_000, { signal: caller.signal }), (signal) => hang(signal))).rejects.toBeInstanceOf(
      CollectionCancelledError,
    );
  });

  it('returns the result and leaves no deadline timer behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    await expect(runBounded(options(3_600_000), async () => 42)).resolves.toBe(42);
    expect(timers()).toBe(before);
  });

  it('refuses a deadline setTimeout cannot hold', async () => {
    await expect(runBounded(options(0), async () => 1)).rejects.toThrow(RangeError);
    await expect(runBounded(options(2 ** 31), async () => 1)).rejects.toThrow(RangeError);
  });
});
