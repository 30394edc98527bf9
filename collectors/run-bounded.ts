/**
 * Bounds one source's collection: the work gets one AbortSignal that fires at the deadline, when
 * the caller's signal aborts, or at the work's first failure, so every call still in flight is cut
 * short and nothing is retried once the source has failed. The promise settles as soon as that
 * happens, with the deadline, the cancellation or the first failure, however long the aborted
 * calls take to unwind; the deadline timer is cleared whatever the outcome.
 */
import { setMaxListeners } from 'node:events';

export class CollectionDeadlineError extends Error {
  constructor(
    readonly source: string,
    readonly timeoutMs: number,
    /** What was running when the deadline passed, e.g. "sts:GetCallerIdentity". */
    readonly during: string,
  ) {
    super(`deadline of ${minutesText(timeoutMs)} passed during ${during}`);
    this.name = 'CollectionDeadlineError';
  }
}

export class CollectionCancelledError extends Error {
  constructor(
    readonly source: string,
    reason: unknown,
  ) {
    super(
      `collection of source "${source}" was cancelled${reason instanceof Error ? `: ${reason.message}` : ''}`,
      { cause: reason },
    );
    this.name = 'CollectionCancelledError';
  }
}

export interface BoundedRunOptions {
  source: string;
  timeoutMs: number;
  /** The caller's cancellation (e.g. SIGTERM), on top of the deadline. */
  signal?: AbortSignal;
  /** What is running now, named in the deadline error. */
  activity: () => string;
}

/** setTimeout takes at most this many milliseconds (about 24.8 days); more fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export async function runBounded<T>(
  options: BoundedRunOptions,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { source, timeoutMs } = options;
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS))
    throw new RangeError(`the deadline of source "${source}" must be between 1 ms and ${MAX_TIMEOUT_MS} ms, got ${timeoutMs}`);
  const controller = new AbortController();
  // Every request in flight and every retry wait listens to it: hundreds with many buckets.
  setMaxListeners(0, controller.signal);
  let stop: (reason: unknown) => void = () => {};
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  stopped.catch(() => {}); // handled by the race below, or not needed when the work throws at once
  const abort = (reason: unknown) => {
    if (controller.signal.aborted) return;
    controller.abort(reason);
    stop(reason);
  };
  const timer = setTimeout(
    () => abort(new CollectionDeadlineError(source, timeoutMs, options.activity())),
    timeoutMs,
  );
  const onCancel = () => abort(new CollectionCancelledError(source, options.signal?.reason));
  options.signal?.addEventListener('abort', onCancel, { once: true });
  if (options.signal?.aborted) onCancel();
  try {
    return await Promise.race([work(controller.signal), stopped]);
  } catch (err) {
    abort(err); // the first failure ends the source: what still runs for it is aborted
    throw controller.signal.reason;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}

function minutesText(ms: number): string {
  const minutes = Number((ms / 60_000).toPrecision(3));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
