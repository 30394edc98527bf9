/**
 * The call log codec: real provenance from the sandbox (through the real SDK, with throttling and
 * server errors so retries and multi-id calls occur) and hand-made odd values come back with the
 * same canonical JSON, ids of a known shape cost their bytes, and damaged bytes are refused.
 */
import { deflateRawSync, gzipSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/canonical-json.ts';
import type { ApiCallRecord, Snapshot } from '../../model/snapshot.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { CallLogError, decodeCallLog, encodeCallLog } from '../../store/call-log-codec.ts';
import { collectDay } from '../collectors/sandbox-harness.ts';

const roundTrip = (calls: unknown[]) => decodeCallLog(encodeCallLog(calls));

const call = (over: Partial<Record<keyof ApiCallRecord, unknown>> = {}): Record<string, unknown> => ({
  service: 's3',
  operation: 'GetBucketPolicy',
  region: 'us-east-1',
  params: { Bucket: 'logs-1' },
  pages: 1,
  lastPageFinal: null,
  requestIds: ['0123456789ABCDEF id2=' + Buffer.alloc(48, 7).toString('base64')],
  attempts: 1,
  retries: 0,
  outcome: 'ok',
  errorCode: null,
  startedAt: '2026-03-01T02:00:00.123Z',
  durationMs: 12.345,
  ...over,
});

describe('call log codec on real provenance', () => {
  const scenario = buildScenario({ seed: 'call-log', size: 'demo', days: 30 });
  let sandbox: SandboxHandle;
  let snapshot: Snapshot;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, day: 3, port: 0, faults: { seed: 'call-log', errorRate: 0.05, throttle: { iam: { ratePerSec: 5, burst: 2 } } } });
    snapshot = await collectDay(scenario, sandbox, 3);
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
  });

  it('gives back every call with the same canonical JSON, in canonical key order', () => {
    const calls = snapshot.provenance.calls;
    expect(calls.some((c) => c.retries > 0)).toBe(true); // the faults made retries happen
    const back = roundTrip(calls);
    expect(canonicalJson(back)).toBe(canonicalJson(calls));
    expect(JSON.stringify(back)).toBe(canonicalJson(calls)); // keys sorted, as a parsed v1 record had them
  });

  it('stores each request id of a known shape as its bytes: within a few bytes a call of what the ids alone need', () => {
    const calls = snapshot.provenance.calls;
    const encoded = encodeCallLog(calls).length;
    // Random ids do not compress: a UUID is 16 bytes, an S3 request id 8, its id2 what its base64 decodes to.
    const idBytes = calls.flatMap((c) => c.requestIds).reduce((sum, id) => {
      const m = /^([0-9A-F]{16}) id2=(.+)$/.exec(id);
      return sum + (m ? 8 + Buffer.from(m[2]!, 'base64').length : /^[0-9A-F]{16}$/.test(id) ? 8 : 16);
    }, 0);
    expect(encoded).toBeGreaterThanOrEqual(idBytes);
    // Distinct parameters are stored once, in a dictionary (a KMS key's ARN is asked about in two or three calls).
    const dictionaryBytes = [...new Set(calls.map((c) => canonicalJson(c.params)))].reduce((sum, text) => sum + text.length, 0);
    // The rest (durations, counts, outcomes, ...) is ~3 bytes a call at 200 buckets, more on this small org.
    expect(encoded).toBeLessThan(idBytes + dictionaryBytes + 16 * calls.length);
    expect(encoded).toBeLessThan(0.9 * gzipSync(canonicalJson(calls), { level: 9 }).length);
  });
});

