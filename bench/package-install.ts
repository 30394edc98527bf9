/**
 * The package as a user gets it: `npm pack` of this checkout (prepack compiles dist/), then
 * `npm install <tarball>` into an empty folder, where only the runtime dependencies are
 * installed. Used by the startup benchmark and by the packed-install test.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface InstalledPackage {
  tarball: string;
  /** Paths inside the tarball ("package/dist/cli/main.js" ...). */
  files: string[];
  /** The folder it was installed into (node_modules/soc2-binder, node_modules/.bin/binder). */
  dir: string;
  /** The installed command, as npm linked it. */
  bin: string;
  packSeconds: number;
  installSeconds: number;
}

/** Packs the checkout into `workDir` and installs the tarball into `workDir/app` (which must not exist yet). */
export async function packAndInstall(workDir: string, options: { timeoutMs?: number } = {}): Promise<InstalledPackage> {
  const timeout = options.timeoutMs ?? 10 * 60_000;
  await mkdir(workDir, { recursive: true });
  let t = Date.now();
  const packed = await run(NPM, ['pack', '--json', '--pack-destination', workDir], { cwd: REPO, timeout, maxBuffer: 64 * 2 ** 20 });
  const packSeconds = (Date.now() - t) / 1000;
  const report = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const entry = report[0];
  if (!entry) throw new Error(`npm pack printed no package: ${packed.stdout.slice(0, 200)}`);
  const tarball = join(workDir, entry.filename);
  const dir = join(workDir, 'app');
  await mkdir(dir);
  t = Date.now();
  // --prefer-offline: the dependencies are in npm's cache after `npm ci`; the registry is asked only for what is not.
  await run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball], { cwd: dir, timeout, maxBuffer: 64 * 2 ** 20 });
  const installSeconds = (Date.now() - t) / 1000;
  return { tarball, files: entry.files.map((f) => `package/${f.path}`), dir, bin: join(dir, 'node_modules', '.bin', 'binder'), packSeconds, installSeconds };
}

/** The top-level packages installed in an app folder (scoped ones as "@scope/name"). */
export async function installedPackages(appDir: string): Promise<string[]> {
  const root = join(appDir, 'node_modules');
  const names: string[] = [];
  for (const name of await readdir(root)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) for (const sub of await readdir(join(root, name))) names.push(`${name}/${sub}`);
    else names.push(name);
  }
  return names.sort();
}
