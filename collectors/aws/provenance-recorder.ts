/**
 * Records every AWS operation a collection performs as an ApiCallRecord (model/snapshot.ts): what
 * was asked (params minus pagination tokens), how many pages came back and whether the last one
 * said it was final, request ids, attempts and retries, and the outcome.
 *
 * An "operation" may span several SDK calls (a paginated read). The collector wraps it in
 * `run()`; the client middleware (clients.ts) reports each SDK call's $metadata here, and an
 * AsyncLocalStorage ties the SDK call to the operation that is running, even with many buckets
 * read concurrently. It also knows which operations are running, for a deadline error to name.
 *
 * Only an SDK error is a failed AWS call: it is recorded with AWS's code and message and rethrown
 * as AwsCallError. An error of our own inside an operation (mapping, parsing, a TypeError) is
 * recorded as the collector's (errorCode null, collectorError) and rethrown as it is, never
 * dressed up as an AWS failure. What an answer lacked and the collector dealt with (a field
 * derived or recorded as null) is noted on the operation's record as an anomaly.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../model/clock.ts';
import { redactSecrets } from '../../model/redact-secrets.ts';
import type { ApiCallRecord, ResponseAnomaly } from '../../model/snapshot.ts';
import { AwsCallError, hasSdkErrorShape, toAwsCallError } from './aws-call-error.ts';

export interface SdkCallMetadata {
  requestId?: string;
  extendedRequestId?: string;
  attempts?: number;
  totalRetryDelay?: number;
}

export interface OperationSpec {
  /** The IAM service prefix of the operation's action: iam, sts, s3, s3control, cloudtrail, config, guardduty, kms, ec2. */
  service: string;
  operation: string;
  region: string;
  params: Record<string, unknown>;
  /** Paginated operations must call handle.pageFinal() with what the last page said. */
  paginated?: boolean;
  /** AWS error codes that mean "not configured" for this operation (recorded as facts). */
  notConfigured?: readonly string[];
}

export interface OperationHandle {
  /** Records whether the last page read said it was the last (IsTruncated false / no token). */
  pageFinal(isFinal: boolean): void;
  /** Notes that the answer lacked `field` for `entity` (an ARN) and what the snapshot holds instead. */
  noteAnomaly: AnomalyNote;
}

export type AnomalyNote = (field: string, resolution: string, entity: string) => void;

/** Examples kept per anomaly: enough to look at, bounded however many entities lack the field. */
export const ANOMALY_EXAMPLES = 20;

interface Pending {
  pages: number;
  attempts: number;
  retries: number;
  retryDelayMs: number;
  requestIds: string[];
  lastPageFinal: boolean | null;
  /** An SDK call failed without $metadata (before the SDK's retry layer, e.g. an aborted start). */
  sdkFailedBare: boolean;
  anomalies: Map<string, ResponseAnomaly>;
}

const PAGINATION_KEYS = new Set(['Marker', 'ContinuationToken', 'NextToken', 'StartingToken', 'KeyMarker']);

export function paramsWithoutPagination(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (!PAGINATION_KEYS.has(k) && v !== undefined) out[k] = v;
  return out;
}

/**
 * One storage for every recorder: each AsyncLocalStorage instance stays registered with Node's
 * async hooks for the life of the process, so a storage per recorder (per snapshot) made every
 * async operation slower with each day of a long run (a year of simulated days: 45 s of 75 s
 * spent propagating dead storages).
 */
const currentOperation = new AsyncLocalStorage<{ recorder: ProvenanceRecorder; pending: Pending }>();

/**
 * Notes an anomaly on the operation running in this async context (see OperationHandle.noteAnomaly);
 * outside any operation it is dropped. For code that runs inside an operation without its handle
 * (the GAAD mapper, called by the IAM collector per page).
 */
export const noteResponseAnomaly: AnomalyNote = (field, resolution, entity) => {
  const pending = currentOperation.getStore()?.pending;
  if (pending) addAnomaly(pending, field, resolution, entity);
};

function addAnomaly(pending: Pending, field: string, resolution: string, entity: string): void {
  const key = `${field}\u0000${resolution}`;
  const a = pending.anomalies.get(key) ?? { field, resolution, count: 0, examples: [] };
  a.count += 1;
  if (a.examples.length < ANOMALY_EXAMPLES) a.examples.push(entity);
  pending.anomalies.set(key, a);
}

/** The operation an error of our own escaped from ("iam:GetAccountAuthorizationDetails"), for a reason to name. */
const failedOperations = new WeakMap<object, string>();

export function operationOfFailure(err: unknown): string | null {
  return typeof err === 'object' && err !== null ? (failedOperations.get(err) ?? null) : null;
}

export class ProvenanceRecorder {
  private readonly records: ApiCallRecord[] = [];
  /** Operations and waits running now ("service:operation", one entry per run), in the order they started. */
  private readonly running = new Set<{ name: string }>();
  private lastStarted: string | null = null;
  /** Sum of the SDK's own retry delays, for logs and benchmarks (not part of the snapshot). */
  totalRetryDelayMs = 0;

  constructor(private readonly clock: Clock) {}

