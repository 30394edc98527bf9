/**
 * The collection benchmark's sandbox, in a process of its own: its year-long scenario (about 400 MB
 * at bench size) then does not count in the collector's peak RSS, and server and collector do
 * not share one core. Started by bench/collection.ts with fork(); talks over the IPC channel.
 *   parent -> child: nothing (starts with argv: size, day, latencyMs, iamRatePerSec)
 *   child -> parent: { kind: 'ready', endpoint, entities, snapshotTime, credentials }
 *   parent -> child: { kind: 'close' }; child -> parent: { kind: 'log', log } (service and error code per request), then exits
 */
import { buildScenario, type ScenarioPreset } from '../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox } from '../sandbox/server.ts';

export interface SandboxReady {
  kind: 'ready';
  endpoint: string;
  entities: { users: number; groups: number; roles: number; policies: number; buckets: number };
  snapshotTime: string;
  credentials: typeof SANDBOX_CREDENTIALS;
  /** The regions to collect so the snapshot is the day's whole state: the scenario's, then its opt-in region. */
  regions: string[];
}
export interface SandboxLog {
  kind: 'log';
  log: { service: string; errorCode: string | null }[];
}

const [size, day, latencyMs, iamRatePerSec] = [process.argv[2] as ScenarioPreset, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
const scenario = buildScenario({ seed: 'bench', size });
const state = scenario.stateOn(day);
const count = (t: string) => state.resources.filter((r) => r.type === t).length;
const entities = {
  users: count('aws.iam.user'),
  groups: count('aws.iam.group'),
  roles: count('aws.iam.role'),
  policies: state.resources.filter((r) => r.type === 'aws.iam.policy' && !r.isAwsManaged).length,
  buckets: count('aws.s3.bucket'),
};
const sandbox = await startSandbox({
  scenario,
  day,
  credentials: SANDBOX_CREDENTIALS,
  faults: { latencyMs, throttle: { iam: { ratePerSec: iamRatePerSec, burst: iamRatePerSec }, sts: { ratePerSec: iamRatePerSec, burst: iamRatePerSec } } },
});
process.send!({ kind: 'ready', endpoint: sandbox.endpoint, entities, snapshotTime: scenario.snapshotTime(day).toISOString(), credentials: SANDBOX_CREDENTIALS, regions: [...scenario.collectedRegions] } satisfies SandboxReady);
process.on('message', (m: { kind?: string }) => {
  if (m.kind !== 'close') return;
  void sandbox.close().then(() => {
    const log = sandbox.requestLog.map((e) => ({ service: e.service, errorCode: e.errorCode }));
    process.send!({ kind: 'log', log } satisfies SandboxLog, () => process.exit(0));
  });
});
