/**
 * `binder verify` on inputs built to exhaust it: it gives a verdict naming the entry, reads no more
 * than its caps, and runs in a child process whose heap is capped far below what the attacks needed
 * (6.9 GB and 1 GB before), so a structure growing with the input would crash it instead of passing.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinder } from '../../binder/build-binder.ts';
import { MANIFEST_FILE, SUMS_FILE } from '../../binder/manifest.ts';
import { verifyBinder } from '../../binder/verify-binder.ts';
import { manifestBudget } from '../../binder/verify/read-manifest.ts';
import { measureJson } from '../../binder/verify/json-budget.ts';
import { runBinder } from '../cli/run-binder.ts';
import { buildFixture } from './fixtures.ts';
import { entry, replaceEntry, type Entry } from './forge.ts';
import { craftZip, readZipEntries, type CraftEntry } from './zip-craft.ts';

const HEAP = { NODE_OPTIONS: '--max-old-space-size=128' };
const MiB = 1024 ** 2;

let dir: string;
let genuine: Entry[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-verify-limits-'));
  const f = buildFixture();
  const built = await buildBinder({ evaluation: f.evaluation, store: f.store, drift: f.drift(), outPath: join(dir, 'genuine.zip'), signingKey: generateKeyPairSync('ed25519').privateKey });
  genuine = await readZipEntries(built.zipPath);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function zipOf(entries: readonly CraftEntry[]): Promise<string> {
  const path = join(dir, `crafted-${++counter}.zip`);
  await writeFile(path, craftZip(entries));
  return path;
}

describe('binder verify within its limits', () => {
  it('refuses a SHA256SUMS over 64 MiB by its declared size, and one that lies about its size by what it holds', async () => {
    const body = Buffer.alloc(70 * MiB, 'f00d  evidence/x.json\n');
    const stored = replaceEntry(genuine, SUMS_FILE, body).map((e) => (e.name === SUMS_FILE ? { ...e, method: 0 as const } : e));
    const declared = await zipOf(stored);
    const r = await runBinder(['verify', declared, '--json'], HEAP);
    expect(r.code, r.stderr).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.problems).toContainEqual({
      path: SUMS_FILE,
      message: `uncompressed size ${body.length} bytes exceeds the ${64 * MiB} bytes verify reads for SHA256SUMS (no binder's is that large); refused, not read`,
    });
    expect(result.bytesHashed).toBeLessThan(2 * MiB);

    // Deflated: yauzl itself rejects a stored entry whose two sizes differ, as a damaged ZIP.
    const lying = await zipOf(stored.map((e) => (e.name === SUMS_FILE ? { ...e, method: 8 as const, declaredSize: 4096 } : e)));
    const l = await verifyBinder(lying);
    expect(l.status).toBe('tampered');
    expect(l.problems.find((p) => p.path === SUMS_FILE)?.message).toMatch(/^cannot read: /);
  });

  it('reads no more SHA256SUMS lines than the ZIP has entries, and reports the first 200 problems and how many more', async () => {
    const lines = Array.from({ length: 2_000_000 }, (_, i) => `not a checksum line ${i}`).join('\n');
    const zip = await zipOf(replaceEntry(genuine, SUMS_FILE, Buffer.from(lines)));
    const r = await verifyBinder(zip);
    expect(r.status).toBe('tampered');
    const sums = r.problems.filter((p) => p.path === SUMS_FILE);
    expect(sums.filter((p) => /^line \d+ is not/.test(p.message))).toHaveLength(genuine.length);
    expect(sums).toContainEqual({ path: SUMS_FILE, message: `has more than ${genuine.length} lines, more than the ZIP has entries; the rest was not read` });

    const many = await zipOf([...genuine, ...Array.from({ length: 450 }, (_, i) => ({ name: `evidence/extra/${i}.json`, data: Buffer.from('{}'), method: 0 as const }))]);
    const m = await verifyBinder(many);
    expect(m.problems).toHaveLength(200);
    expect(m.problems.length + m.problemsOmitted).toBeGreaterThanOrEqual(450);
    const cli = await runBinder(['verify', many], HEAP);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`  ... and ${m.problemsOmitted} more problems`);
    expect(cli.stdout.trimEnd().split('\n')).toHaveLength(1 + 200 + 1);
  });

  it('refuses a manifest shaped to blow up JSON.parse before parsing it, within a 128 MB heap', async () => {
    const objects = `[${'{},'.repeat(10 * MiB)}{}]`;
    const keys = `{${Array.from({ length: 500_000 }, (_, i) => `"k${i}":0`).join(',')}}`;
    for (const [text, why] of [
      [objects, /^holds more than \d+ objects and arrays, more than a manifest of a \d+-entry binder can; refused, not parsed$/],
      [keys, /^has an object with more than 64 keys/],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, /^nests more than 16 levels deep/],
    ] as const) {
      // Stored, so the compression-ratio guard does not refuse it first.
      const zip = await zipOf(replaceEntry(genuine, MANIFEST_FILE, Buffer.from(text)).map((e) => (e.name === MANIFEST_FILE ? { ...e, method: 0 as const } : e)));
      const r = await runBinder(['verify', zip, '--json'], HEAP);
      expect(r.code, r.stderr.slice(0, 500)).toBe(1);
      const problem = JSON.parse(r.stdout).problems.find((p: { path: string }) => p.path === MANIFEST_FILE);
      expect(problem?.message).toMatch(why);
    }
  });

  it('leaves a genuine manifest far inside its budget', () => {
    const bytes = entry(genuine, MANIFEST_FILE).data;
    const budget = manifestBudget(bytes.length, genuine.length);
    const shape = measureJson(bytes, budget);
    expect(shape.tokens).toBeLessThan(budget.tokens / 2);
    expect(shape.containers).toBeLessThan(budget.containers / 2);
    expect(shape.keys).toBeLessThanOrEqual(16);
    expect(shape.depth).toBeLessThanOrEqual(5);
  });
});
