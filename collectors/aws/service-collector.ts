/**
 * The seam between the AWS source and the services it reads: each service (IAM, S3, CloudTrail,
 * AWS Config, GuardDuty, KMS, EC2) is one AwsServiceCollector, registered in services.ts. The
 * source collects caller identity, then runs every registered service side by side with the same
 * context, and assembles, validates and records one snapshot. A collector declares what it yields
 * and what it calls, so the snapshot's types and the least-privilege policy are derived from the
 * registry rather than kept by hand.
 */
import type { AwsSourceConfig } from '../../config/schema.ts';
import type { Resource, ResourceType } from '../../model/resources.ts';
import type { ProgressFn } from '../../store/types.ts';
import type { Log } from '../log.ts';
import type { AwsClients } from './clients.ts';
import type { ReportPollPolicy } from './iam-collector.ts';
import type { ProvenanceRecorder } from './provenance-recorder.ts';
import type { OperationRetryPolicy } from './retry-operation.ts';

export interface AwsCollectContext {
  source: AwsSourceConfig;
  clients: AwsClients;
  recorder: ProvenanceRecorder;
  accountId: string;
  partition: string;
  /** The source's configured regions (regional services read each of them). */
  regions: readonly string[];
  log: Log;
  retry: OperationRetryPolicy;
  /** Aborts every call and wait of the collection (its deadline, the caller, or another service's failure). */
  signal: AbortSignal;
  progress?: ProgressFn;
  /** Bounded concurrency for per-entity calls (source.concurrency). */
  concurrency: number;
  reportPoll: ReportPollPolicy;
  /** Waits that end early when the signal aborts; injectable so tests and the demo do not wait. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface ServiceCollection {
  resources: Resource[];
  /** The IAM credential report's generation time (provenance.credentialReportGeneratedAt); IAM only. */
  credentialReportGeneratedAt?: string | null;
}

export interface AwsServiceCollector {
  /** Short name, e.g. "cloudtrail"; also its log and progress label. */
  name: string;
  /** Every resource type it can yield; a snapshot holds no other type (a test holds this). */
  resourceTypes: readonly ResourceType[];
  /**
   * "<service>:<Operation>" as recorded in provenance -> the IAM action it needs. The
   * least-privilege policy is the union of these; a test fails when a collection calls an
   * operation no collector declares.
   */
  operations: Readonly<Record<string, string>>;
  collect(ctx: AwsCollectContext): Promise<ServiceCollection>;
}
