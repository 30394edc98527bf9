/**
 * The binder over a real local store at CI size (1,000 users, 228 buckets, a few days): the change
 * log streamed from the store, byte-identical rebuilds, and a binder that verifies.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchStore, type BenchStore } from '../../bench/period-build.ts';
import { buildBinder, type BuildBinderResult } from '../../binder/build-binder.ts';
import { verifyBinder } from '../../binder/verify-binder.ts';
import { canonicalPrettyJson } from '../../binder/canonical-pretty-json.ts';
import { evaluatePeriod } from '../../controls/period/evaluate-period.ts';
import { periodDrift } from '../../controls/period/period-drift.ts';
import { canonicalJson } from '../../model/canonical-json.ts';
import type { DriftEntry, PeriodEvaluation } from '../../model/evaluation.ts';

const DAYS = 8;
let dir: string;
let bench: BenchStore;
let evaluation: PeriodEvaluation;
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
let first: BuildBinderResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-real-store-'));
  bench = await writeBenchStore({ size: 'ci', days: DAYS, dir });
  const { scenario, store, config } = bench;
  evaluation = await evaluatePeriod({ store, config, from: scenario.dayString(0), to: scenario.dayString(DAYS - 1) });
  first = await buildBinder({ evaluation, store, outPath: join(dir, 'first.zip'), signingKey: privateKey });
}, 180_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildBinder over a real store at CI size', () => {
  it('writes a binder that verifies', async () => {
    const verified = await verifyBinder(first.zipPath, { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string });
    expect(verified.problems).toEqual([]);
    expect(verified.status).toBe('valid');
  });

  it('holds each cited snapshot as the canonical JSON the store loads, written while verification held it', async () => {
    const out = join(dir, 'cited');
    execFileSync('unzip', ['-q', '-o', first.zipPath, 'evidence/snapshots/*', '-d', out]);
    const manifest = JSON.parse(execFileSync('unzip', ['-p', first.zipPath, 'manifest.json'], { encoding: 'utf8' })) as { snapshots: { snapshotId: string; path: string }[] };
    expect(manifest.snapshots.length).toBeGreaterThan(1);
    for (const s of manifest.snapshots) {
      expect(await readFile(join(out, s.path), 'utf8')).toBe(canonicalJson(await bench.store.loadSnapshot(s.snapshotId)));
    }
  });

  it('rebuilds byte for byte, from a fresh evaluation of the same store', async () => {
    const { scenario, store, config } = bench;
    const again = await evaluatePeriod({ store, config, from: scenario.dayString(0), to: scenario.dayString(DAYS - 1) });
    const second = await buildBinder({ evaluation: again, store, outPath: join(dir, 'second.zip'), signingKey: privateKey });
    expect(second.manifestSha256).toBe(first.manifestSha256);
    expect(Buffer.compare(await readFile(second.zipPath), await readFile(first.zipPath))).toBe(0);
  }, 120_000);

  it('streams a change log of every drift entry the evaluation counted, as canonical JSON of the whole list', async () => {
    const out = join(dir, 'unzipped');
    execFileSync('unzip', ['-q', '-o', first.zipPath, 'evidence/change-log.json', '-d', out]);
    const text = await readFile(join(out, 'evidence/change-log.json'), 'utf8');
    const entries: DriftEntry[] = [];
    for await (const d of periodDrift(bench.store, evaluation)) entries.push(d);
    expect(entries.length).toBe(evaluation.driftSummary.entries);
    expect(entries.length).toBeGreaterThan(DAYS); // the scenario changes something every day
    expect(text).toBe(canonicalPrettyJson({ schema: 'binder.change-log/v1', period: evaluation.period, entries }));
  });
});
