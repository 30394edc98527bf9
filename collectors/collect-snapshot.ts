/**
 * Collects one snapshot of one AWS source: caller identity, then every registered service
 * (collectors/aws/services.ts: IAM, S3, and the regional services) side by side. The
 * result is sorted by (type, id), validated against the Snapshot schema and carries full
 * provenance. Throws (AwsCallError, or a typed mapping/validation error) rather than returning a
 * partial snapshot: a snapshot is complete or absent.
 *
 * Bounded in time: every call has connect and request timeouts, and the whole collection has a
 * deadline (collection.timeoutMinutes). At the deadline, at the caller's abort or at the first
 * failure, every call still in flight is aborted, nothing is retried, and this settles at once.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { AwsSourceConfig } from '../config/schema.ts';
import type { Clock } from '../model/clock.ts';
import { Resource } from '../model/resources.ts';
import { compareResources, Snapshot, SNAPSHOT_SCHEMA } from '../model/snapshot.ts';
import { TOOL } from '../model/version.ts';
import type { ProgressFn } from '../store/types.ts';
import { getCallerIdentity } from './aws/caller-identity.ts';
import { AwsClients, configuredEndpoint, type StaticCredentials } from './aws/clients.ts';
import { DEFAULT_REPORT_POLL, type ReportPollPolicy } from './aws/iam-collector.ts';
import { ProvenanceRecorder } from './aws/provenance-recorder.ts';
import { DEFAULT_OPERATION_RETRY, type OperationRetryPolicy } from './aws/retry-operation.ts';
import type { AwsCollectContext, AwsServiceCollector } from './aws/service-collector.ts';
import { AWS_SERVICES } from './aws/services.ts';
import { silentLog, type Log } from './log.ts';
import { runBounded } from './run-bounded.ts';

/** The config's default (collection.timeoutMinutes: 30). */
export const DEFAULT_COLLECTION_TIMEOUT_MS = 30 * 60_000;

export interface CollectSnapshotOptions {
  source: AwsSourceConfig;
  /** The schedule slot this snapshot fills. */
  scheduledFor: Date;
  /** The run fills no slot; scheduledFor is then its start time. */
  offSchedule?: boolean;
  clock: Clock;
  /** Explicit credentials (sandbox, demo, tests); otherwise the standard provider chain. */
  credentials?: StaticCredentials;
  log?: Log;
  progress?: ProgressFn;
  /** Deadline of the whole collection, in real time (collection.timeoutMinutes); default 30 minutes. */
  timeoutMs?: number;
  /** Cancels the collection (every call in flight is aborted; the promise rejects at once). */
  signal?: AbortSignal;
  /** Tuning, mostly for tests: retries of whole operations, SDK attempts and timeouts per call, report polling. */
  operationRetry?: Partial<OperationRetryPolicy>;
  maxAttempts?: number;
  reportPoll?: Partial<ReportPollPolicy>;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** The wait between credential report polls; it should end early when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The services to read; default every registered one (tests narrow it). */
  services?: readonly AwsServiceCollector[];
}

export class SnapshotValidationError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(
      `snapshot of source "${source}" does not match the Snapshot schema: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`,
    );
    this.name = 'SnapshotValidationError';
  }
}

export async function collectSnapshot(options: CollectSnapshotOptions): Promise<Snapshot> {
  const recorder = new ProvenanceRecorder(options.clock);
  return runBounded(
    {
      source: options.source.name,
      timeoutMs: options.timeoutMs ?? DEFAULT_COLLECTION_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
      activity: () => recorder.activity(),
    },
    (signal) => collect(options, recorder, signal),
  );
}

