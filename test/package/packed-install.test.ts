/**
 * The package a user installs: `npm pack`, then in an empty folder `npm install <tarball>` and
 * `npx binder demo --days 30`, with neither the repository nor its dev dependencies. Also the
 * startup benchmark at its smallest (one run of each case; no timing assertion).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedPackages, packAndInstall, type InstalledPackage } from '../../bench/package-install.ts';
import { measureStartup } from '../../bench/startup.ts';

const run = promisify(execFile);
const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the packed package, installed in an empty folder', () => {
  let work: string;
  let installed: InstalledPackage;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'binder-pack-'));
    installed = await packAndInstall(work);
  }, 15 * 60_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('holds the compiled JavaScript and no tests, benchmarks, CI scripts or TypeScript sources', () => {
    const files = installed.files;
    expect(files).toContain('package/bin/binder.js');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dist/sandbox/sandbox-worker.js');
    expect(files).toContain('package/package.json');
    const stray = files.filter((f) => /^package\/(test|bench|scripts|\.ci|node_modules)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.tgz'));
    expect(stray).toEqual([]);
  });

  it('installs the runtime dependencies alone: no tsx, TypeScript or vitest', async () => {
    const names = await installedPackages(installed.dir);
    for (const dep of Object.keys(pkg.dependencies)) expect(names).toContain(dep);
    for (const dev of ['tsx', 'typescript', 'vitest', 'eslint', 'esbuild']) expect(names).not.toContain(dev);
  });

  it('starts from compiled JavaScript: --version and --help', async () => {
    const version = await run(process.execPath, [installed.bin, '--version'], { cwd: installed.dir });
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await run(process.execPath, [installed.bin, '--help'], { cwd: installed.dir });
    expect(help.stdout).toContain('binder demo');
    expect(help.stdout).toContain('store verify');
  });

  it('runs `npx binder demo --days 30` there, and the binder it builds verifies', async () => {
    // PATH without the repository's node_modules/.bin, so npx can only find the installed binder.
    const env = { ...process.env, PATH: (process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules')).join(':') };
    const demo = await run('npx', ['--no-install', 'binder', 'demo', '--days', '30'], { cwd: installed.dir, env, timeout: 10 * 60_000, maxBuffer: 64 * 2 ** 20 });
    expect(demo.stdout).toMatch(/verify: +VALID/);
    const zip = /binder: +(\S+\.zip)/.exec(demo.stdout)?.[1];
    const fingerprint = /--fingerprint ([0-9a-f]{64})/.exec(demo.stdout)?.[1];
    expect(zip).toBeDefined();
    expect(fingerprint).toBeDefined();
    const verified = await run(process.execPath, [installed.bin, 'verify', zip!, '--fingerprint', fingerprint!], { cwd: installed.dir });
    expect(verified.stdout).toMatch(/^VALID: /);
  }, 10 * 60_000);

  it('the startup benchmark runs (one process per case)', async () => {
    const figures = await measureStartup(installed.bin, 1);
    for (const v of [figures.packageHelp, figures.packageVersion, figures.cloneHelp, figures.cloneVersion, figures.bareNode]) expect(v).toBeGreaterThan(0);
  }, 5 * 60_000);
});