  /** Called by the client middleware once per SDK call (after the SDK's own retries). */
  onSdkCall(meta: SdkCallMetadata | undefined, succeeded: boolean): void {
    const store = currentOperation.getStore();
    const op = store?.recorder === this ? store.pending : undefined;
    if (!op) return; // calls outside an operation (e.g. credential refresh) are not evidence reads
    const attempts = Math.max(1, meta?.attempts ?? 1);
    op.attempts += attempts;
    op.retries += attempts - 1;
    op.retryDelayMs += meta?.totalRetryDelay ?? 0;
    this.totalRetryDelayMs += meta?.totalRetryDelay ?? 0;
    if (meta?.requestId)
      op.requestIds.push(
        meta.extendedRequestId ? `${meta.requestId} id2=${meta.extendedRequestId}` : meta.requestId,
      );
    if (succeeded) op.pages += 1;
    else if (!meta) op.sdkFailedBare = true;
  }

  /**
   * Runs one operation and records it. SDK failures are rethrown as AwsCallError; a "not
   * configured" answer is recorded as such and rethrown too (use runOptional to turn it into
   * null). Our own errors are rethrown unchanged.
   */
  async run<T>(spec: OperationSpec, fn: (handle: OperationHandle) => Promise<T>): Promise<T> {
    const pending: Pending = {
      pages: 0,
      attempts: 0,
      retries: 0,
      retryDelayMs: 0,
      requestIds: [],
      lastPageFinal: spec.paginated ? false : null,
      sdkFailedBare: false,
      anomalies: new Map(),
    };
    const startedAt = this.clock.now().toISOString();
    const t0 = performance.now();
    const handle: OperationHandle = {
      pageFinal: (isFinal) => (pending.lastPageFinal = isFinal),
      noteAnomaly: (field, resolution, entity) => addAnomaly(pending, field, resolution, entity),
    };
    const running = { name: `${spec.service}:${spec.operation}` };
    this.running.add(running);
    this.lastStarted = running.name;
    const finish = (
      outcome: ApiCallRecord['outcome'],
      errorCode: string | null,
      failure: Pick<ApiCallRecord, 'errorMessage' | 'collectorError'> = {},
    ) =>
      this.records.push({
        service: spec.service,
        operation: spec.operation,
        region: spec.region,
        params: paramsWithoutPagination(spec.params),
        pages: pending.pages,
        lastPageFinal: pending.lastPageFinal,
        requestIds: pending.requestIds,
        attempts: pending.attempts,
        retries: pending.retries,
        outcome,
        errorCode,
        ...failure,
        ...(pending.anomalies.size > 0 ? { anomalies: [...pending.anomalies.values()] } : {}),
        startedAt,
        durationMs: Math.round((performance.now() - t0) * 1000) / 1000,
      });
    try {
      const value = await currentOperation.run({ recorder: this, pending }, () => fn(handle));
      finish('ok', null);
      return value;
    } catch (err) {
      if (!isAwsFailure(err, pending)) {
        finish('error', null, { collectorError: redactSecrets(describeOwnError(err)) });
        if (typeof err === 'object' && err !== null) failedOperations.set(err, running.name);
        throw err;
      }
      const e = toAwsCallError(err, spec.service, spec.operation, spec.region);
      if (spec.notConfigured?.includes(e.code)) finish('not-configured', e.code);
      else finish('error', e.code, { errorMessage: redactSecrets(e.detail) });
      throw e;
    } finally {
      this.running.delete(running);
    }
  }

  /** Runs a wait that belongs to an operation (a credential report poll's), so activity() can name it. */
  async waitBefore<T>(operation: string, wait: () => Promise<T>): Promise<T> {
    const waiting = { name: `a wait before ${operation}` };
    this.running.add(waiting);
    try {
      return await wait();
    } finally {
      this.running.delete(waiting);
    }
  }

  /**
   * What is running, e.g. "iam:GetAccountAuthorizationDetails, s3:GetBucketPolicy" or "a wait before
   * iam:GenerateCredentialReport"; with nothing running, a retry's wait after the last call started.
   */
  activity(): string {
    const names = [...new Set([...this.running].map((r) => r.name))];
    if (names.length === 0) return this.lastStarted ? `a wait after ${this.lastStarted}` : 'the first call';
    return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} (+${names.length - 3} more)`;
  }

  /** Like run, but an AWS "not configured" answer (one of spec.notConfigured) returns null: a fact, not a failure. */
  async runOptional<T>(
    spec: OperationSpec & { notConfigured: readonly string[] },
    fn: (handle: OperationHandle) => Promise<T>,
  ): Promise<T | null> {
    try {
      return await this.run(spec, fn);
    } catch (err) {
      if (err instanceof AwsCallError && spec.notConfigured.includes(err.code)) return null;
      throw err;
    }
  }

  /** Records made so far, in the order operations finished. */
  calls(): ApiCallRecord[] {
    return [...this.records];
  }
}

/**
 * An AWS failure: an AwsCallError (an SDK error already converted, or an answer AWS gave that
 * cannot be used), an error the SDK threw (it carries $metadata), or, when the SDK reported a call
 * failing without $metadata in this operation, what came out of it.
 */
function isAwsFailure(err: unknown, pending: Pending): boolean {
  return err instanceof AwsCallError || hasSdkErrorShape(err) || pending.sdkFailedBare;
}

function describeOwnError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