async function collect(
  options: CollectSnapshotOptions,
  recorder: ProvenanceRecorder,
  signal: AbortSignal,
): Promise<Snapshot> {
  const { source, clock } = options;
  const log = options.log ?? silentLog;
  const retry = { ...DEFAULT_OPERATION_RETRY, ...options.operationRetry };
  const clients = new AwsClients(source, {
    recorder,
    signal,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  const startedAt = clock.now().toISOString();
  log.info('collection started', { source: source.name, scheduledFor: options.scheduledFor.toISOString() });
  try {
    const identity = await getCallerIdentity(clients, recorder);
    const ctx: AwsCollectContext = {
      source,
      clients,
      recorder,
      accountId: identity.accountId,
      partition: identity.partition,
      regions: source.regions,
      log,
      retry,
      signal,
      concurrency: source.concurrency,
      reportPoll: { ...DEFAULT_REPORT_POLL, ...options.reportPoll },
      sleep: options.sleep ?? ((ms, aborted) => delay(ms, undefined, { signal: aborted })),
      ...(options.progress ? { progress: options.progress } : {}),
    };
    const services = options.services ?? AWS_SERVICES;
    const collected = await Promise.all(services.map((service) => collectService(service, ctx)));
    let credentialReportGeneratedAt: string | null = null;
    for (const c of collected) if (c.credentialReportGeneratedAt !== undefined) credentialReportGeneratedAt = c.credentialReportGeneratedAt;
    const resources: Resource[] = collected.flatMap((c) => c.resources).sort(compareResources);
    assertUniqueIds(source.name, resources);
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;

    const candidate = {
      schema: SNAPSHOT_SCHEMA,
      provenance: {
        tool: { name: TOOL.name, version: TOOL.version },
        source: source.name,
        accountId: identity.accountId,
        callerArn: identity.callerArn,
        partition: identity.partition,
        regions: [...new Set([...source.regions, ...clients.s3Regions()])].sort(),
        endpoint: configuredEndpoint(source, 'IAM'),
        scheduledFor: options.scheduledFor.toISOString(),
        ...(options.offSchedule ? { offSchedule: true } : {}),
        startedAt,
        finishedAt: clock.now().toISOString(),
        credentialReportGeneratedAt,
        calls: recorder.calls(),
        counts,
      },
      resources,
    };
    const snapshot = validateInPlace(source.name, candidate);
    log.info('collection finished', {
      source: source.name,
      resources: resources.length,
      calls: snapshot.provenance.calls.length,
      counts,
    });
    return snapshot;
  } finally {
    clients.destroy();
  }
}

/** One service's resources, refused when it yields a type it did not declare (a collector bug, caught before anything is stored). */
async function collectService(service: AwsServiceCollector, ctx: AwsCollectContext) {
  const collection = await service.collect(ctx);
  const declared = new Set<string>(service.resourceTypes);
  const stray = collection.resources.find((r) => !declared.has(r.type));
  if (stray) throw new SnapshotValidationError(ctx.source.name, [`service ${service.name} yielded ${stray.type} ${stray.id}, a type it does not declare`]);
  return collection;
}

/**
 * What Snapshot.parse(candidate) returns, with the same issues, but resource by resource: each
 * validated copy replaces its original in the array at once, so the resources are never held
 * twice (zod returns copies; at 25,000 resources a second full copy was ~100 MB of peak memory).
 */
export function validateInPlace(source: string, candidate: { schema: unknown; provenance: unknown; resources: unknown[] }): Snapshot {
  const issues: string[] = [];
  const issue = (prefix: (string | number)[], i: { path: PropertyKey[]; message: string }) =>
    issues.push(`${[...prefix, ...i.path.map(String)].join('.')}: ${i.message}`);
  const head = Snapshot.omit({ resources: true }).safeParse({ schema: candidate.schema, provenance: candidate.provenance });
  if (!head.success) for (const i of head.error.issues) issue([], i);
  const { resources } = candidate;
  for (let n = 0; n < resources.length; n++) {
    const r = Resource.safeParse(resources[n]);
    if (r.success) resources[n] = r.data;
    else for (const i of r.error.issues) issue(['resources', n], i);
  }
  if (issues.length > 0 || !head.success) throw new SnapshotValidationError(source, issues);
  return { ...head.data, resources: resources as Resource[] };
}

function assertUniqueIds(source: string, sorted: readonly Resource[]): void {
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.type === b.type && a.id === b.id)
      throw new SnapshotValidationError(source, [`duplicate resource ${b.type} ${b.id}`]);
  }
}
