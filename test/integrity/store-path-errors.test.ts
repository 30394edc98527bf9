/**
 * A wrong store.path is a usage error naming the field and what is wrong (exit 2), for every
 * command, and never a raw errno, an empty store created or accepted, or a walk that never ends.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { awsEnv, runBinder } from '../cli/run-binder.ts';

describe('store.path errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-path-'));
    await writeFile(join(dir, 'a-file'), 'not a folder');
    await mkdir(join(dir, 'not-a-store'));
    await writeFile(join(dir, 'not-a-store', 'notes.txt'), 'someone else\'s folder');
    await mkdir(join(dir, 'read-only'));
    await chmod(join(dir, 'read-only'), 0o555);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function withPath(path: string, args: string[]) {
    const config = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
    // The endpoint is never reached: every case fails before collection starts.
    await writeFile(config, `sources:\n  - name: s\n    endpoint: http://127.0.0.1:9\nstore:\n  type: local\n  path: ${JSON.stringify(path)}\n`);
    return runBinder([...args, '--config', config], awsEnv(generateFakeCredentials()), { isolateAws: true });
  }

  const cases: [string, () => string, RegExp, string[][]][] = [
    ['a file', () => join(dir, 'a-file'), /is a file, not a folder/, [['collect'], ['store', 'verify'], ['snapshots', 'list']]],
    ['under a file', () => join(dir, 'a-file', 'evidence'), /a parent of .* is a file/, [['collect'], ['store', 'verify']]],
    ['inside /proc', () => '/proc/self/fd', /inside \/proc, a kernel filesystem/, [['collect'], ['store', 'verify'], ['build', '--from', '2026-01-01', '--to', '2026-01-02', '--unsigned']]],
    ['missing (a typo)', () => join(dir, 'evidnce'), /does not exist/, [['store', 'verify'], ['build', '--from', '2026-01-01', '--to', '2026-01-02', '--unsigned'], ['snapshots', 'list']]],
    ['a folder that is not a store', () => join(dir, 'not-a-store'), /not a binder evidence store|not empty and is not a binder evidence store/, [['collect'], ['store', 'verify'], ['evaluate', '--from', '2026-01-01', '--to', '2026-01-02']]],
  ];
  for (const [name, path, message, commands] of cases) {
    it(`exits 2 naming store.path when it is ${name}`, { timeout: 60_000 }, async () => {
      for (const args of commands) {
        const run = await withPath(path(), args);
        expect(run.code, `${args.join(' ')}: ${run.out}`).toBe(2);
        expect(run.out, args.join(' ')).toMatch(/store\.path/);
        expect(run.out, args.join(' ')).toMatch(message);
        expect(run.out).not.toMatch(/EACCES|ENOTDIR|ENOENT/);
      }
    });
  }

  it('exits 2 when the folder is not writable by this user', { timeout: 60_000 }, async (ctx) => {
    if (process.getuid?.() === 0) return ctx.skip(); // root writes anywhere: nothing to test as root
    const run = await withPath(join(dir, 'read-only'), ['collect']);
    expect(run.code, run.out).toBe(2);
    expect(run.out).toMatch(/store\.path.*not writable/);
  });
});
