/**
 * `binder collect` as a scheduler runs it, in a child process: against an endpoint that accepts
 * connections and never answers, the source fails at collection.timeoutMinutes and the process
 * exits (non-zero) right after; against a source whose one operation is denied while another is
 * being retried, it exits right after the failure instead of retrying on. The process exiting on
 * its own is the proof that no timer or socket outlived the collection.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFakeCredentials, type SandboxCredentials } from '../../sandbox/fake-credentials.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox } from '../../sandbox/server.ts';
import { startSilentEndpoint, type Silence } from './silent-endpoint.ts';

interface CollectRun {
  code: number | null;
  /** Seconds from spawn to the "source collection failed" log line, and to the process exit. */
  failedAt: number | null;
  exitedAt: number;
  stderr: string;
  stdout: string;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-cli-exit-'));
});
afterAll(async () => dir && rm(dir, { recursive: true, force: true }));

/** Runs `binder collect --json` on a fresh store, credentials in the environment only. */
async function collect(name: string, endpoint: string, timeoutMinutes: number, creds: SandboxCredentials): Promise<CollectRun> {
  const configFile = join(dir, `${name}.yaml`);
  await writeFile(
    configFile,
    [
      'sources:',
      `  - name: ${name}`,
      `    endpoint: ${endpoint}`,
      'store:',
      '  type: local',
      `  path: ./${name}-evidence`,
      'collection:',
      `  timeoutMinutes: ${timeoutMinutes}`,
      `  ledgerKeyPath: ./${name}-keys/ledger.pem`,
      '',
    ].join('\n'),
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const child = spawn(process.execPath, ['bin/binder.js', 'collect', '--config', configFile, '--json'], {
    cwd: process.cwd(),
    env: {
      ...env,
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const t0 = performance.now();
  let stderr = '';
  let stdout = '';
  let failedAt: number | null = null;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (failedAt === null && stderr.includes('source collection failed')) failedAt = (performance.now() - t0) / 1000;
  });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (c) => {
      clearTimeout(killer);
      resolve(c);
    });
    child.on('error', reject);
  });
  return { code, failedAt, exitedAt: (performance.now() - t0) / 1000, stderr, stdout };
}

describe('binder collect in a child process', () => {
  it.each<Silence>(['no-answer', 'stalled-body'])(
    'fails a silent endpoint (%s) at collection.timeoutMinutes and exits non-zero right after',
    async (silence) => {
      const silent = await startSilentEndpoint(silence);
      try {
        const run = await collect(`silent-${silence}`, silent.endpoint, 0.05, generateFakeCredentials());
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).toContain('deadline of 0.05 minutes passed during sts:GetCallerIdentity');
        expect(run.failedAt, run.stderr).not.toBeNull();
        expect(run.failedAt!).toBeGreaterThanOrEqual(3);
        expect(run.exitedAt - run.failedAt!).toBeLessThan(5);
      } finally {
        await silent.close();
      }
    },
    60_000,
  );

  it('exits right after one operation is denied, while another operation was being retried', async () => {
    const scenario = buildScenario({ seed: 'collectors-cli-exit', size: 'demo', days: 2 });
    const sandbox = await startSandbox({ scenario, day: 1, port: 0 });
    sandbox.faults.script({ operation: 'GetBucketPolicy', kind: 'denied', count: 1_000_000 });
    sandbox.faults.script({ operation: 'GetAccountAuthorizationDetails', kind: '5xx', count: 1_000_000 });
    try {
      const run = await collect('denied', sandbox.endpoint, 30, SANDBOX_CREDENTIALS);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toMatch(/s3:GetBucketPolicy in [a-z0-9-]+ failed with AccessDenied \(HTTP 403\)/);
      expect(run.failedAt, run.stderr).not.toBeNull();
      expect(run.exitedAt - run.failedAt!).toBeLessThan(5);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
