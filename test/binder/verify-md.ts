/**
 * Runs VERIFY.md the way an auditor would: every command of its ```sh blocks, in order, each on its
 * own with `bash -o pipefail -c`, in a folder holding only the binder as BINDER.zip, with the
 * organization's fingerprint in place of ORGANIZATION_FINGERPRINT. `binder` on the PATH is this
 * checkout's CLI.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FINGERPRINT_PLACEHOLDER, ZIP_PLACEHOLDER } from '../../binder/verify-instructions.ts';

const BINDER_BIN = new URL('../../bin/binder.js', import.meta.url).pathname;

export interface VerifyMdCommand {
  /** "<step>.<n>", e.g. "1.2" for the second command of step 1. */
  label: string;
  command: string;
}

export function verifyMdCommands(markdown: string): VerifyMdCommand[] {
  const out: VerifyMdCommand[] = [];
  let step = 0;
  let n = 0;
  let inBlock = false;
  for (const line of markdown.split('\n')) {
    if (/^## \d+\. /.test(line)) {
      step = Number(/^## (\d+)\./.exec(line)![1]);
      n = 0;
    } else if (line === '```sh') inBlock = true;
    else if (line === '```') inBlock = false;
    else if (inBlock && line.trim() && !line.startsWith('#')) out.push({ label: `${step}.${++n}`, command: line });
  }
  return out;
}

export interface CommandRun extends VerifyMdCommand {
  code: number | null;
  out: string;
}

/** A working folder with the binder copied in as BINDER.zip and a `binder` command on the PATH. */
export async function auditorFolder(parent: string, zipPath: string): Promise<{ cwd: string; env: NodeJS.ProcessEnv }> {
  const cwd = await mkdtemp(join(parent, 'auditor-'));
  await copyFile(zipPath, join(cwd, ZIP_PLACEHOLDER));
  const bin = join(parent, 'bin');
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'binder'), `#!/bin/sh\nexec "${process.execPath}" "${BINDER_BIN}" "$@"\n`, { mode: 0o755 });
  return { cwd, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NODE_OPTIONS: '--max-old-space-size=128' } };
}

export async function runVerifyMd(commands: readonly VerifyMdCommand[], where: { cwd: string; env: NodeJS.ProcessEnv }, organizationFingerprint: string): Promise<CommandRun[]> {
  const runs: CommandRun[] = [];
  for (const c of commands) {
    const script = c.command.replaceAll(FINGERPRINT_PLACEHOLDER, organizationFingerprint);
    runs.push({ ...c, ...(await bash(script, where)) });
  }
  return runs;
}

function bash(script: string, where: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    // stdin is /dev/null: unzip's "replace?" prompt on a duplicate entry reads EOF and answers None.
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], { cwd: where.cwd, env: where.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
