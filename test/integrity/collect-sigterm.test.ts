/**
 * A scheduler stopping `binder collect` (SIGTERM, as systemd or Kubernetes do before SIGKILL) while
 * it waits on an endpoint that never answers: the run is cut short, recorded as failed with the
 * reason, and the process exits right after, well before the collection deadline.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { awsEnv } from '../cli/run-binder.ts';
import { startSilentEndpoint, type SilentEndpoint } from '../collectors/silent-endpoint.ts';

const BIN = new URL('../../bin/binder.js', import.meta.url).pathname;

describe('binder collect stopped by SIGTERM', () => {
  let dir: string;
  let silent: SilentEndpoint;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-sigterm-'));
    silent = await startSilentEndpoint('no-answer');
  });
  afterAll(async () => {
    await silent?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records the run as failed and exits promptly', { timeout: 60_000 }, async () => {
    const config = join(dir, 'binder.config.yaml');
    await writeFile(config, `sources:\n  - name: quiet\n    endpoint: ${silent.endpoint}\nstore:\n  type: local\n  path: ./evidence\ncollection:\n  timeoutMinutes: 10\n`);
    const child = spawn(process.execPath, [BIN, 'collect', '--config', config, '--json'], {
      // An identity made at run time: the endpoint never answers, so it is never checked.
      env: { ...process.env, ...awsEnv(generateFakeCredentials()) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('close', (code) => resolve({ code, at: performance.now() })));
    // Wait until the run is under way (its start entry is written and the endpoint has a connection).
    for (let i = 0; i < 200 && silent.accepted() === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(silent.accepted(), out).toBeGreaterThan(0);
    const sentAt = performance.now();
    child.kill('SIGTERM');
    const { code, at } = await exited;
    expect(code, out).toBe(1);
    expect((at - sentAt) / 1000).toBeLessThan(5);
    const folder = join(dir, 'evidence', 'ledger');
    const entries = await Promise.all(
      (await readdir(folder)).filter((n) => n.endsWith('.json')).sort().map(async (n) => JSON.parse(await readFile(join(folder, n), 'utf8'))),
    );
    expect(entries.map((e) => e.status)).toEqual(['started', 'failed']);
    expect(entries[1].reason).toMatch(/stopped by SIGTERM/);
  });
});
