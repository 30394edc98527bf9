/**
 * What Object Lock and versioning give the S3 evidence store on a real Ceph RGW: locked versions
 * cannot be deleted or shortened, a second write is refused or reported, inspect() finds extra
 * versions, delete markers and weak retention, and per-object SSE-KMS and legal hold are applied.
 * The two RGW 16 gaps are skipped tests with the gap in their names.
 */
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../model/canonical-json.ts';
import { ManualClock } from '../../model/clock.ts';
import { createS3Backend } from '../../store/s3-backend.ts';
import { ObjectExistsError, StoreError } from '../../store/types.ts';
import { startGatewayOrSkip } from './gateway.ts';
import {
  createLockedBucket,
  credentialsOf,
  makeS3Harness,
  rawClient,
  s3ConfigFor,
  uniqueBucket,
  versionIdsOf,
  type S3Harness,
} from './s3-harness.ts';

const { gateway, skipReason } = await startGatewayOrSkip();
afterAll(async () => {
  await gateway?.stop();
});

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const put = (h: S3Harness, key: string, body: string) =>
  h.backend.put(key, bytes(body), { sha256: sha256Hex(body) });
const DAY_MS = 86_400_000;

/** A write straight to the bucket with the same keys, bypassing the backend (an intruder or a bug). */
async function rawPut(
  client: S3Client,
  bucket: string,
  key: string,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const out = await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      Metadata: { sha256: sha256Hex(body) },
      ...extra,
    }),
  );
  return out.VersionId!;
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, it succeeded');
}

