/**
 * The S3 evidence store against an endpoint that accepts connections and never answers (a
 * black-holed proxy, a hung gateway): opening the store fails within its timeouts, naming the
 * endpoint, instead of hanging. Needs no S3 server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3StoreConfig } from '../../config/schema.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { createS3Backend } from '../../store/s3-backend.ts';
import { startSilentEndpoint, type SilentEndpoint } from '../collectors/silent-endpoint.ts';

describe('S3 store against a silent endpoint', () => {
  let silent: SilentEndpoint;
  beforeAll(async () => {
    silent = await startSilentEndpoint('no-answer');
  });
  afterAll(async () => {
    await silent?.close();
  });

  it('fails within the request timeout with a message naming the endpoint', { timeout: 30_000 }, async () => {
    const config = S3StoreConfig.parse({ type: 's3', bucket: 'evidence', region: 'us-east-1', endpoint: silent.endpoint, forcePathStyle: true });
    const started = performance.now();
    const err = await createS3Backend(config, {
      credentials: generateFakeCredentials(), // made at run time: the endpoint never checks them
      timeouts: { connectMs: 1_000, requestMs: 1_500 },
      clientOverrides: { maxAttempts: 2 },
    }).then(
      () => null,
      (e: Error) => e,
    );
    const seconds = (performance.now() - started) / 1000;
    expect(err, 'opening the store must fail').toBeInstanceOf(Error);
    expect(err!.message).toContain(silent.endpoint);
    // Two attempts of 1.5 s plus the SDK's backoff: far below "for ever", generous for a slow machine.
    expect(seconds).toBeLessThan(15);
    expect(silent.accepted()).toBeGreaterThan(0);
  });
});
