/**
 * A sandbox year at demo size (40 users, 8 buckets) written straight from the scenario's states
 * into a real local store (bench/period-build.ts), about 15 seconds; or fewer days for the CLI.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchStore, type BenchStore } from '../../bench/period-build.ts';

export interface FieldworkStore extends BenchStore {
  dir: string;
  remove(): Promise<void>;
}

export async function fieldworkStore(days?: number): Promise<FieldworkStore> {
  const dir = await mkdtemp(join(tmpdir(), 'binder-fieldwork-'));
  const bench = await writeBenchStore({ size: 'demo', dir, ...(days ? { days } : {}) });
  return { ...bench, dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
