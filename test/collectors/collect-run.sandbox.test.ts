/**
 * runCollection into a real local evidence store, against the sandbox: a stored snapshot and a
 * success ledger entry per good source, a 'failed' entry with a clear reason for a bad one, and
 * a run killed with SIGKILL leaves no snapshot behind (only its start, which the next run
 * records as interrupted).
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollection } from '../../collectors/collect-run.ts';
import { silentLog } from '../../collectors/log.ts';
import { BinderConfig } from '../../config/schema.ts';
import { canonicalJson } from '../../model/canonical-json.ts';
import { ManualClock } from '../../model/clock.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import type { StoreConfig } from '../../config/schema.ts';
import { ed25519LedgerSigner } from '../../store/ledger-signature.ts';
import { openEvidenceStore } from '../../store/open-store.ts';
import { FAST, resourceDiff } from './sandbox-harness.ts';

const scenario = buildScenario({ seed: 'collectors-run', size: 'demo', days: 10 });
let sandbox: SandboxHandle;
let otherAccount: SandboxHandle; // accepts other credentials only: collecting it fails
let dir: string;
const ledgerKey: KeyObject = generateKeyPairSync('ed25519').privateKey;
/** The store the config names, created on first use, its ledger signed with ledgerKey. */
const openStore = (config: StoreConfig) =>
  openEvidenceStore(config, dir, { mode: 'create', ledgerSigner: ed25519LedgerSigner(ledgerKey) });

beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day: 2, port: 0 });
  otherAccount = await startSandbox({
    scenario,
    day: 2,
    port: 0,
    credentials: generateFakeCredentials(),
  });
  dir = await mkdtemp(join(tmpdir(), 'binder-collect-run-'));
});
afterAll(async () => {
  await sandbox?.close();
  await otherAccount?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('runCollection', () => {
  it('stores a snapshot and a success entry per good source, records a failed source with its reason, and goes on', async () => {
    const storeDir = join(dir, 'run');
    const config = BinderConfig.parse({
      sources: [
        { name: 'other', endpoint: otherAccount.endpoint },
        { name: 'prod', endpoint: sandbox.endpoint, concurrency: 4, regions: scenario.collectedRegions },
      ],
      store: { type: 'local', path: storeDir },
    });
    const store = await openStore(config.store);
    const clock = new ManualClock(new Date('2026-01-03T02:17:00Z'));
    const progress: string[] = [];
    const summary = await runCollection({
      config,
      store,
      clock,
      credentials: SANDBOX_CREDENTIALS,
      log: silentLog,
      progress: (d, t, w) => progress.push(`${w} ${d}/${t}`),
      tuning: FAST,
    });

    expect(summary.ok).toBe(false);
    expect(summary.scheduledFor).toBe('2026-01-03T02:00:00.000Z'); // the schedule slot, not the clock
    const [other, prod] = summary.outcomes;
    expect(other).toMatchObject({ source: 'other', status: 'failed', snapshotId: null });
    expect(other!.reason).toMatch(
      /^sts:GetCallerIdentity in us-east-1 failed with InvalidClientTokenId \(HTTP 403\)/,
    );
    expect(prod).toMatchObject({ source: 'prod', status: 'success' });
    expect(progress.at(-1)).toBe('buckets 8/8');

    const snapshots = await store.listSnapshots();
    expect(snapshots.map((s) => s.id)).toEqual([prod!.snapshotId]);
    const loaded = await store.loadSnapshot(prod!.snapshotId!);
    expect(resourceDiff(scenario.stateOn(2).resources, loaded.resources)).toEqual([]);
    expect(loaded.provenance.scheduledFor).toBe('2026-01-03T02:00:00.000Z');

    const ledger = await store.readLedger();
    expect(ledger.map((e) => [e.source, e.status, e.snapshotId])).toEqual([
      ['other', 'started', null],
      ['other', 'failed', null],
      ['prod', 'started', null],
      ['prod', 'success', prod!.snapshotId],
    ]);
    expect(ledger[3]!.snapshotSha256).toBe(prod!.snapshotSha256);
    expect(new Set(ledger.map((e) => e.runId)).size).toBe(2);
    expect(canonicalJson(ledger)).not.toContain(SANDBOX_CREDENTIALS.secretAccessKey);
  });

  it('collects only the named sources and rejects unknown names', async () => {
    const config = BinderConfig.parse({
      sources: [{ name: 'prod', endpoint: sandbox.endpoint }],
      store: { type: 'local', path: join(dir, 'named') },
    });
    const store = await openStore(config.store);
    await expect(
      runCollection({
        config,
        store,
        clock: new ManualClock(new Date('2026-01-03T03:00:00Z')),
        sources: ['nope'],
        log: silentLog,
      }),
    ).rejects.toThrow(/unknown source\(s\) "nope"; the config defines: prod/);
  });

  it('leaves no snapshot when the collecting process is killed midway, and the next run succeeds', async () => {
    const storeDir = join(dir, 'killed');
    const slow = await startSandbox({ scenario, day: 2, port: 0, faults: { latencyMs: 40 } });
    try {
      const child = spawn(
        process.execPath,
        ['bin/run-ts.js', 'test/collectors/fixtures/collect-into-store.ts', slow.endpoint, storeDir],
        {
          cwd: process.cwd(),
          env: {
            ...process.env,
            SANDBOX_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
            SANDBOX_SECRET: SANDBOX_CREDENTIALS.secretAccessKey,
            LEDGER_KEY_PEM: ledgerKey.export({ type: 'pkcs8', format: 'pem' }) as string,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      const killedMidway = await new Promise<boolean>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          // Kill once some buckets are read but not all (progress lines are "progress <done> <total>").
          const m = [...out.matchAll(/progress (\d+) (\d+)/g)].at(-1);
          if (m && Number(m[1]) >= 3 && Number(m[1]) < Number(m[2]) && child.exitCode === null) {
            child.kill('SIGKILL');
            resolve(true);
          }
        });
        child.on('exit', () => resolve(false));
        child.on('error', reject);
      });
      await new Promise((r) =>
        child.exitCode !== null || child.signalCode !== null ? r(null) : child.on('exit', r),
      );
      expect(killedMidway, `child output: ${out}`).toBe(true);
      expect(child.signalCode).toBe('SIGKILL');
      expect(out).not.toContain('done');

      const store = await openStore({ type: 'local', path: storeDir });
      expect(await store.listSnapshots()).toEqual([]);
      expect((await store.readLedger()).map((e) => e.status)).toEqual(['started']);

      const config = BinderConfig.parse({
        sources: [{ name: 'sandbox', endpoint: slow.endpoint, concurrency: 8 }],
        store: { type: 'local', path: storeDir },
      });
      slow.faults.configure({});
      const summary = await runCollection({
        config,
        store,
        clock: new ManualClock(new Date('2026-01-03T02:30:00Z')),
        credentials: SANDBOX_CREDENTIALS,
        log: silentLog,
        tuning: FAST,
      });
      expect(summary.ok).toBe(true);
      expect((await store.listSnapshots()).map((s) => s.id)).toEqual([summary.outcomes[0]!.snapshotId]);
      expect((await store.readLedger()).map((e) => e.status)).toEqual(['started', 'interrupted', 'started', 'success']);
      const report = await store.verify();
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    } finally {
      await slow.close();
    }
  });
});
