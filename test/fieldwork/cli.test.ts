/** `binder population` and `binder sample` end to end, in their own process, with exit codes. */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinder } from '../cli/run-binder.ts';
import { fieldworkStore, type FieldworkStore } from './year-store.ts';

let fw: FieldworkStore;
let config: string;

/** The error messages of a run (stderr is pino JSON lines when it is not a terminal). */
function errors(run: { stderr: string }): string {
  return run.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg)
    .join('\n');
}

beforeAll(async () => {
  fw = await fieldworkStore(40); // 2026-01-01 to 2026-02-09
  config = join(fw.dir, 'binder.config.yaml');
  await writeFile(config, `sources:\n  - name: bench\nstore:\n  type: local\n  path: ${join(fw.dir, 'evidence')}\nsampling:\n  sizes:\n    daily: 5\n`);
}, 60_000);

afterAll(async () => {
  await fw?.remove();
});

describe('binder population', () => {
  it('--list names every population and what it takes', async () => {
    const run = await runBinder(['population', '--list']);
    expect(run.code).toBe(0);
    for (const [name, takes] of [['iam-users', '--as-of'], ['joiners', '--from/--to'], ['leavers', '--from/--to'], ['privilege-changes', '--from/--to'], ['config-changes', '--from/--to'], ['buckets', '--as-of'], ['access-review', '--from/--to']] as [string, string][]) {
      expect(run.stdout).toMatch(new RegExp(`^${name} +${takes.replace(/\//g, '\\/')} `, 'm'));
    }
  });

  it('writes an as-of population as CSV naming its snapshot', async () => {
    const run = await runBinder(['population', 'iam-users', '--as-of', '2026-01-20', '-c', config]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# as of 2026-01-20: snapshot bench/20260120T020000Z/bench-019');
    const rows = parse(run.stdout, { comment: '#', columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(fw.scenario.stateOn(19).resources.filter((r) => r.type === 'aws.iam.user').length);
    expect(rows.every((r) => r.snapshotId === 'bench/20260120T020000Z/bench-019')).toBe(true);
  });

  it('writes a period population as JSON to --out', async () => {
    const out = join(fw.dir, 'joiners.json');
    const run = await runBinder(['population', 'joiners', '--from', '2026-01-01', '--to', '2026-02-09', '--format', 'json', '--out', out, '-c', config]);
    expect(run.code, run.stderr).toBe(0);
    const p = JSON.parse(await readFile(out, 'utf8')) as { name: string; scope: { kind: string; snapshots: unknown[] }; rows: { userName: string }[] };
    expect([p.name, p.scope.kind, p.scope.snapshots.length]).toEqual(['joiners', 'period', 40]);
    const created = fw.scenario.lifecycleEvents.filter((e) => e.kind === 'user-created' && e.day < 40);
    expect(p.rows.length).toBe(created.length);
  });

  it('exits 2 and writes nothing on bad input, saying what was wrong', async () => {
    const out = join(fw.dir, 'never.csv');
    const cases: [string[], RegExp][] = [
      [['population', 'users', '--as-of', '2026-01-05'], /unknown population "users"; known: iam-users/],
      [['population', 'joiners', '--as-of', '2026-01-05'], /joiners covers a period/],
      [['population', 'buckets', '--from', '2026-01-01', '--to', '2026-01-05'], /buckets is as of a date/],
      [['population', 'joiners', '--from', '2026-01-01', '--to', '2026-03-01'], /not within the stored snapshots: .*2026-01-01 to 2026-02-09/],
      [['population', 'joiners', '--from', '2026-01-09', '--to', '2026-01-02'], /--from 2026-01-09 is after --to 2026-01-02/],
      [['population', 'joiners', '--from', '2026-02-30', '--to', '2026-03-01'], /not a calendar date/],
    ];
    for (const [args, message] of cases) {
      const run = await runBinder([...args, '--out', out, '-c', config]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(errors(run), args.join(' ')).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('binder sample', () => {
  it('draws the configured daily size by seed, the same again, with the evidence in JSON', async () => {
    const args = ['sample', '--population', 'config-changes', '--from', '2026-01-01', '--to', '2026-02-09', '--frequency', 'daily', '--seed', 'fy2026', '-c', config];
    const first = await runBinder(args);
    const second = await runBinder(args);
    expect(first.code, first.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const s = JSON.parse(first.stdout) as { selection: { seed: string; sizeFrom: string }; items: { key: string; evidence: { kind: string }[] }[] };
    expect(s.selection).toMatchObject({ seed: 'fy2026', sizeFrom: 'config sampling.sizes.daily' });
    expect(s.items.length).toBe(5);
    expect(s.items.flatMap((i) => i.evidence).every((e) => e.kind === 'change-record')).toBe(true);
  });

  it("takes the auditor's dates, and exits 2 naming the line of one outside the population", async () => {
    const good = join(fw.dir, 'dates.txt');
    await writeFile(good, '2026-01-12\n2026-01-22\n');
    const out = join(fw.dir, 'sample.csv');
    const run = await runBinder(['sample', '--population', 'joiners', '--from', '2026-01-01', '--to', '2026-02-09', '--frequency', 'daily', '--items', good, '--format', 'csv', '--out', out, '-c', config]);
    expect(run.code, run.stderr).toBe(0);
    const rows = parse(await readFile(out, 'utf8'), { comment: '#', columns: true }) as Record<string, string>[];
    expect([...new Set(rows.map((r) => r.sampleItem))]).toEqual(['2026-01-12', '2026-01-22']);

    const bad = join(fw.dir, 'bad-dates.txt');
    await writeFile(bad, '2026-01-12\n2026-03-15\n');
    const refused = await runBinder(['sample', '--population', 'joiners', '--from', '2026-01-01', '--to', '2026-02-09', '--frequency', 'daily', '--items', bad, '--out', join(fw.dir, 'no.json'), '-c', config]);
    expect(refused.code).toBe(2);
    expect(errors(refused)).toContain(`--items ${bad} line 2: "2026-03-15" is not in population joiners`);
    expect(existsSync(join(fw.dir, 'no.json'))).toBe(false);
  });

  it('exits 2 for a sample larger than its population', async () => {
    const run = await runBinder(['sample', '--population', 'buckets', '--as-of', '2026-01-05', '--size', '9', '--seed', 'x', '-c', config]);
    expect(run.code).toBe(2);
    expect(errors(run)).toMatch(/sample of 9 \(--size\) is larger than population buckets: it holds 8 items/);
  });
});
