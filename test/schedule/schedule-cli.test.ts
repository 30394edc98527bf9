/**
 * `binder schedule` on the wall clock, as a process, against the sandbox: a slot every 6 seconds
 * gives consecutive snapshots; /healthz and /metrics answer (the metrics parse as Prometheus text);
 * a webhook receiver gets exactly one alert for a failed run and one for the recovery; SIGTERM in
 * the middle of a run stops it cleanly, a restart carries on, and `binder store verify` passes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../sandbox/scenario.ts';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { awsEnv, runBinder } from '../cli/run-binder.ts';
import { parsePrometheusText } from '../observability/prometheus-text.ts';

const BIN = new URL('../../bin/binder.js', import.meta.url).pathname;
const SLOT_SECONDS = 6;

interface Entry {
  seq: number;
  status: string;
  runId: string;
  scheduledFor: string;
  startedSeq: number | null;
  reason: string | null;
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('binder schedule on the wall clock', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  let receiver: Server;
  const alerts: { text: string; binder: { kind: string; source: string; runId: string | null } }[] = [];
  let config: string;
  const env = awsEnv();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-schedule-'));
    sandbox = await startSandbox({ scenario: buildScenario({ seed: 'schedule', size: 'demo', days: 30 }), day: 3 });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        alerts.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    config = join(dir, 'binder.config.yaml');
    await writeFile(
      config,
      [
        'sources:',
        '  - name: prod',
        `    endpoint: ${sandbox.endpoint}`,
        'store:',
        '  type: local',
        '  path: ./evidence',
        'schedule:',
        `  cron: "*/${SLOT_SECONDS} * * * * *"`,
        '  graceMinutes: 1',
        'alerts:',
        '  attempts: 2',
        '  webhook:',
        `    url: ${hook}`,
        '    timeoutSeconds: 5',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await sandbox?.close();
    await new Promise((r) => receiver?.close(r));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function ledger(): Promise<Entry[]> {
    const folder = join(dir, 'evidence', 'ledger');
    const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
    return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(folder, n), 'utf8')) as Entry));
  }
  const successes = async () => (await ledger()).filter((e) => e.status === 'success');

  function startScheduler(): { child: ChildProcess; output: () => string; url: Promise<string>; exited: Promise<number | null> } {
    const child = spawn(process.execPath, [BIN, 'schedule', '--config', config, '--listen', '127.0.0.1:0', '--stop-timeout', '20s', '--json'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let resolveUrl: (u: string) => void;
    const url = new Promise<string>((r) => (resolveUrl = r));
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => {
      out += d;
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    return { child, output: () => out, url, exited };
  }

  it('collects consecutive slots, serves metrics, alerts once per failure and recovery, stops cleanly and carries on', { timeout: 300_000 }, async () => {
    const first = startScheduler();
    const url = await Promise.race([first.url, first.exited.then((c) => Promise.reject(new Error(`schedule exited ${c}:\n${first.output()}`)))]);

    // Three successful runs in consecutive slots.
    const three = await until('3 successful runs', async () => ((await successes()).length >= 3 ? successes() : null));
    const slots = three.map((e) => Date.parse(e.scheduledFor));
    for (let i = 1; i < 3; i++) expect(slots[i]! - slots[i - 1]!, first.output()).toBe(SLOT_SECONDS * 1000);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const families = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
    const value = (name: string, labels: Record<string, string>) =>
      families.get(name)?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('binder_collection_runs_total', { source: 'prod', outcome: 'success' })).toBeGreaterThanOrEqual(3);
    expect(value('binder_last_success_timestamp_seconds', { source: 'prod' })).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(value('binder_api_calls_total', { source: 'prod', service: 'iam' })).toBeGreaterThan(0);
    expect(families.get('binder_missed_slots')?.type).toBe('gauge');
    expect(families.get('binder_collection_duration_seconds')?.type).toBe('histogram');

    // One run is denied by IAM: exactly one failure alert, then exactly one recovery alert.
    const before = (await ledger()).length;
    sandbox.faults.script({ operation: 'GetAccountAuthorizationDetails', kind: 'denied', count: 1 });
    const failed = await until('a failed run', async () => (await ledger()).slice(before).find((e) => e.status === 'failed'));
    expect(failed.reason).toMatch(/GetAccountAuthorizationDetails/);
    await until('a success after the failure', async () => (await ledger()).find((e) => e.seq > failed.seq && e.status === 'success'));
    await until('two alerts', async () => alerts.length >= 2);
    await new Promise((r) => setTimeout(r, 1000));
    expect(alerts.map((a) => a.binder.kind)).toEqual(['run-failed', 'recovered']);
    expect(alerts[0]!.binder.runId).toBe(failed.runId);
    expect(alerts[0]!.text).toMatch(/prod/);

    // SIGTERM in the middle of a slow run: it is given --stop-timeout to finish, and the process exits 0.
    sandbox.faults.configure({ latencyMs: 150 });
    const started = await until('a run in progress', async () => {
      const entries = await ledger();
      const finished = new Set(entries.map((e) => e.startedSeq));
      return entries.find((e) => e.status === 'started' && !finished.has(e.seq) && e.seq > failed.seq);
    });
    first.child.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe(0);
    const afterStop = await ledger();
    const finish = afterStop.find((e) => e.startedSeq === started.seq);
    expect(finish?.status, first.output()).toMatch(/^(success|failed)$/);

    // Restarted, it carries on.
    sandbox.faults.configure({ latencyMs: 0 });
    const count = (await successes()).length;
    const second = startScheduler();
    await until('a success after the restart', async () => (await successes()).length > count);
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output()).toBe(0);

    const verified = await runBinder(['store', 'verify', '--config', config, '--json'], env, { isolateAws: true });
    expect(verified.code, verified.out).toBe(0);
    const status = await runBinder(['status', '--config', config, '--max-age', '5m', '--json'], env, { isolateAws: true });
    expect(status.code, status.out).toBe(0);
    expect(JSON.parse(status.stdout).sources[0].counts.filled).toBeGreaterThanOrEqual(4);
  });
});
