/**
 * Runs at most `limit` of the given tasks at a time (per-bucket reads, and the calls inside them),
 * with p-limit. A task still queued when the source's signal aborts is started and ends at once:
 * each is a retryOperation (which throws when the signal has aborted) or an SDK call (whose retry
 * strategy refuses a first attempt after an abort).
 * p-limit starts a queued task in its caller's async context, so the provenance recorder still
 * ties the task's SDK calls to the operation that queued it.
 */
import pLimit from 'p-limit';

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function limitConcurrency(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limitConcurrency: limit must be a positive integer, got ${limit}`);
  const limited = pLimit(limit);
  return (task) => limited(task);
}
