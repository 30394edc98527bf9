import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../../collectors/aws/aws-call-error.ts';
import { ProvenanceRecorder } from '../../../collectors/aws/provenance-recorder.ts';
import { ManualClock } from '../../../model/clock.ts';
import { ApiCallRecord } from '../../../model/snapshot.ts';

const clock = new ManualClock(new Date('2026-03-01T02:00:00Z'));

describe('ProvenanceRecorder', () => {
  it('sums pages, attempts, retries and request ids of the SDK calls inside one operation, without pagination tokens', async () => {
    const rec = new ProvenanceRecorder(clock);
    await rec.run(
      {
        service: 'iam',
        operation: 'GetAccountAuthorizationDetails',
        region: 'us-east-1',
        params: { MaxItems: 1000, Marker: 'abc' },
        paginated: true,
      },
      async (h) => {
        rec.onSdkCall({ requestId: 'r1', attempts: 1, totalRetryDelay: 0 }, true);
        rec.onSdkCall({ requestId: 'r2', attempts: 3, totalRetryDelay: 250 }, true);
        h.pageFinal(true);
      },
    );
    const [call] = rec.calls();
    expect(ApiCallRecord.parse(call)).toEqual(call);
    expect(call).toMatchObject({
      params: { MaxItems: 1000 },
      pages: 2,
      lastPageFinal: true,
      requestIds: ['r1', 'r2'],
      attempts: 4,
      retries: 2,
      outcome: 'ok',
      errorCode: null,
      startedAt: '2026-03-01T02:00:00.000Z',
    });
  });

  it('keeps concurrent operations apart', async () => {
    const rec = new ProvenanceRecorder(clock);
    const op = (bucket: string, n: number) =>
      rec.run(
        { service: 's3', operation: 'GetBucketAcl', region: 'us-east-1', params: { Bucket: bucket } },
        async () => {
          for (let i = 0; i < n; i++) {
            await new Promise((r) => setTimeout(r, 1));
            rec.onSdkCall({ requestId: `${bucket}-${i}`, attempts: 1 }, true);
          }
        },
      );
    await Promise.all([op('a', 3), op('b', 2)]);
    const byBucket = Object.fromEntries(rec.calls().map((c) => [c.params.Bucket, c.requestIds]));
    expect(byBucket).toEqual({ a: ['a-0', 'a-1', 'a-2'], b: ['b-0', 'b-1'] });
  });

  it('records a declared "not configured" answer as a fact and returns null', async () => {
    const rec = new ProvenanceRecorder(clock);
    const value = await rec.runOptional(
      {
        service: 's3',
        operation: 'GetBucketPolicy',
        region: 'us-east-1',
        params: { Bucket: 'b' },
        notConfigured: ['NoSuchBucketPolicy'],
      },
      async () => {
        rec.onSdkCall({ requestId: 'r9', attempts: 1 }, false);
        throw Object.assign(new Error('The bucket policy does not exist'), {
          name: 'NoSuchBucketPolicy',
          $metadata: { httpStatusCode: 404 },
        });
      },
    );
    expect(value).toBeNull();
    expect(rec.calls()[0]).toMatchObject({
      outcome: 'not-configured',
      errorCode: 'NoSuchBucketPolicy',
      pages: 0,
      requestIds: ['r9'],
    });
  });

  it('records other failures as errors and rethrows them as AwsCallError', async () => {
    const rec = new ProvenanceRecorder(clock);
    const failing = rec.run(
      { service: 's3', operation: 'GetBucketAcl', region: 'eu-west-1', params: { Bucket: 'b' } },
      async () => {
        throw Object.assign(new Error('Access Denied'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      },
    );
    await expect(failing).rejects.toBeInstanceOf(AwsCallError);
    await expect(failing).rejects.toMatchObject({
      code: 'AccessDenied',
      httpStatus: 403,
      isTransient: false,
    });
    expect(rec.calls()[0]).toMatchObject({ outcome: 'error', errorCode: 'AccessDenied' });
  });
});
