/**
 * Crash consistency: a collection run killed with SIGKILL right after each of its write steps
 * (BINDER_CRASH_AT_STEP=k, see store/crash-point.ts) leaves a store that verifies, and the next
 * collect records the killed run as interrupted through an appended ledger entry, never as tampering.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../sandbox/scenario.ts';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { awsEnv, runBinder } from '../cli/run-binder.ts';

describe('a collection run killed after any write step', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  let config: string;
  const env = awsEnv();
  const binder = (args: string[], extra: Record<string, string> = {}) => runBinder([...args, '--config', config], { ...env, ...extra }, { isolateAws: true });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-crash-'));
    sandbox = await startSandbox({ scenario: buildScenario({ seed: 'crash', size: 'demo', days: 60 }), day: 3 });
    config = join(dir, 'binder.config.yaml');
    // A slot every second, so each collect below fills its own slot and claims it (the claim's writes are crash steps too).
    await writeFile(config, `sources:\n  - name: sandbox\n    endpoint: ${sandbox.endpoint}\nstore:\n  type: local\n  path: ./evidence\nschedule:\n  cron: "* * * * * *"\n  graceMinutes: 1\n`);
  });
  afterAll(async () => {
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function ledger(): Promise<{ seq: number; status: string; runId: string; startedSeq: number | null; reason: string | null; snapshotId: string | null }[]> {
    const folder = join(dir, 'evidence', 'ledger');
    const names = (await readdir(folder)).filter((n) => n.endsWith('.json')).sort();
    return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(folder, n), 'utf8'))));
  }

  it('leaves a verifying store and an interrupted entry for every k', { timeout: 600_000 }, async () => {
    // A first snapshot, so the runs below store deltas (pack, record) like every day but the first.
    const first = await binder(['collect']);
    expect(first.code, first.out).toBe(0);
    // The organization changes every day, so each run stores a delta pack as well as its record.
    let day = 4;
    sandbox.setDay(day++);
    const traced = await binder(['collect'], { BINDER_CRASH_TRACE: '1' });
    expect(traced.code).toBe(0);
    const steps = traced.stderr.split('\n').filter((l) => l.startsWith('binder-crash-point ')).map((l) => l.replace(/^binder-crash-point \d+ /, ''));
    // claim, started entry, pack, record, finish entry: three steps each (temps, object, checksum), then "recorded".
    expect(steps.length).toBeGreaterThanOrEqual(16);
    expect(steps.some((s) => s.includes('claims/sandbox/'))).toBe(true);

    const verdicts: string[] = [];
    const orphans: string[] = [];
    for (let k = 1; k <= steps.length; k++) {
      const before = (await ledger()).length;
      sandbox.setDay(day++);
      const killed = await binder(['collect'], { BINDER_CRASH_AT_STEP: String(k) });
      expect(killed.code, `step ${k} (${steps[k - 1]}): the run must have been killed`).toBeNull();

      const afterCrash = await binder(['store', 'verify', '--json']);
      expect(afterCrash.code, `store verify after a crash at step ${k} (${steps[k - 1]}):\n${afterCrash.stdout}`).toBe(0);

      sandbox.setDay(day++);
      const next = await binder(['collect']);
      expect(next.code, `collect after a crash at step ${k}:\n${next.out}`).toBe(0);
      const entries = (await ledger()).slice(before);
      const killedStart = entries.find((e) => e.status === 'started');
      const interrupted = entries.find((e) => e.status === 'interrupted');
      const finishedByItself = killedStart && entries.some((e) => e.startedSeq === killedStart.seq && e.status === 'success');
      // Killed before its start entry existed: nothing to report. After it finished: nothing to report either.
      if (killedStart && !finishedByItself) {
        expect(interrupted, `crash at step ${k} (${steps[k - 1]}): the next collect records the killed run`).toBeDefined();
        expect(interrupted!.startedSeq).toBe(killedStart.seq);
        expect(interrupted!.reason).toMatch(/ended without recording a result/);
      } else {
        expect(interrupted).toBeUndefined();
      }

      const verified = await binder(['store', 'verify', '--json']);
      expect(verified.code, `store verify after recovery from step ${k}:\n${verified.stdout}`).toBe(0);
      const report = JSON.parse(verified.stdout) as { problems: { severity: string; message: string }[] };
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
      // A record the killed run left is listed, and marked as not evidence.
      const listed = JSON.parse((await binder(['snapshots', 'list', '--json'])).stdout) as { id: string; evidence: boolean }[];
      if (interrupted?.snapshotId) orphans.push(interrupted.snapshotId);
      expect(listed.filter((r) => !r.evidence).map((r) => r.id).sort()).toEqual([...orphans].sort());
      verdicts.push(`step ${String(k).padStart(2)} ${steps[k - 1]}: ${interrupted ? 'interrupted entry appended' : 'nothing to record'}; store verifies`);
    }
    process.stdout.write(`crash-at-every-step:\n${verdicts.map((v) => `  ${v}`).join('\n')}\n`);
  });
});
