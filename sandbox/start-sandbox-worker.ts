/** Starts the sandbox in a worker thread and returns a small async control handle. */
import { Worker } from 'node:worker_threads';
import type { BuildScenarioOptions } from './scenario.ts';
import type { SandboxWorkerData, SandboxWorkerRequest } from './sandbox-worker.ts';
import type { FaultOptions } from './faults.ts';
import { SANDBOX_CREDENTIALS } from './fake-credentials.ts';

export interface SandboxControl {
  endpoint: string;
  setDay(day: number): Promise<void>;
  /** Requests served since the last call. */
  takeRequestCount(): Promise<number>;
  close(): Promise<void>;
}

type Request = SandboxWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export async function startSandboxWorker(options: {
  scenario: BuildScenarioOptions;
  day?: number;
  faults?: FaultOptions;
}): Promise<SandboxControl> {
  const { start, ...rest } = options.scenario;
  const data: SandboxWorkerData = {
    scenario: { ...rest, ...(start ? { start: start.toISOString() } : {}) },
    day: options.day ?? 0,
    credentials: SANDBOX_CREDENTIALS,
    ...(options.faults ? { faults: options.faults } : {}),
  };
  const worker = new Worker(workerEntry(), { workerData: data });
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 1;
  let failure: Error | null = null;
  const endpoint = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`sandbox worker exited with code ${code} before it was ready`)));
    worker.once('message', (m: { kind: string; endpoint: string }) => resolve(m.endpoint));
  });
  worker.removeAllListeners('exit');
  worker.on('message', (m: { id?: number; value?: unknown }) => {
    if (m.id !== undefined) {
      pending.get(m.id)?.(m.value);
      pending.delete(m.id);
    }
  });
  worker.on('error', (err) => (failure = err));
  const call = <T>(req: Request): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve) => {
      pending.set(id, resolve as (v: unknown) => void);
      worker.postMessage({ ...req, id });
    });
  };
  return {
    endpoint,
    setDay: (day) => call<void>({ kind: 'setDay', day }),
    takeRequestCount: () => call<number>({ kind: 'takeRequestCount' }),
    async close() {
      await call<void>({ kind: 'close' });
      await worker.terminate();
    },
  };
}

/**
 * The worker's first module. From the sources (a clone, tests) worker threads do not inherit the
 * TypeScript loader, so worker-entry.mjs registers tsx first; the installed package runs the
 * compiled sandbox-worker.js directly (tsx is not installed with it).
 */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./worker-entry.mjs', import.meta.url) : new URL('./sandbox-worker.js', import.meta.url);
}