describe.skipIf(gateway === null)(
  `S3 Object Lock on Ceph RGW${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let h: S3Harness;
    let raw: S3Client;
    beforeAll(async () => {
      h = await makeS3Harness(gateway!);
      raw = rawClient(gateway!);
    });

    it('a COMPLIANCE-locked version cannot be deleted, even by DeleteObject with its VersionId and a governance bypass', async () => {
      const info = await put(h, 'ledger/0000000001.json', '{"seq":1}');
      expect(info.versionId).toBeTruthy();
      expect('delete' in h.backend).toBe(false); // the store offers no way to delete
      const plain = await errorOf(
        raw.send(
          new DeleteObjectCommand({
            Bucket: h.bucket,
            Key: 'ledger/0000000001.json',
            VersionId: info.versionId!,
          }),
        ),
      );
      expect(plain).toMatchObject({ name: 'AccessDenied', status: 403 });
      const bypass = await errorOf(
        raw.send(
          new DeleteObjectCommand({
            Bucket: h.bucket,
            Key: 'ledger/0000000001.json',
            VersionId: info.versionId!,
            BypassGovernanceRetention: true,
          }),
        ),
      );
      expect(bypass).toMatchObject({ name: 'AccessDenied', status: 403 });
      expect(text(await h.backend.get('ledger/0000000001.json'))).toBe('{"seq":1}');
      expect((await versionIdsOf(raw, h.bucket, 'ledger/0000000001.json')).versions).toEqual([
        info.versionId,
      ]);
    });

    it('a COMPLIANCE retention cannot be shortened', async () => {
      const info = await put(h, 'ledger/0000000002.json', '{"seq":2}');
      const err = await errorOf(
        raw.send(
          new PutObjectRetentionCommand({
            Bucket: h.bucket,
            Key: 'ledger/0000000002.json',
            VersionId: info.versionId!,
            Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date(Date.now() + 60_000) },
          }),
        ),
      );
      expect(err).toMatchObject({ name: 'AccessDenied', status: 403 });
    });

    it('locks each object in the configured mode until the clock time plus the retention days', async () => {
      const clock = new ManualClock(new Date(Date.now() + 3 * DAY_MS));
      const h2 = await makeS3Harness(gateway!, {
        clock,
        overrides: { retention: { mode: 'COMPLIANCE', days: 2 } },
      });
      const info = await put(h2, 'packs/a.json', 'pack a');
      const r = await raw.send(
        new GetObjectRetentionCommand({ Bucket: h2.bucket, Key: 'packs/a.json', VersionId: info.versionId! }),
      );
      expect(r.Retention?.Mode).toBe('COMPLIANCE');
      expect(
        Math.abs(r.Retention!.RetainUntilDate!.getTime() - (clock.now().getTime() + 2 * DAY_MS)),
      ).toBeLessThan(1000);
      await h2.cleanup();
    });

    it('refuses a second put through the store before writing anything', async () => {
      await put(h, 'snapshots/x.json', 'first');
      await expect(put(h, 'snapshots/x.json', 'second')).rejects.toBeInstanceOf(ObjectExistsError);
      expect((await versionIdsOf(raw, h.bucket, 'snapshots/x.json')).versions).toHaveLength(1);
    });

    it('detects a write that lands between its existence check and its put, and inspect() reports the extra version', async () => {
      // Not a ledger or claim key: those race between collectors by design (see the race tests).
      const key = 'snapshots/race/0000000009.json';
      let injected = false;
      // Another writer wins the race: its version lands just before ours is sent.
      h.backend.client.middlewareStack.add(
        (next, context) => async (args) => {
          if (!injected && context.commandName === 'PutObjectCommand') {
            injected = true;
            await rawPut(raw, h.bucket, key, 'the other writer', {
              ObjectLockMode: 'COMPLIANCE',
              ObjectLockRetainUntilDate: new Date(Date.now() + DAY_MS),
            });
          }
          return next(args);
        },
        { step: 'initialize', name: 'raceInjector' },
      );
      try {
        const err = await put(h, key, 'ours').then(
          () => null,
          (e: unknown) => e as Error,
        );
        expect(err).toBeInstanceOf(ObjectExistsError);
        expect(err!.message).toMatch(/has 2 versions/);
        expect(err!.message).toMatch(/cannot be removed before/);
      } finally {
        h.backend.client.middlewareStack.remove('raceInjector');
      }
      expect(injected).toBe(true);
      // The original (the other writer's) stays the evidence; ours is a locked extra version.
      expect(text(await h.backend.get(key))).toBe('the other writer');
      const problems = (await h.backend.inspect()).filter((p) => p.key === key);
      expect(
        problems.some((p) => p.severity === 'error' && /2 versions with different content/.test(p.message)),
      ).toBe(true);
    });

    it('reads the locked original after an intruder adds a version, and inspect() reports it', async () => {
      const h2 = await makeS3Harness(gateway!);
      await put(h2, 'packs/p.json', 'original evidence');
      // Under Object Lock new versions can still be added; If-None-Match does not stop it on RGW 16.
      const extra = await rawPut(raw, h2.bucket, 'packs/p.json', 'forged evidence', { IfNoneMatch: '*' });
      expect(text(await h2.backend.get('packs/p.json'))).toBe('original evidence');
      const problems = await h2.backend.inspect();
      const p = problems.find((x) => x.key === 'packs/p.json' && x.severity === 'error');
      expect(p?.message).toContain(extra);
      expect(p?.message).toMatch(/tampering/);
      await h2.cleanup();
    });

    it('inspect() reports delete markers, missing or short or GOVERNANCE retention, and a missing sha256', async () => {
      const bucket = uniqueBucket('binder-inspect');
      await createLockedBucket(raw, bucket);
      // Default retention applies to every raw put here; override it per object where needed.
      const until = (ms: number) => ({
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: new Date(Date.now() + ms),
      });
      const backend = await createS3Backend(
        s3ConfigFor(gateway!, bucket, { retention: { mode: 'COMPLIANCE', days: 1 } }),
        {
          credentials: credentialsOf(gateway!),
        },
      );
      await backend.put('ok/clean.json', bytes('clean'), { sha256: sha256Hex('clean') });
      await backend.put('ok/deleted.json', bytes('gone'), { sha256: sha256Hex('gone') });
      await raw.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'ok/deleted.json' }));
      await rawPut(raw, bucket, 'bad/short.json', 'short', until(60 * 60 * 1000 * 2));
      await rawPut(raw, bucket, 'bad/governance.json', 'gov', {
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: new Date(Date.now() + 2 * DAY_MS),
      });
      await raw.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad/nosha.json', Body: 'no metadata' }));

      const problems = await backend.inspect();
      const about = (key: string) =>
        problems.filter((p) => p.key === key).map((p) => `${p.severity}: ${p.message}`);
      expect(about('ok/clean.json')).toEqual([]);
      expect(about('ok/deleted.json').join('\n')).toMatch(/error: .*delete marker/);
      expect(about('bad/short.json').join('\n')).toMatch(/error: .*shorter than the configured 1 days/);
      expect(about('bad/governance.json').join('\n')).toMatch(/error: .*GOVERNANCE.*bypassed/);
      expect(about('bad/nosha.json').join('\n')).toMatch(/error: .*no x-amz-meta-sha256/);
      await expect(backend.get('ok/deleted.json')).rejects.toThrow(/delete marker .* retained/);
    });

    it('inspect() reports versions without any retention in a bucket without default retention', async () => {
      const bucket = uniqueBucket('binder-noret');
      await raw.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
      const backend = await createS3Backend(s3ConfigFor(gateway!, bucket), {
        credentials: credentialsOf(gateway!),
      });
      await rawPut(raw, bucket, 'packs/unlocked.json', 'unlocked');
      await backend.put('packs/locked.json', bytes('locked'), { sha256: sha256Hex('locked') });
      const problems = await backend.inspect();
      expect(problems.filter((p) => p.key === 'packs/unlocked.json').map((p) => p.message)).toEqual([
        expect.stringMatching(/has no Object Lock retention: it can be deleted/),
      ]);
      expect(problems.filter((p) => p.key === 'packs/locked.json')).toEqual([]);
    });

    it('sends a Content-MD5 the gateway verifies: a body corrupted in transit is refused and nothing is stored', async () => {
      const h2 = await makeS3Harness(gateway!);
      h2.backend.client.middlewareStack.add(
        (next) => async (args) => {
          const req = args.request as { body?: unknown; headers: Record<string, string> };
          if (req.body instanceof Uint8Array) {
            const copy = Uint8Array.from(req.body);
            copy[0] = copy[0]! ^ 0x01;
            req.body = copy;
            // Leave the payload unsigned so that only Content-MD5 can catch the corruption.
            req.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
          }
          return next(args);
        },
        { step: 'build', priority: 'low', name: 'corruptBody' },
      );
      const err = await put(h2, 'packs/c.json', 'corrupted on the wire').then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(StoreError);
      expect(err!.message).toMatch(/BadDigest/);
      h2.backend.client.middlewareStack.remove('corruptBody');
      expect(await h2.backend.exists('packs/c.json')).toBe(false);
      await h2.cleanup();
    });

    it('encrypts each object with SSE-KMS when a key is configured (the gateway test KMS key)', async () => {
      const h2 = await makeS3Harness(gateway!, { overrides: { kmsKeyId: gateway!.kmsKeyId } });
      await put(h2, 'packs/k.json', 'secret-ish evidence');
      const head = await raw.send(new HeadObjectCommand({ Bucket: h2.bucket, Key: 'packs/k.json' }));
      expect(head.ServerSideEncryption).toBe('aws:kms');
      expect(head.SSEKMSKeyId).toBe(gateway!.kmsKeyId);
      expect(text(await h2.backend.get('packs/k.json'))).toBe('secret-ish evidence');
      await h2.cleanup();
    });

    it('places a legal hold on each object when legalHold is configured', async () => {
      const h2 = await makeS3Harness(gateway!, { overrides: { legalHold: true } });
      const info = await put(h2, 'packs/held.json', 'held');
      const hold = await raw.send(
        new GetObjectLegalHoldCommand({
          Bucket: h2.bucket,
          Key: 'packs/held.json',
          VersionId: info.versionId!,
        }),
      );
      expect(hold.LegalHold?.Status).toBe('ON');
      expect((await h2.backend.inspect()).filter((p) => p.key === 'packs/held.json')).toEqual([]);
      await h2.cleanup();
    });

    // RGW 16 gaps: real assertions, skipped here because the server lacks the feature. Run them
    // against AWS S3 (or a newer server) by removing `.skip`.
    it.skip('rejects a put whose x-amz-checksum-sha256 does not match the body (SKIPPED: RGW 16 accepts but neither validates nor stores SHA-256 checksums)', async () => {
      const wrong = createHash('sha256').update('something else').digest('base64');
      const err = await errorOf(
        raw.send(
          new PutObjectCommand({
            Bucket: h.bucket,
            Key: 'gap/sha.json',
            Body: 'body',
            ChecksumSHA256: wrong,
          }),
        ),
      );
      expect(err.status).toBe(400);
    });

    it.skip('refuses If-None-Match: * on an existing key of a versioned bucket (SKIPPED: RGW 16 ignores it on versioned and Object Lock buckets)', async () => {
      await rawPut(raw, h.bucket, 'gap/inm.json', 'first');
      const err = await errorOf(rawPut(raw, h.bucket, 'gap/inm.json', 'second', { IfNoneMatch: '*' }));
      expect(err.status).toBe(412);
    });
  },
);
