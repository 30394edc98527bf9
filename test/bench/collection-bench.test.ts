/** The collection benchmark at a tiny size: its figures come out, provenance cost included (no timing asserted). */
import { describe, expect, it } from 'vitest';
import { runCollectionBench } from '../../bench/collection.ts';

describe('collection benchmark (demo size)', () => {
  it('collects through the SDK and reports calls, peak RSS and what the provenance costs stored', async () => {
    const r = await runCollectionBench({ size: 'demo', latencyMs: 0, iamRatePerSec: 1000 });
    expect(r.entities.buckets).toBeGreaterThan(0);
    expect(r.seconds).toBeGreaterThan(0);
    expect(r.peakRssMb).toBeGreaterThan(0);
    expect(r.s3CallsPerBucket).toBeLessThanOrEqual(12);
    expect(r.regionalCalls).toBeGreaterThan(0);
    expect(r.provenanceCalls).toBe(r.iamCalls + r.stsCalls + r.s3Calls + r.s3ControlCalls + r.regionalCalls);
    expect(r.callLogBytesPerCall).toBeGreaterThan(0);
    expect(r.callLogBytesPerCall).toBeLessThan(r.verbatimGzipBytesPerCall);
  }, 60_000);
});
