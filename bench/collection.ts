/**
 * Collection benchmark: one snapshot of a scenario organization through the real SDK against the
 * sandbox with per-request latency and IAM throttling at AWS's order of magnitude. Compares the
 * calls made with the per-entity pattern of the best-known open-source scanner (aws-evidence.md).
 */
import { gzipSync } from 'node:zlib';
import { AwsSourceConfig } from '../config/schema.ts';
import { collectSnapshot } from '../collectors/collect-snapshot.ts';
import { canonicalJson } from '../model/canonical-json.ts';
import type { Provenance } from '../model/snapshot.ts';
import { fork } from 'node:child_process';
import type { ScenarioPreset } from '../sandbox/scenario.ts';
import { encodeCallLog } from '../store/call-log-codec.ts';
import type { SandboxLog, SandboxReady } from './collection-sandbox-process.ts';

const REGIONAL_SERVICES = new Set(['cloudtrail', 'config', 'guardduty', 'kms', 'ec2']);
const THROTTLED = new Set(['Throttling', 'SlowDown', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);

export interface CollectionBenchResult {
  size: ScenarioPreset;
  entities: { users: number; groups: number; roles: number; policies: number; buckets: number };
  latencyMs: number;
  iamRatePerSec: number;
  concurrency: number;
  seconds: number;
  iamCalls: number;
  stsCalls: number;
  s3Calls: number;
  s3ControlCalls: number;
  /** Calls of CloudTrail, AWS Config, GuardDuty, KMS and EC2, in every region (the opt-in region's refusals included). */
  regionalCalls: number;
  throttled: number;
  iamBudget: number;
  s3CallsPerBucket: number;
  perEntityIamCalls: number;
  perEntityS3Calls: number;
  /** Time the per-entity pattern needs at the same IAM rate and the same S3 concurrency and latency. */
  perEntitySeconds: number;
  speedup: number;
  peakRssMb: number;
  /** The snapshot's API call records, and what they cost stored: as gzip JSON (record v1) and as a call log (v2). */
  provenanceCalls: number;
  verbatimGzipBytesPerCall: number;
  callLogBytesPerCall: number;
}

/** Bytes per call of a provenance's calls: gzip -9 of their canonical JSON (how v1 records kept them) and as a call log. */
export function provenanceBytesPerCall(provenance: Pick<Provenance, 'calls'>): { verbatimGzip: number; callLog: number } {
  const n = Math.max(1, provenance.calls.length);
  return {
    verbatimGzip: gzipSync(canonicalJson(provenance.calls), { level: 9 }).length / n,
    callLog: encodeCallLog(provenance.calls).length / n,
  };
}

export async function runCollectionBench(options: { size: ScenarioPreset; latencyMs?: number; iamRatePerSec?: number; concurrency?: number }): Promise<CollectionBenchResult> {
  const { result } = await collectForBench(options);
  return result;
}

/** The benchmark's figures and the provenance of the snapshot it collected (the storage benchmark stores it). */
export async function collectForBench(options: {
  size: ScenarioPreset;
  latencyMs?: number;
  iamRatePerSec?: number;
  concurrency?: number;
}): Promise<{ result: CollectionBenchResult; provenance: Provenance }> {
  const latencyMs = options.latencyMs ?? 20;
  const iamRatePerSec = options.iamRatePerSec ?? 20;
  const concurrency = options.concurrency ?? 8;
  const day = 180;
  const sandbox = await forkSandbox(options.size, day, latencyMs, iamRatePerSec);
  const { entities } = sandbox.ready;
  // The collector's own memory: the sandbox and its scenario live in the other process.
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  const slot = new Date(sandbox.ready.snapshotTime);
  let provenance: Provenance;
  let log: SandboxLog['log'];
  try {
    ({ provenance } = await collectSnapshot({
      source: AwsSourceConfig.parse({ name: 'bench', endpoint: sandbox.ready.endpoint, concurrency, regions: sandbox.ready.regions }),
      scheduledFor: slot,
      // The slot's time, running in real time: call times as a real run records them (the storage benchmark stores them).
      clock: { now: () => new Date(slot.getTime() + (performance.now() - t0)) },
      credentials: sandbox.ready.credentials,
    }));
  } finally {
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    log = await sandbox.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const by = (svc: string) => log.filter((e) => e.service === svc).length;
  // API calls made, not HTTP attempts: throttled attempts the SDK retried are counted separately.
  const iamCalls = log.filter((e) => e.service === 'iam' && e.errorCode !== 'Throttling').length;
  const s3Calls = log.filter((e) => e.service === 's3' && e.errorCode !== 'SlowDown').length;
  const totalEntities = entities.users + entities.groups + entities.roles + entities.policies;
  // Per-entity pattern (aws-evidence.md): ~9 calls per user, 4 per role, 3 per group, 1.5 per
  // policy, ~17 account-level; S3: ListBuckets + 13 per bucket.
  const perEntityIamCalls = Math.round(9 * entities.users + 4 * entities.roles + 3 * entities.groups + 1.5 * entities.policies + 17);
  const perEntityS3Calls = 1 + 13 * entities.buckets;
  const perEntitySeconds = Math.max(perEntityIamCalls / iamRatePerSec, (perEntityS3Calls * latencyMs) / 1000 / concurrency);
  const cost = provenanceBytesPerCall(provenance);
  const result: CollectionBenchResult = {
    size: options.size,
    entities,
    latencyMs,
    iamRatePerSec,
    concurrency,
    seconds,
    iamCalls,
    stsCalls: by('sts'),
    s3Calls,
    s3ControlCalls: by('s3control'),
    regionalCalls: log.filter((e) => REGIONAL_SERVICES.has(e.service) && !THROTTLED.has(e.errorCode ?? '')).length,
    throttled: log.filter((e) => THROTTLED.has(e.errorCode ?? '')).length,
    iamBudget: Math.ceil(totalEntities / 1000) + 10,
    s3CallsPerBucket: (s3Calls - 1) / entities.buckets,
    perEntityIamCalls,
    perEntityS3Calls,
    perEntitySeconds,
    speedup: perEntitySeconds / seconds,
    peakRssMb: peakRss / 1048576,
    provenanceCalls: provenance.calls.length,
    verbatimGzipBytesPerCall: cost.verbatimGzip,
    callLogBytesPerCall: cost.callLog,
  };
  return { result, provenance };
}

/** Starts bench/collection-sandbox-process.ts (through tsx, as the sources run) and waits until it serves. */
async function forkSandbox(size: ScenarioPreset, day: number, latencyMs: number, iamRatePerSec: number): Promise<{ ready: SandboxReady; close(): Promise<SandboxLog['log']> }> {
  const child = fork(new URL('./collection-sandbox-process.ts', import.meta.url), [size, String(day), String(latencyMs), String(iamRatePerSec)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const next = <T>(kind: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { kind?: string }) => {
        if (m.kind !== kind) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(m as T);
      };
      const onExit = (code: number | null) => reject(new Error(`the benchmark's sandbox process exited (code ${code}) before sending ${kind}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next<SandboxReady>('ready');
  return {
    ready,
    async close() {
      const log = next<SandboxLog>('log');
      child.send({ kind: 'close' });
      return (await log).log;
    },
  };
}
