/**
 * What every regional service collector does the same way: one recorded, retried operation (a
 * paginated read records whether its last page was final), and the region probe: the first call
 * of a service in a region tells whether the region answers at all. A region the account has not
 * enabled (an opt-in region) refuses every call with an authentication error; that refusal is a
 * fact kept in the service's region resource (and the call's outcome is `not-configured`), not a
 * failed snapshot. Every other error still fails the snapshot, since what it hides cannot be evidenced.
 */
import { redactSecrets } from '../../model/redact-secrets.ts';
import type { RegionRefusal } from '../../model/resources.ts';
import { AwsCallError } from './aws-call-error.ts';
import type { OperationHandle } from './provenance-recorder.ts';
import { retryOperation } from './retry-operation.ts';
import type { AwsCollectContext } from './service-collector.ts';

/** What AWS answers for a region not enabled for the account (JSON services, EC2, STS-style). */
export const REGION_REFUSED_CODES = ['UnrecognizedClientException', 'AuthFailure', 'OptInRequired', 'InvalidClientTokenId'] as const;

export interface OperationOptions {
  paginated?: boolean;
  /** This is the region's first call: a refusal (REGION_REFUSED_CODES) is recorded as not-configured. */
  probe?: boolean;
}

/** One operation: recorded in provenance (params minus pagination tokens) and retried when transient. */
export function readOperation<T>(
  ctx: AwsCollectContext,
  service: string,
  region: string,
  operation: string,
  params: Record<string, unknown>,
  fn: (handle: OperationHandle) => Promise<T>,
  options: OperationOptions = {},
): Promise<T> {
  return retryOperation(
    `${service}:${operation}`,
    () =>
      ctx.recorder.run(
        {
          service,
          operation,
          region,
          params,
          ...(options.paginated ? { paginated: true } : {}),
          ...(options.probe ? { notConfigured: REGION_REFUSED_CODES } : {}),
        },
        fn,
      ),
    ctx.retry,
    ctx.log,
    ctx.signal,
  );
}

export type Probed<T> = { refused: null; value: T } | { refused: RegionRefusal; value: null };

/** Runs a region's first read; a region that refuses the service gives its refusal instead of a value. */
export async function probeRegion<T>(first: () => Promise<T>): Promise<Probed<T>> {
  try {
    return { refused: null, value: await first() };
  } catch (err) {
    if (err instanceof AwsCallError && (REGION_REFUSED_CODES as readonly string[]).includes(err.code))
      return { refused: { errorCode: err.code, errorMessage: redactSecrets(err.detail) }, value: null };
    throw err;
  }
}

/** An answer that lacks what the snapshot must hold: an AWS failure of that call, never a guess. */
export function incomplete(service: string, operation: string, region: string, detail: string): AwsCallError {
  return new AwsCallError(service, operation, region, 'IncompleteResponse', null, detail);
}

/** A strict ISO time from an SDK Date or string, or null when absent. */
export { toIsoUtc } from './iso-time.ts';

/** Sorted copy (ids and ARNs in region resources, so the same answer gives the same bytes). */
export function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}
