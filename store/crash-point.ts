/**
 * Crash injection for the crash-consistency tests: with BINDER_CRASH_AT_STEP=k in the environment,
 * the k-th write step of the process kills it with SIGKILL (no cleanup, no finally blocks: what a
 * power cut or `kill -9` does). With BINDER_CRASH_TRACE=1 each step is written to stderr, so a test
 * can count the steps of a run. Without either variable this is a counter increment.
 */
let steps = 0;
const crashAt = Number(process.env.BINDER_CRASH_AT_STEP ?? NaN);
const trace = process.env.BINDER_CRASH_TRACE === '1';

export function crashPoint(step: string): void {
  steps++;
  if (trace) process.stderr.write(`binder-crash-point ${steps} ${step}\n`);
  if (steps === crashAt) process.kill(process.pid, 'SIGKILL');
}
