/**
 * Samples over 120 sandbox days in a real local store: reproducible from the seed and independent
 * of order, sizes from the configured frequency table, an auditor's own dates and items honoured,
 * and the evidence behind each item the store's own (snapshot excerpts, change records).
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE_SIZES } from '../../config/schema.ts';
import { parseConfigText, ConfigError } from '../../config/load-config.ts';
import { readItemsFile } from '../../fieldwork/read-items-file.ts';
import { drawSample, type DrawSampleOptions } from '../../fieldwork/sample.ts';
import { drawSeeded, seededRank } from '../../fieldwork/seeded-rank.ts';
import { canonicalJson } from '../../model/canonical-json.ts';
import type { SnapshotRecord } from '../../store/types.ts';
import { fieldworkStore, type FieldworkStore } from './year-store.ts';

let fw: FieldworkStore;
let records: Map<string, SnapshotRecord>;
const PERIOD = { from: '2026-01-01', to: '2026-04-30' };

beforeAll(async () => {
  fw = await fieldworkStore(120);
  records = new Map((await fw.store.listSnapshots()).map((r) => [r.id, r]));
}, 60_000);

afterAll(async () => {
  await fw?.remove();
});

function draw(options: Partial<DrawSampleOptions> & { population: string }) {
  return drawSample({ store: fw.store, request: PERIOD, sizes: { ...DEFAULT_SAMPLE_SIZES }, ...options });
}

async function itemsFile(name: string, lines: string[]): Promise<string> {
  const file = join(fw.dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('seeded selection', () => {
  it('gives the same sample for the same seed and another for another seed', async () => {
    const a = await draw({ population: 'config-changes', frequency: 'per-event', seed: 'acme-2026' });
    const b = await draw({ population: 'config-changes', frequency: 'per-event', seed: 'acme-2026' });
    const c = await draw({ population: 'config-changes', frequency: 'per-event', seed: 'acme-2026b' });
    expect(b).toEqual(a);
    expect(a.selection).toMatchObject({ method: 'seeded-rank', seed: 'acme-2026', size: 45, sizeFrom: 'config sampling.sizes.perEvent' });
    expect(c.items.map((i) => i.key)).not.toEqual(a.items.map((i) => i.key));
    expect(a.items.length).toBe(45);
  });

  it('does not depend on the order of the population, and a rank is what the documented shell recipe gives', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `item-${i}`);
    const reversed = [...keys].reverse();
    expect(drawSeeded('s', reversed, 7)).toEqual(drawSeeded('s', keys, 7));
    const shell = execFileSync('sh', ['-c', 'printf \'%s\\0%s\' "$0" "$1" | sha256sum', 'acme 2026', '2026-03-03 olga.weber.j6'], { encoding: 'utf8' });
    expect(shell.split(' ')[0]).toBe(seededRank('acme 2026', '2026-03-03 olga.weber.j6'));
  });
});

describe('sizes follow the frequency table', () => {
  it('uses the configured size per frequency, over days, weeks, months, quarters and the year', async () => {
    const expected = { daily: ['day', 30], weekly: ['week', 10], monthly: ['month', 4], quarterly: ['quarter', 2], annual: ['year', 1] } as const;
    for (const [frequency, [unit, size]] of Object.entries(expected)) {
      const s = await draw({ population: 'privilege-changes', frequency: frequency as keyof typeof expected, seed: 'x' });
      expect([s.population.unit, s.items.length], frequency).toEqual([unit, size]);
      for (const item of s.items) expect(item.snapshots!.length, `${frequency} ${item.key}`).toBeGreaterThan(0);
    }
    const days = await draw({ population: 'privilege-changes', frequency: 'daily', seed: 'x' });
    expect(days.population.size).toBe(120);
    for (const item of days.items) expect(item.key).toMatch(/^2026-0[1-4]-\d\d$/);
  });

  it('takes the sizes from the config, and --size over them', async () => {
    const s = await draw({ population: 'joiners', frequency: 'daily', seed: 'x', sizes: { ...DEFAULT_SAMPLE_SIZES, daily: 7 } });
    expect(s.items.length).toBe(7);
    const n = await draw({ population: 'joiners', frequency: 'daily', size: 3, seed: 'x' });
    expect([n.items.length, n.selection.method === 'seeded-rank' && n.selection.sizeFrom]).toEqual([3, '--size']);
  });

  it('validates the config\'s sampling section by field', () => {
    expect(parseConfigText('sources:\n  - name: prod\n', 'x').sampling.sizes).toEqual(DEFAULT_SAMPLE_SIZES);
    const problems = (text: string): string[] => {
      try {
        parseConfigText(text, 'x');
      } catch (err) {
        if (err instanceof ConfigError) return [...err.problems];
      }
      return [];
    };
    expect(problems('sources:\n  - name: prod\nsampling:\n  sizes:\n    daily: 0\n').join('\n')).toMatch(/sampling\.sizes\.daily: .*>=1/);
    expect(problems('sources:\n  - name: prod\nsampling:\n  sizes:\n    weekly: 2.5\n').join('\n')).toMatch(/sampling\.sizes\.weekly: expected int/);
    expect(problems('sources:\n  - name: prod\nsampling:\n  sizes:\n    hourly: 3\n').join('\n')).toMatch(/sampling\.sizes.*hourly/);
  });

  it('refuses a sample larger than its population', async () => {
    await expect(draw({ population: 'joiners', size: 500, seed: 'x' })).rejects.toMatchObject({ inputError: true, message: expect.stringMatching(/sample of 500 \(--size\) is larger than population joiners: it holds \d+ items/) });
    await expect(draw({ population: 'buckets', request: { asOf: '2026-02-01' }, frequency: 'daily', seed: 'x' })).rejects.toMatchObject({ message: expect.stringMatching(/sample of 30 \(config sampling.sizes.daily\) is larger than population buckets: it holds 8 items/) });
  });
});

describe("the auditor's own selection", () => {
  it('samples exactly the listed days, in the order given, each with its rows and their change records', async () => {
    const file = await itemsFile('days.txt', ['# chosen by the auditor', '2026-02-06', '', '2026-01-12', '2026-04-30']);
    const s = await draw({ population: 'config-changes', frequency: 'daily', items: await readItemsFile(file) });
    expect(s.items.map((i) => i.key)).toEqual(['2026-02-06', '2026-01-12', '2026-04-30']);
    expect(s.selection).toMatchObject({ method: 'auditor-list', file, size: 3 });
    for (const item of s.items) {
      expect(item.rows.length).toBeGreaterThan(0);
      expect(item.rows.every((r) => r.day === item.key)).toBe(true);
      expect(item.evidence.length).toBe(item.rows.length);
      expect(item.snapshots!.map((x) => x.scheduledFor.slice(0, 10))).toEqual([item.key]);
    }
  });

  it('samples the listed items by key; an unknown one is an error naming its line', async () => {
    const all = await draw({ population: 'joiners', size: 2, seed: 'pick' });
    const keys = all.items.map((i) => i.key);
    const s = await draw({ population: 'joiners', items: await readItemsFile(await itemsFile('keys.txt', keys)) });
    expect(s.items.map((i) => i.key)).toEqual(keys);
    const bad = await itemsFile('bad.txt', [keys[0]!, '2026-02-30 nobody']);
    await expect(draw({ population: 'joiners', items: await readItemsFile(bad) })).rejects.toMatchObject({ inputError: true, message: expect.stringContaining(`--items ${bad} line 2: "2026-02-30 nobody" is not in population joiners`) });
    await expect(readItemsFile(join(fw.dir, 'missing.txt'))).rejects.toMatchObject({ inputError: true, message: expect.stringMatching(/missing\.txt: cannot read it \(ENOENT\)/) });
  });
});

describe('the evidence behind each item', () => {
  it('an as-of item carries its resources from that day\'s snapshot, with the snapshot id and hash', async () => {
    const s = await draw({ population: 'iam-users', request: { asOf: '2026-03-10' }, size: 5, seed: 'users' });
    const snapshot = await fw.store.loadSnapshot(s.items[0]!.evidence[0]!.snapshotId);
    for (const item of s.items) {
      expect(item.evidence.length).toBe(1);
      const e = item.evidence[0]!;
      if (e.kind !== 'snapshot-excerpt') throw new Error('expected an excerpt');
      expect(e.snapshotId).toBe('bench/20260310T020000Z/bench-068');
      expect(e.snapshotSha256).toBe(records.get(e.snapshotId)!.snapshotSha256);
      const id = item.rows[0]!.resourceId;
      expect(e.resources.map((r) => r.type)).toEqual(['aws.iam.credentials', 'aws.iam.user']);
      expect(canonicalJson(e.resources)).toBe(canonicalJson(snapshot.resources.filter((r) => r.id === id)));
    }
  });

  it('a change item carries the change record and the two snapshots it compares', async () => {
    const s = await draw({ population: 'privilege-changes', frequency: 'per-event', size: 4, seed: 'priv' });
    for (const item of s.items) {
      const e = item.evidence[0]!;
      if (e.kind !== 'change-record') throw new Error('expected a change record');
      const after = records.get(e.snapshotId)!;
      const before = records.get(e.previousSnapshotId)!;
      expect([e.snapshotSha256, e.previousSnapshotSha256]).toEqual([after.snapshotSha256, before.snapshotSha256]);
      expect(after.previousId).toBe(before.id);
      const day = Math.round((Date.parse(after.scheduledFor) - fw.scenario.start.getTime()) / 86_400_000);
      const inScenario = fw.scenario.stateOn(day).resources.find((r) => r.id === e.change.id && r.type === e.change.type);
      expect(canonicalJson(e.change.after)).toBe(canonicalJson(inScenario));
      const earlier = fw.scenario.stateOn(day - 1).resources.find((r) => r.id === e.change.id && r.type === e.change.type);
      expect(canonicalJson(e.change.before)).toBe(canonicalJson(earlier));
    }
  });
});
