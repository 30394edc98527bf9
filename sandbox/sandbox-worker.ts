/**
 * The sandbox running in a worker thread, so the server and the collectors use both cores in long
 * simulations (the demo's year). The scenario is rebuilt in the worker from its seed and size:
 * it is deterministic, so both sides see the same organization.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildScenario, type BuildScenarioOptions } from './scenario.ts';
import { startSandbox } from './server.ts';
import type { FaultOptions } from './faults.ts';
import type { SandboxCredentials } from './fake-credentials.ts';

export interface SandboxWorkerData {
  scenario: Omit<BuildScenarioOptions, 'start'> & { start?: string };
  day: number;
  /** The main thread's credentials: each thread would otherwise make its own. */
  credentials: SandboxCredentials;
  faults?: FaultOptions;
}

export type SandboxWorkerRequest =
  | { id: number; kind: 'setDay'; day: number }
  | { id: number; kind: 'takeRequestCount' }
  | { id: number; kind: 'close' };

const data = workerData as SandboxWorkerData;
const { start, ...scenarioOptions } = data.scenario;
const scenario = buildScenario({ ...scenarioOptions, ...(start ? { start: new Date(start) } : {}) });
const sandbox = await startSandbox({ scenario, day: data.day, port: 0, credentials: data.credentials, ...(data.faults ? { faults: data.faults } : {}) });
parentPort?.postMessage({ kind: 'ready', endpoint: sandbox.endpoint });
parentPort?.on('message', async (req: SandboxWorkerRequest) => {
  if (req.kind === 'setDay') {
    sandbox.setDay(req.day);
    parentPort?.postMessage({ id: req.id, value: null });
  } else if (req.kind === 'takeRequestCount') {
    const n = sandbox.requestLog.length;
    sandbox.requestLog.length = 0;
    parentPort?.postMessage({ id: req.id, value: n });
  } else if (req.kind === 'close') {
    await sandbox.close();
    parentPort?.postMessage({ id: req.id, value: null });
    parentPort?.close();
  }
});