describe('call log codec on odd values', () => {
  it.each<[string, unknown[]]>([
    ['no calls', []],
    ['ids of every shape and of none', [call({ requestIds: ['0ccdc8bb-06ee-7818-c89d-1305dfbd18c2', 'ABCDEF0123456789', '0CCDC8BB-06EE-7818-C89D-1305DFBD18C2', 'abcdef0123456789', 'ABCDEF0123456789 id2=not base64!', 'ABCDEF0123456789 id2=QUJD', 'ABCDEF0123456789 id2=QUI', '', 'x'.repeat(5000)] })]],
    ['unicode and lone surrogates', [call({ operation: 'Gét🪣', region: '\ud800', params: { Bucket: 'bücket-☃', Tag: '\udfff' }, errorCode: 'Ärger', outcome: 'error', requestIds: ['ïd-\ud83d'] })]],
    ['huge numbers', [call({ pages: Number.MAX_SAFE_INTEGER, attempts: 2 ** 53 + 2, retries: 1e300, durationMs: 1e21 }), call({ durationMs: 0.0001 }), call({ durationMs: 1 / 3 }), call({ durationMs: -1 })]],
    ['missing, extra and undefined fields', [call({ errorCode: undefined }), { ...call(), extra: { nested: [1, 2] } }, (() => { const c = call(); delete c.params; return c; })(), call({ lastPageFinal: 'yes' })]],
    ['times that do not round-trip, and far apart', [call({ startedAt: '2026-03-01T02:00:00Z' }), call({ startedAt: 'yesterday' }), call({ startedAt: '+275760-09-13T00:00:00.000Z' }), call({ startedAt: '-271821-04-20T00:00:00.000Z' }), call({ startedAt: '1970-01-01T00:00:00.000Z' })]],
    ['fields beyond the columns', [call({ outcome: 'error', errorCode: 'AccessDenied', errorMessage: 'User: arn:aws:iam::1:user/x is not authorized' } as never), call({ anomalies: [{ field: 'Policies[].PolicyName', resolution: 'derived from the ARN', count: 3, examples: ['arn:a'] }], collectorError: undefined } as never), { ...call(), ['__proto__']: { odd: true } }, JSON.parse(`{"__proto__": 1, "service": "s3"}`)]],
    ['values that are not calls', [null, 7, 'GetBucketAcl', [call()], undefined, { params: null }]],
    ['repeated parameters and errors', Array.from({ length: 50 }, (_, i) => call({ params: { Bucket: `b-${i % 5}`, MaxItems: 1000 }, outcome: i % 7 === 0 ? 'not-configured' : 'ok', errorCode: i % 7 === 0 ? 'NoSuchBucketPolicy' : null, lastPageFinal: i % 3 === 0 ? true : i % 3 === 1 ? false : null }))],
  ])('%s: same canonical JSON back', (_name, calls) => {
    expect(canonicalJson(roundTrip(calls))).toBe(canonicalJson(calls));
  });

  it('keeps each call its own parameters object', () => {
    const back = roundTrip([call(), call()]) as { params: object }[];
    expect(back[0]!.params).toEqual(back[1]!.params);
    expect(back[0]!.params).not.toBe(back[1]!.params);
  });

  it('costs the id bytes, not their text, for a typical S3 call', () => {
    const calls = Array.from({ length: 200 }, (_, i) =>
      call({ params: { Bucket: `b-${i}` }, requestIds: [`${i.toString(16).toUpperCase().padStart(16, '0')} id2=${Buffer.alloc(48, i).toString('base64')}`] }),
    );
    expect(encodeCallLog(calls).length / calls.length).toBeLessThan(20); // these ids are repetitive, so they compress
  });

  it('refuses bytes that are not a call log, a wrong version, truncated or extra bytes', () => {
    const raw = inflateRawSync(encodeCallLog([call(), call({ requestIds: [] })]));
    expect(() => decodeCallLog(Buffer.from('not deflate at all'))).toThrow(CallLogError);
    const wrongVersion = Buffer.from(raw);
    wrongVersion[0] = 9;
    expect(() => decodeCallLog(deflateRawSync(wrongVersion))).toThrow(/version 9/);
    expect(() => decodeCallLog(deflateRawSync(raw.subarray(0, raw.length - 3)))).toThrow(CallLogError);
    expect(() => decodeCallLog(deflateRawSync(Buffer.concat([raw, Buffer.from([0])])))).toThrow(/after its last section/);
  });
});
