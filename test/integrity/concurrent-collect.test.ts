/**
 * Exactly one snapshot per (source, slot) when `binder collect` runs several times at once, as
 * separate processes (two cron jobs, a cron job and `binder schedule`, a person): 2 and 4 at once
 * on one local store and 2 at once on the Ceph gateway, 12 rounds each (each round starts every
 * process afresh; 12 keep the suite within its time budget). Each round is a fresh
 * (source, slot): the config has one source per round, round k collects source k. The winner stores one
 * snapshot, the losers exit 0 and name it, and the ledger chain verifies.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { awsEnv, runBinder } from '../cli/run-binder.ts';
import { startGatewayOrSkip, type Gateway } from '../store-s3/gateway.ts';
import { createLockedBucket, rawClient, uniqueBucket } from '../store-s3/s3-harness.ts';

const BIN = new URL('../../bin/binder.js', import.meta.url).pathname;
const ROUNDS = 12;
const started = await startGatewayOrSkip();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(config: string, source: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'collect', '--config', config, '--source', source, '--json'], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { code: null, stdout: '', stderr: '' };
    child.stdout.on('data', (d) => (run.stdout += d));
    child.stderr.on('data', (d) => (run.stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...run, code }));
  });
}

function sourcesYaml(endpoint: string, extra = ''): string {
  return Array.from({ length: ROUNDS }, (_, k) => `  - name: src-${k}\n    endpoint: ${endpoint}\n${extra}`).join('');
}

// Every run today fills today's 02:00 slot: a grace time of a whole day.
const SCHEDULE = 'schedule:\n  cron: "0 2 * * *"\n  graceMinutes: 1440\n';

async function rounds(config: string, n: number, env: Record<string, string>, figures: string[], label: string): Promise<void> {
  const t0 = performance.now();
  let losers = 0;
  for (let k = 0; k < ROUNDS; k++) {
    const runs = await Promise.all(Array.from({ length: n }, () => collect(config, `src-${k}`, env)));
    for (const r of runs) expect(r.code, `${label} round ${k}: ${r.stderr}`).toBe(0);
    const summaries = runs.map((r) => JSON.parse(r.stdout) as { outcomes: { status: string; runId: string; snapshotId: string | null; filledBy: { runId: string } | null }[] });
    const outcomes = summaries.map((s) => s.outcomes[0]!);
    const winners = outcomes.filter((o) => o.status === 'success');
    expect(winners, `${label} round ${k}`).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status !== 'success')) {
      expect(o.status).toBe('skipped');
      expect(o.filledBy!.runId).toBe(winners[0]!.runId);
      losers++;
    }
  }
  const list = await runBinder(['snapshots', 'list', '--config', config, '--json'], env);
  expect(list.code, list.out).toBe(0);
  const records = JSON.parse(list.stdout) as { source: string; scheduledFor: string; evidence: boolean; offSchedule: boolean }[];
  const perSource = new Map<string, number>();
  // The store's first (off-schedule) snapshot, taken before the races, fills no slot.
  for (const r of records.filter((r) => !r.offSchedule)) perSource.set(r.source, (perSource.get(r.source) ?? 0) + 1);
  expect([...perSource.values()]).toEqual(Array.from({ length: ROUNDS }, () => 1));
  expect(records.every((r) => r.evidence)).toBe(true);
  const verified = await runBinder(['store', 'verify', '--config', config, '--json'], env);
  expect(verified.code, verified.stdout).toBe(0);
  figures.push(`${label}: ${n} at once × ${ROUNDS} rounds: ${ROUNDS} snapshots, ${losers} skipped runs naming the winner, store verifies (${Math.round((performance.now() - t0) / 1000)} s)`);
}

describe('concurrent binder collect', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  const figures: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-concurrent-'));
    sandbox = await startSandbox({ scenario: buildScenario({ seed: 'concurrent', size: 'demo', days: 10 }), day: 2 });
  });
  afterAll(async () => {
    await sandbox?.close();
    await started.gateway?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    process.stdout.write(`concurrent collect:\n  ${figures.join('\n  ')}\n`);
  });

  for (const n of [2, 4]) {
    it(`${n} at once on one local store: one snapshot per slot`, { timeout: 900_000 }, async () => {
      const config = join(dir, `local-${n}.yaml`);
      await writeFile(config, `sources:\n${sourcesYaml(sandbox.endpoint)}store:\n  type: local\n  path: ./evidence-${n}\n${SCHEDULE}`);
      // The store and its ledger key exist before the races (the first collect creates them).
      const env = awsEnv();
      const init = await runBinder(['collect', '--config', config, '--source', 'src-0', '--off-schedule'], env, { isolateAws: true });
      expect(init.code, init.out).toBe(0);
      await rounds(config, n, env, figures, 'local folder');
    });
  }

  it.skipIf(started.skipReason !== null)('2 at once on the Ceph gateway (first version wins): one snapshot per slot', { timeout: 900_000 }, async () => {
    const gateway = started.gateway as Gateway;
    const raw = rawClient(gateway);
    const bucket = uniqueBucket('binder-concurrent');
    await createLockedBucket(raw, bucket);
    raw.destroy();
    await writeFile(join(dir, 'credentials'), `[evidence]\naws_access_key_id = ${gateway.accessKeyId}\naws_secret_access_key = ${gateway.secretAccessKey}\n`);
    const config = join(dir, 's3.yaml');
    await writeFile(
      config,
      `sources:\n${sourcesYaml(sandbox.endpoint)}store:\n  type: s3\n  bucket: ${bucket}\n  endpoint: ${gateway.endpoint}\n  forcePathStyle: true\n  checksumMode: WHEN_REQUIRED\n  profile: evidence\n  retention: { mode: COMPLIANCE, days: 1 }\n${SCHEDULE}`,
    );
    const env = { ...awsEnv(SANDBOX_CREDENTIALS), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'no-config') };
    const init = await runBinder(['collect', '--config', config, '--source', 'src-0', '--off-schedule'], env, { isolateAws: true });
    expect(init.code, init.out).toBe(0);
    await rounds(config, 2, env, figures, 'Ceph RGW');
  });
});
