/**
 * A real S3 server for tests: a throwaway single-node Ceph cluster with RADOS Gateway, started by
 * the project's own scripts/ceph/start.sh in a temp folder on a free port.
 *
 * Where it cannot run (not Debian, not root and not installed, install failed) the caller gets a
 * reason to skip with; when CI=true any such failure throws instead, so CI never passes by
 * skipping the S3 tests.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts/ceph');

export interface Gateway {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key id of the gateway's built-in test KMS key (SSE-KMS). */
  kmsKeyId: string;
  /** Folder of the cluster (config, logs). */
  dir: string;
  /** Seconds from start.sh's launch to the first signed S3 request that worked. */
  startSeconds: number;
  /** Stops every daemon and removes the folder. */
  stop(): Promise<void>;
  /** kill -9 of radosgw only (mon and OSD keep the data). */
  kill(): Promise<void>;
  /** Starts radosgw again after kill() and waits until it answers. */
  restart(): Promise<void>;
}

export type GatewayOrSkip = { gateway: Gateway; skipReason: null } | { gateway: null; skipReason: string };

function isCi(): boolean {
  return process.env.CI === 'true';
}

function hasBinary(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((p) => p !== '' && existsSync(join(p, name)));
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

/**
 * A free port below the kernel's ephemeral range (32768 and up): a port the kernel handed out for
 * listen(0) is back in the pool the moment it is closed, and any outgoing connection of a test
 * running alongside may take it before radosgw binds it.
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 12000 + Math.floor(Math.random() * 8000);
    if (await portIsFree(port)) return port;
  }
  throw new Error('found no free port between 12000 and 20000 for the gateway');
}

/** start.sh failed because a port it checked was taken before its daemon bound it. */
function lostPortRace(err: Error): boolean {
  return /Address already in use|already in use/.test(err.message);
}

/** Installs the Ceph packages if needed and possible; returns why not otherwise. */
async function ensureInstalled(): Promise<string | null> {
  if (hasBinary('radosgw') && hasBinary('ceph-mon') && hasBinary('ceph-osd')) return null;
  if (!existsSync('/etc/debian_version'))
    return 'radosgw is not installed and this is not Debian (install Ceph radosgw, ceph-mon, ceph-osd)';
  if (process.getuid?.() !== 0)
    return 'radosgw is not installed and installing it needs root (run scripts/ceph/install.sh as root)';
  try {
    const { stdout } = await run('bash', [join(SCRIPTS, 'install.sh')], {
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    process.stderr.write(
      stdout
        .split('\n')
        .filter((l) => l.startsWith('ceph install'))
        .join('\n') + '\n',
    );
    return null;
  } catch (err) {
    return `installing Ceph with scripts/ceph/install.sh failed: ${(err as Error).message.split('\n').slice(-3).join(' ')}`;
  }
}

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

async function startGateway(): Promise<Gateway> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startGatewayOnce();
    } catch (err) {
      if (attempt >= 3 || !lostPortRace(err as Error)) throw err;
      process.stderr.write(`Ceph gateway lost a port race (attempt ${attempt}); starting again on other ports\n`);
    }
  }
}

async function startGatewayOnce(): Promise<Gateway> {
  const dir = join(mkdtempSync(join(tmpdir(), 'binder-ceph-')), 'cluster');
  const port = await freePort();
  const started = Date.now();
  try {
    await run('bash', [join(SCRIPTS, 'start.sh'), dir, String(port)], { timeout: 90_000 });
  } catch (err) {
    // stop.sh removes the folder: keep the end of each daemon log in the error instead.
    const logDir = join(dir, 'log');
    const tails = existsSync(logDir)
      ? readdirSync(logDir)
          .filter((f) => f.endsWith('.log'))
          .map((f) => `--- ${f}\n${readFileSync(join(logDir, f), 'utf8').split('\n').slice(-8).join('\n')}`)
          .join('\n')
      : '';
    await run('bash', [join(SCRIPTS, 'stop.sh'), dir]).catch(() => undefined);
    rmSync(dirname(dir), { recursive: true, force: true });
    throw new Error(
      `scripts/ceph/start.sh failed: ${(err as { stderr?: string }).stderr ?? (err as Error).message}${tails ? `\n${tails}` : ''}`,
    );
  }
  const startSeconds = (Date.now() - started) / 1000;
  const env = parseEnv(readFileSync(join(dir, 'env'), 'utf8'));
  const rgwPid = (): number => Number(readFileSync(join(dir, 'run', 'client.rgw.gw.pid'), 'utf8').trim());
  return {
    endpoint: env.BINDER_S3_ENDPOINT!,
    accessKeyId: env.BINDER_S3_ACCESS_KEY_ID!,
    secretAccessKey: env.BINDER_S3_SECRET_ACCESS_KEY!,
    kmsKeyId: env.BINDER_S3_KMS_KEY_ID!,
    dir,
    startSeconds,
    async stop() {
      await run('bash', [join(SCRIPTS, 'stop.sh'), dir], { timeout: 60_000 });
      rmSync(dirname(dir), { recursive: true, force: true });
    },
    async kill() {
      const pid = rgwPid();
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`radosgw pid ${pid} still alive after SIGKILL`);
    },
    async restart() {
      await run('bash', [join(SCRIPTS, 'restart-gateway.sh'), dir], { timeout: 60_000 });
    },
  };
}

/**
 * Starts a gateway, or returns the reason it cannot here (tests then skip with that reason).
 * With CI=true it throws instead of skipping.
 */
export async function startGatewayOrSkip(): Promise<GatewayOrSkip> {
  const notInstalled = await ensureInstalled();
  if (notInstalled) {
    if (isCi()) throw new Error(`CI=true and the S3 test server cannot run: ${notInstalled}`);
    process.stderr.write(`S3 tests skipped: ${notInstalled}\n`);
    return { gateway: null, skipReason: notInstalled };
  }
  try {
    const gateway = await startGateway();
    process.stderr.write(`Ceph RGW at ${gateway.endpoint} ready in ${gateway.startSeconds.toFixed(2)} s\n`);
    return { gateway, skipReason: null };
  } catch (err) {
    if (isCi()) throw err;
    const reason = `the Ceph gateway did not start: ${(err as Error).message}`;
    process.stderr.write(`S3 tests skipped: ${reason}\n`);
    return { gateway: null, skipReason: reason };
  }
}
