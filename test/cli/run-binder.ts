/** Runs the real `binder` command in a child process, as a person or a scheduler would. */
import { spawn } from 'node:child_process';
import { SANDBOX_CREDENTIALS, type SandboxCredentials } from '../../sandbox/fake-credentials.ts';

const BIN = new URL('../../bin/binder.js', import.meta.url).pathname;
const AWS_IDENTITY_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
];

/** The environment a collector gets its AWS identity from: the sandbox's (or the given) credentials, made at run time. */
export function awsEnv(credentials: SandboxCredentials = SANDBOX_CREDENTIALS): Record<string, string> {
  return { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_REGION: 'us-east-1' };
}

export interface BinderRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in arrival order. */
  out: string;
}

/** `env` adds to this process's environment; `isolateAws` first drops any AWS identity it has. */
export function runBinder(
  args: string[],
  env: Record<string, string> = {},
  options: { isolateAws?: boolean } = {},
): Promise<BinderRun> {
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  if (options.isolateAws) for (const k of AWS_IDENTITY_VARS) delete base[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: BinderRun = { code: null, stdout: '', stderr: '', out: '' };
    child.stdout.on('data', (d) => ((run.stdout += d), (run.out += d)));
    child.stderr.on('data', (d) => ((run.stderr += d), (run.out += d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...run, code }));
  });
}
