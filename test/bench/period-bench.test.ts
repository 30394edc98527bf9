/**
 * The period benchmark at a tiny size, so it keeps running: it must produce its figures (own-process
 * `binder build` for two period lengths) and a binder that verifies and rebuilds byte for byte.
 * No timing is asserted: the machine running the tests decides those.
 */
import { describe, expect, it } from 'vitest';
import { runPeriodBench } from '../../bench/period-build.ts';

describe('period benchmark (tiny run)', () => {
  it('reports build time and peak RSS per period length, and its binder verifies and is reproducible', async () => {
    // runPeriodBench throws unless its binder passes verifyBinder and sha256sum -c.
    const r = await runPeriodBench({ size: 'demo', days: 20, cliDays: [10] });
    expect(r.days).toBe(20);
    expect(r.resourcesPerSnapshot).toBeGreaterThan(0);
    expect(r.cliBuilds.map((b) => b.days)).toEqual([10, 20]);
    for (const b of r.cliBuilds) {
      expect(b.seconds).toBeGreaterThan(0);
      expect(b.peakRssMb).toBeGreaterThan(0);
    }
    expect(r.cliBuildPeakRssMb).toBe(r.cliBuilds[1]!.peakRssMb);
    expect(r.zipReproducible).toBe(true);
    expect(r.zipBytes).toBeGreaterThan(0);
    expect(r.pdfPages).toBeGreaterThan(0);
  }, 240_000);
});
