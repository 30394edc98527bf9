/**
 * A snapshot no ledger entry records (its run died before finishing) is not evidence: populations
 * skip it, and the next snapshot's changes are taken against the evidence snapshot before it, even
 * though the store's change record is relative to the one skipped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinderConfig, DEFAULT_SAMPLE_SIZES } from '../../config/schema.ts';
import { buildPopulation } from '../../fieldwork/build-population.ts';
import { drawSample } from '../../fieldwork/sample.ts';
import { canonicalJson } from '../../model/canonical-json.ts';
import { SNAPSHOT_SCHEMA } from '../../model/snapshot.ts';
import { buildScenario, type Scenario } from '../../sandbox/scenario.ts';
import { ephemeralLedgerSigner } from '../../store/ledger-signature.ts';
import { openEvidenceStore } from '../../store/open-store.ts';
import type { EvidenceStore } from '../../store/types.ts';

let dir: string;
let store: EvidenceStore;
let scenario: Scenario;
const ids: string[] = [];
const UNFINISHED = 3;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-fieldwork-unfinished-'));
  scenario = buildScenario({ seed: 'unfinished', size: 'demo', days: 6 });
  const config = BinderConfig.parse({ sources: [{ name: 'prod' }], store: { type: 'local', path: join(dir, 'evidence') } });
  store = await openEvidenceStore(config.store, dir, { mode: 'create', ledgerSigner: ephemeralLedgerSigner() });
  for (let day = 0; day < scenario.days; day++) {
    const at = scenario.snapshotTime(day).toISOString();
    const state = scenario.stateOn(day);
    const provenance = { tool: { name: 'binder', version: 'test' }, source: 'prod', accountId: state.accountId, callerArn: scenario.callerArn, partition: 'aws', regions: scenario.collectedRegions, endpoint: null, scheduledFor: at, startedAt: at, finishedAt: at, credentialReportGeneratedAt: at, calls: [], counts: {} };
    const runId = `run-${day}`;
    const record = await store.saveSnapshot({ schema: SNAPSHOT_SCHEMA, provenance, resources: state.resources }, runId);
    ids.push(record.id);
    if (day === UNFINISHED) continue; // the run died after saving, before its success entry
    await store.appendLedger({ runId, source: 'prod', scheduledFor: at, startedAt: at, finishedAt: at, status: 'success', reason: null, snapshotId: record.id, snapshotSha256: record.snapshotSha256, startedSeq: null, host: null, pid: null, deadline: null });
  }
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function diffKeys(from: number, to: number): string[] {
  const before = new Map(scenario.stateOn(from).resources.map((r) => [`${r.type} ${r.id}`, canonicalJson(r)]));
  const after = new Map(scenario.stateOn(to).resources.map((r) => [`${r.type} ${r.id}`, canonicalJson(r)]));
  const out = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
  return [...out, ...[...before.keys()].filter((k) => !after.has(k))].sort();
}

describe('a snapshot that is not evidence', () => {
  it('is left out, and the next snapshot is compared with the evidence snapshot before it', async () => {
    expect((await store.loadChanges(ids[UNFINISHED + 1]!)).previous?.id).toBe(ids[UNFINISHED]); // the store's own chain runs through it
    const p = await buildPopulation({ store, name: 'config-changes', request: { from: scenario.dayString(1), to: scenario.dayString(5) } });
    expect(p.scope.kind === 'period' && p.scope.snapshots.map((s) => s.snapshotId)).toEqual([ids[1], ids[2], ids[4], ids[5]]);
    expect(p.rows.some((r) => r.snapshotId === ids[UNFINISHED] || r.previousSnapshotId === ids[UNFINISHED])).toBe(false);
    const day4 = p.rows.filter((r) => r.snapshotId === ids[4]);
    expect(day4.every((r) => r.previousSnapshotId === ids[2])).toBe(true);
    expect(day4.map((r) => `${r.resourceType} ${r.resourceId}`).sort()).toEqual(diffKeys(2, 4));
    expect(day4.length).toBeGreaterThan(0);
  });

  it('gives sampled changes across it their evidence against the same two snapshots', async () => {
    const s = await drawSample({ store, population: 'config-changes', request: { from: scenario.dayString(4), to: scenario.dayString(4) }, size: 3, seed: 'x', sizes: { ...DEFAULT_SAMPLE_SIZES } });
    for (const item of s.items) {
      const e = item.evidence[0]!;
      if (e.kind !== 'change-record') throw new Error('expected a change record');
      expect([e.snapshotId, e.previousSnapshotId]).toEqual([ids[4], ids[2]]);
      const after = scenario.stateOn(4).resources.find((r) => r.type === e.change.type && r.id === e.change.id) ?? null;
      const before = scenario.stateOn(2).resources.find((r) => r.type === e.change.type && r.id === e.change.id) ?? null;
      expect([canonicalJson(e.change.before), canonicalJson(e.change.after)]).toEqual([canonicalJson(before), canonicalJson(after)]);
    }
  });

  it('is never an as-of snapshot', async () => {
    const p = await buildPopulation({ store, name: 'buckets', request: { asOf: scenario.dayString(UNFINISHED) } });
    expect(p.scope.kind === 'as-of' && p.scope.snapshot.snapshotId).toBe(ids[UNFINISHED - 1]);
  });
});
