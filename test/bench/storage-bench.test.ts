/** The storage benchmark at a tiny size, with a real collection's calls: figures come out and provenance round-trips. */
import { describe, expect, it } from 'vitest';
import { callsForDay, runStoreSizeBench } from '../../bench/store-size.ts';
import { SMALL_ORG } from '../store/fixtures.ts';

describe('storage benchmark (small org, 4 days)', () => {
  it('reports the year with and without the calls, and every provenance loads back identical', async () => {
    const r = await runStoreSizeBench({ days: 4, org: SMALL_ORG, callsFrom: 'demo', log: () => {} });
    expect(r.callsFrom).toBe('demo');
    expect(r.callsPerDay).toBeGreaterThan(50);
    expect(r.provenanceRoundTrips).toBe(true);
    expect(r.verifyProblems).toBe(0);
    expect(r.storedBytes).toBeGreaterThan(r.storedBytesWithoutCalls);
    expect(r.storedBytes - r.storedBytesWithoutCalls).toBeCloseTo(r.callLogBytesPerCall * r.callsPerDay * r.days, -2);
    expect(r.callLogBytesPerCall).toBeLessThan(r.verbatimBytesPerCall);
    expect(r.ratioWithoutCalls).toBeLessThan(r.ratio);
  }, 120_000);

  it('gives each day new request ids of the same shapes, and the day\'s times', () => {
    const template = [
      { service: 's3', operation: 'GetBucketAcl', region: 'us-east-1', params: { Bucket: 'b' }, pages: 1, lastPageFinal: null, attempts: 1, retries: 0, outcome: 'ok' as const, errorCode: null, durationMs: 3.5, startedAt: '2026-06-30T02:00:00.000Z', requestIds: ['0123456789ABCDEF id2=' + Buffer.alloc(48, 1).toString('base64')] },
      { service: 'iam', operation: 'GetAccountSummary', region: 'us-east-1', params: {}, pages: 1, lastPageFinal: null, attempts: 1, retries: 0, outcome: 'ok' as const, errorCode: null, durationMs: 9, startedAt: '2026-06-30T02:00:01.250Z', requestIds: ['0ccdc8bb-06ee-7818-c89d-1305dfbd18c2', 'odd id'] },
    ];
    const a = callsForDay(template, 1, new Date('2026-07-01T02:00:00Z'));
    const b = callsForDay(template, 2, new Date('2026-07-02T02:00:00Z'));
    expect(a[0]!.requestIds[0]).toMatch(/^[0-9A-F]{16} id2=[A-Za-z0-9+/]{64}$/);
    expect(a[1]!.requestIds).toEqual([expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), 'odd id']);
    expect(a[0]!.requestIds[0]).not.toBe(b[0]!.requestIds[0]);
    expect(a[0]!.requestIds[0]).not.toBe(template[0]!.requestIds[0]);
    expect(a.map((c) => c.startedAt)).toEqual(['2026-07-01T02:00:00.000Z', '2026-07-01T02:00:01.250Z']);
  });
});
