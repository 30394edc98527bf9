/**
 * Startup: wall time of whole `binder --help` and `binder --version` processes (median of N), for
 * the installed package (compiled JavaScript) and for a clone (TypeScript through tsx), beside a
 * bare `node -e 0` on the same machine, which no command can beat.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLONE_BIN = fileURLToPath(new URL('../bin/binder.js', import.meta.url));

export interface StartupFigures {
  /** Median seconds per case. */
  packageHelp: number;
  packageVersion: number;
  cloneHelp: number;
  cloneVersion: number;
  bareNode: number;
  runs: number;
}

/** Median wall time, in seconds, of `runs` processes of `node <args>`. */
export async function medianProcessSeconds(args: string[], runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await run(process.execPath, args, { timeout: 60_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** `installedBin`: node_modules/.bin/binder of an installed package (see package-install.ts). */
export async function measureStartup(installedBin: string, runs = 5): Promise<StartupFigures> {
  return {
    packageHelp: await medianProcessSeconds([installedBin, '--help'], runs),
    packageVersion: await medianProcessSeconds([installedBin, '--version'], runs),
    cloneHelp: await medianProcessSeconds([CLONE_BIN, '--help'], runs),
    cloneVersion: await medianProcessSeconds([CLONE_BIN, '--version'], runs),
    bareNode: await medianProcessSeconds(['-e', '0'], runs),
    runs,
  };
}
