/**
 * The `binder` command as a person or a scheduler runs it: a real process, a config file, the
 * sandbox as the AWS endpoint, a local evidence folder. Exit codes and messages are the contract.
 */
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../sandbox/scenario.ts';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { awsEnv, runBinder } from './run-binder.ts';

const binder = (args: string[], env: Record<string, string> = {}) => runBinder(args, env);

describe('binder CLI', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  let config: string;
  const env = awsEnv();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-cli-'));
    sandbox = await startSandbox({ scenario: buildScenario({ seed: 'cli', size: 'demo', days: 30 }), day: 5 });
    config = join(dir, 'binder.config.yaml');
    await writeFile(
      config,
      // A daily slot whose grace time is the whole day: every run of this test falls in today's slot.
      `organization: CLI Test Org\nsources:\n  - name: sandbox\n    endpoint: ${sandbox.endpoint}\nstore:\n  type: local\n  path: ./evidence\nschedule:\n  cron: '0 0 * * *'\n  graceMinutes: 1440\n`,
    );
  });

  afterAll(async () => {
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints help listing every command, and help per command', async () => {
    const main = await binder(['--help']);
    expect(main.code).toBe(0);
    for (const c of ['demo', 'collect', 'snapshots list', 'store verify', 'evaluate', 'build', 'verify', 'keys generate', 'sandbox']) {
      expect(main.stdout).toContain(c);
    }
    const collect = await binder(['collect', '--help']);
    expect(collect.code).toBe(0);
    expect(collect.stdout).toMatch(/Usage: binder collect/);
    expect(collect.stdout.match(/--source/g)).toHaveLength(1);
    expect(collect.stdout.match(/--json/g)).toHaveLength(1);
  });

  it('prints help and exits 2 without a command, and prints the version', async () => {
    const bare = await binder([]);
    expect(bare.code).toBe(2);
    expect(bare.out).toMatch(/Usage: binder <command>/);
    const group = await binder(['store']);
    expect(group.code).toBe(2);
    expect(group.out).toMatch(/Usage: binder store <command>[\s\S]*verify/);
    const version = await binder(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown command and an unknown flag with exit code 2', async () => {
    expect((await binder(['colect'])).code).toBe(2);
    const bad = await binder(['collect', '--sauce', 'x', '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--sauce/);
    // stderr is not a terminal here: the error is a pino JSON line naming the option and the help.
    const line = JSON.parse(bad.stderr.trim()) as { level: string; time: string; msg: string };
    expect(line).toEqual({ level: 'error', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: expect.stringContaining("unknown option '--sauce'") });
    expect(line.msg).toContain('binder collect --help');
    const missing = await binder(['build', '--config', config, '--from', '2026-01-01']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--to <date>' not specified/);
  });

  it('names the bad field of a broken config and exits 2', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'sources:\n  - name: Prod\n    regions: [nowhere]\n');
    const run = await binder(['collect', '--config', broken], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('broken.yaml');
    expect(run.stderr).toMatch(/sources\[0\]\.name/);
    expect(run.stderr).toMatch(/sources\[0\]\.regions\[0\]/);
  });

  it('collects a snapshot, lists it, shows it, and verifies the store', async () => {
    const collect = await binder(['collect', '--config', config], env);
    expect(collect.code, collect.stderr).toBe(0);
    expect(collect.stdout).toMatch(/sandbox: ok\s+snapshot sandbox\//);

    const list = await binder(['snapshots', 'list', '--config', config, '--json'], env);
    expect(list.code).toBe(0);
    const records = JSON.parse(list.stdout) as { id: string; resourceCount: number }[];
    expect(records).toHaveLength(1);

    const show = await binder(['snapshots', 'show', records[0]!.id, '--config', config], env);
    expect(show.code).toBe(0);
    const snapshot = JSON.parse(show.stdout) as { resources: unknown[]; provenance: { accountId: string; calls: unknown[] } };
    expect(snapshot.resources).toHaveLength(records[0]!.resourceCount);
    expect(snapshot.provenance.calls.length).toBeGreaterThan(10);

    const verify = await binder(['store', 'verify', '--config', config], env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/OK: evidence intact/);
  });

  it('skips a source whose slot is filled, takes an off-schedule snapshot on request, and lists it as off-schedule', async () => {
    const again = await binder(['collect', '--config', config], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/sandbox: slot \S+ already filled by run \S+ \(.+, pid \d+, claimed \S+\); snapshot sandbox\/\S+; nothing collected/);

    const extra = await binder(['collect', '--config', config, '--off-schedule'], env);
    expect(extra.code, extra.stderr).toBe(0);
    expect(extra.stdout).toMatch(/sandbox: ok\s+snapshot sandbox\/.*off-schedule: \S/);
    // Its logs are pino lines, each carrying the run's source and runId.
    const logs = extra.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of logs) expect(Object.keys(l).slice(0, 2)).toEqual(['level', 'time']);
    expect(logs.find((l) => l.msg === 'source collection started')).toMatchObject({ level: 'info', source: 'sandbox', runId: expect.any(String) });

    const listed = await binder(['snapshots', 'list', '--config', config, '--json'], env);
    const records = JSON.parse(listed.stdout) as { offSchedule: boolean; evidence: boolean }[];
    expect(records.map((r) => [r.offSchedule, r.evidence])).toEqual([
      [false, true],
      [true, true],
    ]);
    const text = await binder(['snapshots', 'list', '--config', config], env);
    expect(text.stdout.split('\n').filter((l) => / {2}off-schedule/.test(l))).toHaveLength(1);
  });

  it('exits 1 when a source fails, and the ledger says why', async () => {
    // Off-schedule, so the run is not skipped for the slot the first collect filled.
    const run = await binder(['collect', '--config', config, '--off-schedule'], { ...env, AWS_SECRET_ACCESS_KEY: 'wrong-secret-for-this-test' });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/FAILED.*SignatureDoesNotMatch|SignatureDoesNotMatch/s);
    expect(run.stdout + run.stderr).not.toContain('wrong-secret-for-this-test');
    const ledgerDir = join(dir, 'evidence', 'ledger');
    const entries = (await readdir(ledgerDir)).filter((f) => f.endsWith('.json')).sort();
    const last = JSON.parse(await readFile(join(ledgerDir, entries[entries.length - 1]!), 'utf8')) as { status: string; reason: string };
    expect(last.status).toBe('failed');
    expect(last.reason).toMatch(/SignatureDoesNotMatch/);
  });

  it('evaluates the period and refuses to build unsigned without --unsigned', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const evaluate = await binder(['evaluate', '--config', config, '--from', today, '--to', today], env);
    expect(evaluate.code, evaluate.stderr).toBe(0);
    expect(evaluate.stdout).toMatch(/CC6\.1/);
    const badDate = await binder(['evaluate', '--config', config, '--from', '2026-02-30', '--to', today], env);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/not a calendar date/);

    const build = await binder(['build', '--config', config, '--from', today, '--to', today, '--out', join(dir, 'b.zip')], env);
    expect(build.code).toBe(2);
    expect(build.stderr).toMatch(/no signing key configured.*--unsigned/s);
  });

  it('generates a key, builds a signed binder, verifies it, and catches tampering', async () => {
    const keys = await binder(['keys', 'generate', '--out', join(dir, 'keys')]);
    expect(keys.code, keys.stderr).toBe(0);
    const again = await binder(['keys', 'generate', '--out', join(dir, 'keys')]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/exists/);

    await writeFile(config, `${await readFile(config, 'utf8')}signing:\n  privateKeyPath: ./keys/binder-signing-key.pem\n`);
    const today = new Date().toISOString().slice(0, 10);
    const zip = join(dir, 'binder.zip');
    const build = await binder(['build', '--config', config, '--from', today, '--to', today, '--out', zip], env);
    expect(build.code, build.stderr).toBe(0);

    const verify = await binder(['verify', zip, '--key', join(dir, 'keys', 'binder-signing-key.pub.pem')]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/VALID/);

    const bytes = await readFile(zip);
    // A byte inside the compressed data of an entry (past the first local header).
    const at = Math.floor(bytes.length / 3);
    bytes[at] = bytes[at]! ^ 0x01;
    const tampered = join(dir, 'tampered.zip');
    await writeFile(tampered, bytes);
    const bad = await binder(['verify', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/TAMPERED/);

    const missing = await binder(['verify', join(dir, 'nope.zip')]);
    expect(missing.code).toBe(2);
  });

  it('reports a flipped byte in stored evidence, naming the object', async () => {
    const packs = join(dir, 'evidence', 'packs');
    const name = (await readdir(packs)).find((f) => f.endsWith('.gz'))!;
    const file = join(packs, name);
    await chmod(file, 0o644);
    const bytes = await readFile(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    await writeFile(file, bytes);
    const verify = await binder(['store', 'verify', '--config', config], env);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`packs/${name}`);
    expect(verify.stdout).toMatch(/FAILED/);
  });
});
