/**
 * The S3 client of the evidence store and the translation of S3 failures into StoreErrors a person
 * can act on. Shared by the S3 backend (store/s3-backend.ts) and `binder store init`
 * (store/s3-bucket-setup.ts) so both reach the bucket and explain failures the same way.
 */
import { S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import { abortingHttpHandler, type HttpTimeouts } from '../model/aborting-http-handler.ts';
import type { z } from 'zod';
import type { S3StoreConfig as S3StoreConfigSchema } from '../config/schema.ts';
import { addCredentialRegistration } from '../model/secret-registry.ts';
import { StoreError } from './types.ts';

/** The parsed (defaults applied) `store:` section of binder.config.yaml with type 's3'. */
export type S3StoreConfig = z.output<typeof S3StoreConfigSchema>;

export interface S3ClientOptions {
  /** Overrides the standard provider chain (tests; a caller that already holds credentials). */
  credentials?: S3ClientConfig['credentials'];
  /** Extra S3Client settings (e.g. maxAttempts, requestHandler); applied last. */
  clientOverrides?: Partial<S3ClientConfig>;
  /** Per-attempt limits (defaults: connect 10 s, 120 s for the answer and for any silence while a body streams). */
  timeouts?: HttpTimeouts;
}

export const DEFAULT_S3_TIMEOUTS: HttpTimeouts = { connectMs: 10_000, requestMs: 120_000 };

/** An S3 failure, translated: names the bucket or key, the endpoint and what to do. */
export class S3StoreError extends StoreError {
  constructor(
    message: string,
    readonly code: string,
    key?: string,
  ) {
    super(message, key);
  }
}

export function createS3Client(config: S3StoreConfig, options: S3ClientOptions = {}): S3Client {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    requestChecksumCalculation: config.checksumMode,
    responseChecksumValidation: config.checksumMode,
    ...(config.profile ? { profile: config.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler: abortingHttpHandler(options.timeouts ?? DEFAULT_S3_TIMEOUTS),
    ...options.clientOverrides,
  });
  addCredentialRegistration(client.middlewareStack);
  return client;
}

/** The endpoint requests go to, for messages (the regional AWS endpoint when none is configured). */
export function endpointOf(config: S3StoreConfig): string {
  return config.endpoint ?? `https://s3.${config.region}.amazonaws.com`;
}

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** The S3 error code of an SDK failure (HeadObject/HeadBucket 404s carry only "NotFound"). */
export function errorCode(err: unknown): string {
  if (err instanceof S3ServiceException) return err.name;
  const e = err as { name?: string; code?: string; Code?: string } | null;
  return e?.Code ?? e?.code ?? e?.name ?? 'Unknown';
}

export function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** True for failures to reach the server at all (refused, reset, timed out, DNS). */
export function isNetworkError(err: unknown): boolean {
  if (err instanceof S3ServiceException) return false;
  const e = err as { code?: string; name?: string; cause?: unknown } | null;
  if (!e) return false;
  if ((e.code && NETWORK_CODES.has(e.code)) || e.name === 'TimeoutError' || e.name === 'AbortError')
    return true;
  if (e.cause && e.cause !== err) return isNetworkError(e.cause);
  return (
    httpStatus(err) === undefined && /socket|network|connect/i.test(String((err as Error).message ?? ''))
  );
}

export interface S3ErrorContext {
  config: S3StoreConfig;
  /** What we were doing, e.g. "PutObject evidence/x.json". */
  operation: string;
  key?: string;
}

/**
 * Turns an SDK failure into a StoreError that says what happened and what to do. Errors that are
 * already StoreErrors pass through unchanged.
 */
export function translateS3Error(err: unknown, ctx: S3ErrorContext): StoreError {
  if (err instanceof StoreError) return err;
  const { config, operation, key } = ctx;
  const endpoint = endpointOf(config);
  const code = errorCode(err);
  const detail = err instanceof Error && err.message && err.message !== 'UnknownError' ? err.message : code;
  const where = `s3://${config.bucket} at ${endpoint}`;
  const make = (message: string, c = code) => {
    const out = new S3StoreError(message, c, key);
    (out as { cause?: unknown }).cause = err;
    return out;
  };

  if (isNetworkError(err)) {
    return make(
      `cannot reach the S3 endpoint ${endpoint} (${operation}): ${networkDetail(err)}`,
      'NetworkError',
    );
  }
  if (code === 'CredentialsProviderError') {
    return make(
      `no credentials for the S3 store (${operation} on ${where}): ${detail}; ` +
        'set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or store.profile, or run where an instance or task role is available',
    );
  }
  if (CREDENTIAL_CODES.has(code)) {
    return make(
      `the S3 store rejected the credentials: ${code}${detail !== code ? ` (${detail})` : ''} during ${operation} on ${where}; ` +
        'check the access key, secret and session token (or the profile) binder runs with',
    );
  }
  if (code === 'NoSuchBucket' || ((code === 'NotFound' || httpStatus(err) === 404) && key === undefined)) {
    return make(
      `bucket ${config.bucket} does not exist at ${endpoint}; run \`binder store init\` to create it with versioning and Object Lock`,
      'NoSuchBucket',
    );
  }
  if (code === 'AccessDenied' || httpStatus(err) === 403) {
    return make(
      `access denied: ${operation} on ${where}${detail && detail !== code ? ` (${detail})` : ''}; ` +
        'the credentials are valid but lack the permission, or a bucket policy, Public Access Block or Object Lock forbids it',
    );
  }
  return make(`${operation} on ${where} failed: ${code}${detail !== code ? `: ${detail}` : ''}`);
}

function networkDetail(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const x = e as { code?: string; name?: string; message?: string; cause?: unknown };
    const piece = [x.code, x.message].filter(Boolean).join(' ');
    if (piece && !parts.includes(piece)) parts.push(piece);
    e = x.cause;
  }
  return parts.join(' <- ') || String(err);
}
