/**
 * Over HTTP, through the real SDK: an emulator whose GetAccountAuthorizationDetails leaves out the
 * PolicyName and PolicyId of managed policies (played by a proxy in front of the sandbox) still
 * gives a snapshot, with the names derived from the ARNs, null ids, and the anomaly in provenance.
 * What cannot be evidenced (a user without UserId) fails the run as our own mapping error, with the
 * ARN readable in the ledger reason; a snapshot id in a reason survives too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DERIVED_FROM_ARN, RECORDED_AS_NULL } from '../../../collectors/aws/gaad-mapper.ts';
import { runCollection } from '../../../collectors/collect-run.ts';
import { collectSnapshot } from '../../../collectors/collect-snapshot.ts';
import { silentLog } from '../../../collectors/log.ts';
import { AwsSourceConfig, BinderConfig } from '../../../config/schema.ts';
import { ManualClock } from '../../../model/clock.ts';
import type { Resource } from '../../../model/resources.ts';
import type { Snapshot } from '../../../model/snapshot.ts';
import { buildScenario } from '../../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../../sandbox/server.ts';
import { snapshotIdOf } from '../../../store/snapshot-keys.ts';
import type { EvidenceStore } from '../../../store/types.ts';
import { freshStore, type FreshStore } from '../fresh-store.ts';
import { FAST, resourceDiff } from '../sandbox-harness.ts';
import { startRewritingProxy, withoutTagsIn, type RewritingProxy } from './rewriting-proxy.ts';

const scenario = buildScenario({ seed: 'gaad-tolerant', size: 'demo', days: 2 });
const isGaad = (request: string) => request.includes('Action=GetAccountAuthorizationDetails');

let sandbox: SandboxHandle;
let noPolicyNames: RewritingProxy;
let noUserIds: RewritingProxy;
let fresh: FreshStore;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day: 1, port: 0 });
  noPolicyNames = await startRewritingProxy(sandbox.endpoint, (req, body) => (isGaad(req) ? withoutTagsIn(body, 'Policies', ['PolicyName', 'PolicyId']) : body));
  noUserIds = await startRewritingProxy(sandbox.endpoint, (req, body) => (isGaad(req) ? withoutTagsIn(body, 'UserDetailList', ['UserId']) : body));
  fresh = await freshStore('binder-gaad-');
});
afterAll(async () => {
  await noPolicyNames?.close();
  await noUserIds?.close();
  await sandbox?.close();
  await fresh?.remove();
});

const config = (name: string, endpoint: string) =>
  BinderConfig.parse({ sources: [{ name, endpoint }], store: { type: 'local', path: 'unused' } });
const clock = () => new ManualClock(new Date(scenario.snapshotTime(1).getTime() + 5 * 60_000));

describe('a GAAD answer without PolicyName and PolicyId', () => {
  it('gives a snapshot: names from the ARNs, ids null, the anomaly on the GAAD call record', async () => {
    const snapshot = await collectSnapshot({
      source: AwsSourceConfig.parse({ name: 'emulator', endpoint: noPolicyNames.endpoint, regions: scenario.collectedRegions }),
      scheduledFor: scenario.snapshotTime(1),
      clock: new ManualClock(scenario.snapshotTime(1)),
      credentials: SANDBOX_CREDENTIALS,
      ...FAST,
    });
    const expected: Resource[] = scenario.stateOn(1).resources.map((r) => (r.type === 'aws.iam.policy' ? { ...r, policyId: null } : r));
    expect(resourceDiff(expected, snapshot.resources)).toEqual([]);

    const policies = snapshot.resources.filter((r) => r.type === 'aws.iam.policy');
    expect(policies.length).toBeGreaterThan(0);
    const gaad = snapshot.provenance.calls.filter((c) => c.operation === 'GetAccountAuthorizationDetails');
    const noted = gaad.flatMap((c) => c.anomalies ?? []);
    const count = (field: string, resolution: string) =>
      noted.filter((a) => a.field === field && a.resolution === resolution).reduce((n, a) => n + a.count, 0);
    expect(count('Policies[].PolicyName', DERIVED_FROM_ARN)).toBe(policies.length);
    expect(count('Policies[].PolicyId', RECORDED_AS_NULL)).toBe(policies.length);
    expect(noted.every((a) => a.examples.every((arn) => policies.some((p) => p.id === arn)))).toBe(true);
    // The other calls answered in full: nothing noted on them.
    expect(snapshot.provenance.calls.filter((c) => c.operation !== 'GetAccountAuthorizationDetails' && c.anomalies)).toEqual([]);

    // The write-once store keeps the null ids and the anomalies: what is loaded is what was collected.
    const record = await fresh.store.saveSnapshot(snapshot, '20260302T020000Z-0a0b0c0d');
    expect(await fresh.store.loadSnapshot(record.id)).toEqual(snapshot);
  });
});

describe('a GAAD answer without what cannot be derived', () => {
  it('fails the run as our mapping error, not as a failed AWS call, with the ARN readable in the ledger', async () => {
    const summary = await runCollection({
      config: config('europe', noUserIds.endpoint),
      store: fresh.store,
      clock: clock(),
      credentials: SANDBOX_CREDENTIALS,
      log: silentLog,
      tuning: FAST,
    });
    const reason = summary.outcomes[0]!.reason!;
    expect(summary.outcomes[0]!.status).toBe('failed');
    expect(reason).toMatch(/^GaadMappingError: GetAccountAuthorizationDetails user arn:aws:iam::\d{12}:user\/\S+: field UserId is missing$/);
    const failed = (await fresh.store.readLedger()).filter((e) => e.status === 'failed');
    expect(failed.at(-1)!.reason).toBe(reason);
  });

  it('keeps a snapshot id and ARNs whole in a ledger reason', async () => {
    const refusing = storeRefusingSnapshots(fresh.store);
    const summary = await runCollection({
      config: config('europe', sandbox.endpoint),
      store: refusing,
      clock: clock(),
      offSchedule: true,
      credentials: SANDBOX_CREDENTIALS,
      log: silentLog,
      tuning: FAST,
    });
    const { runId } = summary.outcomes[0]!;
    const snapshotId = snapshotIdOf('europe', summary.scheduledFor, runId); // europe/<slot>/<run id>: 40 base64 characters, then -<hex>
    const expected = `Error: ${refusal(snapshotId)}`;
    expect(summary.outcomes[0]!.reason).toBe(expected);
    const failed = (await fresh.store.readLedger()).filter((e) => e.status === 'failed');
    expect(failed.at(-1)).toMatchObject({ runId, reason: expected });
  });
});

/** The role ARN holds role/BinderEvidenceCollectorsEU01/binder: 40 base64 characters with a / and five capitals, which a length rule took for a secret key. */
const refusal = (snapshotId: string) =>
  `arn:aws:sts::123456789012:assumed-role/BinderEvidenceCollectorsEU01/binder-collector may not write snapshots/${snapshotId}.json to arn:aws:s3:::acme-soc2-evidence-eu-west-1`;

/** The store, except that saving a snapshot fails with an error naming the snapshot and ARNs. */
function storeRefusingSnapshots(store: EvidenceStore): EvidenceStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'saveSnapshot')
        return (snapshot: Snapshot, runId: string) =>
          Promise.reject(new Error(refusal(snapshotIdOf(snapshot.provenance.source, snapshot.provenance.scheduledFor, runId))));
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
