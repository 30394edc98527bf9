import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../../collectors/aws/aws-call-error.ts';
import {
  ANOMALY_EXAMPLES,
  noteResponseAnomaly,
  operationOfFailure,
  ProvenanceRecorder,
} from '../../../collectors/aws/provenance-recorder.ts';
import { CredentialReportParseError } from '../../../collectors/aws/credential-report.ts';
import { GaadMappingError } from '../../../collectors/aws/gaad-mapper.ts';
import { generateFakeCredentials } from '../../../sandbox/fake-credentials.ts';
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
    expect(rec.calls()[0]).toMatchObject({ outcome: 'error', errorCode: 'AccessDenied', errorMessage: 'Access Denied' });
    expect(ApiCallRecord.parse(rec.calls()[0])).toEqual(rec.calls()[0]);
  });

  it('keeps AWS\'s message on the failed record, redacted', async () => {
    const rec = new ProvenanceRecorder(clock);
    const { accessKeyId } = generateFakeCredentials();
    const snapshotId = 'Europe/20260301T020000Z/20260301T020312Z-1a2b3c4d';
    await rec
      .run({ service: 's3', operation: 'PutObject', region: 'eu-west-1', params: {} }, async () => {
        throw Object.assign(new Error(`${accessKeyId} may not write ${snapshotId}`), { name: 'AccessDenied', $fault: 'client', $metadata: {} });
      })
      .catch(() => {});
    expect(rec.calls()[0]).toMatchObject({ errorCode: 'AccessDenied', errorMessage: `[redacted-key-id] may not write ${snapshotId}` });
  });

  it('rethrows our own errors as they are, never as a failed AWS call', async () => {
    const own = [
      new GaadMappingError('user arn:aws:iam::123456789012:user/a', 'field UserId is missing'),
      new CredentialReportParseError('expected true or false, got "yes"', 3, 'mfa_active'),
      new TypeError("Cannot read properties of undefined (reading 'Arn')"),
    ];
    for (const err of own) {
      const rec = new ProvenanceRecorder(clock);
      const failing = rec.run({ service: 'iam', operation: 'GetAccountAuthorizationDetails', region: 'us-east-1', params: {} }, async () => {
        rec.onSdkCall({ requestId: 'r1', attempts: 1 }, true); // the AWS call itself succeeded
        throw err;
      });
      await expect(failing).rejects.toBe(err);
      const [call] = rec.calls();
      expect(call).toMatchObject({ outcome: 'error', errorCode: null, collectorError: `${err.name}: ${err.message}`, pages: 1 });
      expect(call).not.toHaveProperty('errorMessage');
      expect(ApiCallRecord.parse(call)).toEqual(call);
      expect(operationOfFailure(err)).toBe('iam:GetAccountAuthorizationDetails');
    }
  });

  it('takes an error the SDK reported without $metadata as the AWS failure it is', async () => {
    const rec = new ProvenanceRecorder(clock);
    const failing = rec.run({ service: 'sts', operation: 'GetCallerIdentity', region: 'us-east-1', params: {} }, async () => {
      rec.onSdkCall(undefined, false);
      throw new Error('Region is missing');
    });
    await expect(failing).rejects.toBeInstanceOf(AwsCallError);
    expect(rec.calls()[0]).toMatchObject({ outcome: 'error', errorCode: 'Unknown', errorMessage: 'Region is missing' });
  });

  it('notes anomalies on the running operation, once per field and resolution, with bounded examples', async () => {
    const rec = new ProvenanceRecorder(clock);
    await rec.run({ service: 'iam', operation: 'GetAccountAuthorizationDetails', region: 'us-east-1', params: {} }, async (h) => {
      for (let i = 0; i < ANOMALY_EXAMPLES + 5; i++) noteResponseAnomaly('Policies[].PolicyId', 'recorded as null', `arn:aws:iam::aws:policy/P${i}`);
      await new Promise((r) => setTimeout(r, 1)); // still the same operation after an await
      h.noteAnomaly('Policies[].PolicyName', 'derived from the ARN', 'arn:aws:iam::aws:policy/P0');
    });
    await rec.run({ service: 'iam', operation: 'GetAccountSummary', region: 'us-east-1', params: {} }, async () => 1);
    noteResponseAnomaly('Policies[].PolicyId', 'recorded as null', 'outside any operation: dropped');
    const [gaad, summary] = rec.calls();
    expect(gaad!.anomalies).toEqual([
      { field: 'Policies[].PolicyId', resolution: 'recorded as null', count: ANOMALY_EXAMPLES + 5, examples: Array.from({ length: ANOMALY_EXAMPLES }, (_, i) => `arn:aws:iam::aws:policy/P${i}`) },
      { field: 'Policies[].PolicyName', resolution: 'derived from the ARN', count: 1, examples: ['arn:aws:iam::aws:policy/P0'] },
    ]);
    expect(summary).not.toHaveProperty('anomalies');
    expect(ApiCallRecord.parse(gaad)).toEqual(gaad);
  });

  it('still parses records stored before errorMessage, collectorError and anomalies existed', () => {
    const old = { service: 'iam', operation: 'GetAccountSummary', region: 'us-east-1', params: {}, pages: 0, lastPageFinal: null, requestIds: [], attempts: 1, retries: 0, outcome: 'error', errorCode: 'AccessDenied', startedAt: '2026-03-01T02:00:00.000Z', durationMs: 3 };
    expect(ApiCallRecord.parse(old)).toEqual(old);
  });
});
