/**
 * A failed AWS operation, named by service, operation and region, with the AWS error code and
 * AWS's message as fields of their own. The collectors throw this for AWS failures only (an SDK
 * error, or an answer AWS gave that cannot be used: cut-off pagination, a missing body), so the
 * run ledger can say exactly what failed; our own mapping and parsing errors keep their own types.
 * We add no credentials to messages, but an endpoint may echo what a request carried: whatever
 * leaves the process from here goes through redactSecrets (failure reasons, log lines).
 */

/** AWS answers that mean "this is not configured": facts to record, not failures. */
export const NOT_CONFIGURED_CODES = new Set([
  'NoSuchBucketPolicy',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchPublicAccessBlockConfiguration',
  'ObjectLockConfigurationNotFoundError',
  'NoSuchLifecycleConfiguration',
  'ReplicationConfigurationNotFoundError',
  'OwnershipControlsNotFoundError',
  'NoSuchEntity', // GetAccountPasswordPolicy: no password policy set
]);

const TRANSIENT_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceFailure',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'IncompletePagination',
  // credential report not (yet) readable: generating it again and re-reading fixes it
  'ReportInProgress',
  'ReportNotPresent',
  'ReportExpired',
]);

export class AwsCallError extends Error {
  constructor(
    readonly service: string,
    readonly operation: string,
    readonly region: string,
    readonly code: string,
    readonly httpStatus: number | null,
    /** What the service (or the network layer) said, without our prefix. */
    readonly detail: string,
    /** From the x-amz-bucket-region header of a redirect (S3 only). */
    readonly bucketRegion: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(`${service}:${operation} (${region}) failed: ${code}: ${detail}`, options);
    this.name = 'AwsCallError';
  }

  /** Worth retrying the whole operation: throttling, 5xx, dropped connections, cut-off pagination. */
  get isTransient(): boolean {
    return TRANSIENT_CODES.has(this.code) || (this.httpStatus !== null && this.httpStatus >= 500);
  }

  get isWrongRegion(): boolean {
    return this.httpStatus === 301 ||
      this.code === 'PermanentRedirect' ||
      this.code === 'AuthorizationHeaderMalformed'
      ? this.bucketRegion !== null
      : false;
  }
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/**
 * Did the AWS SDK throw this (a service exception, or a network, timeout or credential error that
 * went through the SDK's retry layer)? Both carry `$metadata` (service exceptions also `$fault`);
 * an error of our own (a mapping or parsing error, a TypeError in our code) carries neither.
 */
export function hasSdkErrorShape(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as SdkErrorShape;
  return (typeof e.$metadata === 'object' && e.$metadata !== null) || typeof e.$fault === 'string';
}

/** The AWS error code of an error the SDK threw (its Code, Node error code, or name; else 'Unknown'). */
export function errorCodeOf(err: unknown): string {
  const e = (err ?? {}) as SdkErrorShape;
  if (typeof e.Code === 'string' && e.Code) return e.Code;
  if (typeof e.code === 'string' && e.code) return e.code;
  if (typeof e.name === 'string' && e.name && e.name !== 'Error' && e.name !== 'TypeError') return e.name;
  return 'Unknown';
}

/**
 * An error the SDK threw, as an AwsCallError: AWS's code and AWS's message (`detail`) kept as
 * fields of their own, the HTTP status, and the SDK error as `cause`. Only for SDK errors (see
 * hasSdkErrorShape): our own errors are not AWS failures and are never converted.
 */
export function toAwsCallError(
  err: unknown,
  service: string,
  operation: string,
  region: string,
): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const e = (err ?? {}) as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode ?? null;
  const bucketRegion = e.$response?.headers?.['x-amz-bucket-region'] ?? null;
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  return new AwsCallError(service, operation, region, errorCodeOf(err), status, message, bucketRegion, {
    cause: err,
  });
}
