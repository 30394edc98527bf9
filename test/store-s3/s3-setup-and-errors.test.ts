/**
 * Opening the S3 store fails with what to fix (credentials, bucket, versioning, Object Lock,
 * endpoint); `binder store init` creates a ready bucket and reports each setting honestly,
 * including what Ceph RGW 16 does not support; and a gateway killed mid-write makes the put fail
 * cleanly, with writes working again once it is back.
 */
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../model/canonical-json.ts';
import { openObjectBackend } from '../../store/open-store.ts';
import { createS3Backend, type S3Backend } from '../../store/s3-backend.ts';
import { initS3Store, type BucketFinding } from '../../store/s3-bucket-setup.ts';
import { S3StoreError } from '../../store/s3-client.ts';
import { ObjectMissingError } from '../../store/types.ts';
import { startGatewayOrSkip } from './gateway.ts';
import { createLockedBucket, credentialsOf, rawClient, s3ConfigFor, uniqueBucket } from './s3-harness.ts';

const { gateway, skipReason } = await startGatewayOrSkip();
afterAll(async () => {
  await gateway?.stop();
});

const bytes = (s: string) => new TextEncoder().encode(s);
const put = (b: S3Backend, key: string, body: string) => b.put(key, bytes(body), { sha256: sha256Hex(body) });

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const findingOf = (findings: BucketFinding[], what: RegExp) => {
  const f = findings.find((x) => what.test(x.what));
  if (!f) throw new Error(`no finding matching ${what}: ${findings.map((x) => x.what).join(', ')}`);
  return f;
};

describe.skipIf(gateway === null)(
  `S3 store setup and failures on Ceph RGW${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const gw = gateway!;
    const raw = gateway ? rawClient(gateway) : null!;
    let locked: string;
    beforeAll(async () => {
      locked = uniqueBucket('binder-open');
      await createLockedBucket(raw, locked);
    });

    describe('opening the store', () => {
      it('names the credentials as the problem when the secret is wrong', async () => {
        const err = await createS3Backend(s3ConfigFor(gw, locked), {
          credentials: { accessKeyId: gw.accessKeyId, secretAccessKey: 'wrong-secret' },
        }).catch((e: Error) => e);
        expect(err).toBeInstanceOf(S3StoreError);
        expect((err as S3StoreError).code).toBe('SignatureDoesNotMatch');
        expect((err as Error).message).toMatch(
          /^the S3 store rejected the credentials: SignatureDoesNotMatch/,
        );
        expect((err as Error).message).not.toContain('wrong-secret');
      });

      it('names the credentials as the problem when the access key is unknown', async () => {
        const err = await createS3Backend(s3ConfigFor(gw, locked), {
          credentials: { accessKeyId: 'NOSUCHKEY', secretAccessKey: 'x' },
        }).catch((e: Error) => e);
        expect((err as Error).message).toMatch(/^the S3 store rejected the credentials: InvalidAccessKeyId/);
      });

      it('opens through openObjectBackend with credentials from the standard provider chain', async () => {
        const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
        process.env.AWS_ACCESS_KEY_ID = gw.accessKeyId;
        process.env.AWS_SECRET_ACCESS_KEY = gw.secretAccessKey;
        try {
          const backend = await openObjectBackend(s3ConfigFor(gw, locked, { prefix: 'chain' }), '/');
          expect(backend.location).toBe(`s3://${locked}/chain/ at ${gw.endpoint}`);
          await put(backend as S3Backend, 'packs/from-chain.json', 'via env credentials');
          expect(await backend.exists('packs/from-chain.json')).toBe(true);
        } finally {
          if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
          else process.env.AWS_ACCESS_KEY_ID = saved.id;
          if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
          else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
        }
      });

      it('says where to put credentials when none can be found', async () => {
        const none = async () => {
          throw Object.assign(new Error('Could not load credentials from any providers'), {
            name: 'CredentialsProviderError',
          });
        };
        const err = await createS3Backend(s3ConfigFor(gw, locked), {
          credentials: none,
          clientOverrides: { maxAttempts: 1 },
        }).catch((e: Error) => e);
        expect((err as Error).message).toMatch(
          /^no credentials for the S3 store \(GetBucketVersioning .*Could not load credentials.*AWS_PROFILE/,
        );
      });

      it('says a missing bucket does not exist and how to create it', async () => {
        const err = await createS3Backend(s3ConfigFor(gw, 'binder-no-such-bucket'), {
          credentials: credentialsOf(gw),
        }).catch((e: Error) => e);
        expect((err as Error).message).toBe(
          `bucket binder-no-such-bucket does not exist at ${gw.endpoint}; run \`binder store init\` to create it with versioning and Object Lock`,
        );
      });

      it('refuses a bucket without versioning or Object Lock, saying what to fix', async () => {
        const plain = uniqueBucket('binder-plain');
        await raw.send(new CreateBucketCommand({ Bucket: plain }));
        const err = await createS3Backend(s3ConfigFor(gw, plain), { credentials: credentialsOf(gw) }).catch(
          (e: Error) => e,
        );
        expect(err).toBeInstanceOf(S3StoreError);
        expect((err as Error).message).toMatch(
          new RegExp(`bucket ${plain} has versioning never enabled.*binder store init`),
        );
        expect((err as Error).message).toMatch(
          new RegExp(`bucket ${plain} does not have Object Lock enabled`),
        );
      });

      it('refuses a versioned bucket that has no Object Lock', async () => {
        const versioned = uniqueBucket('binder-versioned');
        await raw.send(new CreateBucketCommand({ Bucket: versioned }));
        await raw.send(
          new PutBucketVersioningCommand({
            Bucket: versioned,
            VersioningConfiguration: { Status: 'Enabled' },
          }),
        );
        const err = await createS3Backend(s3ConfigFor(gw, versioned), {
          credentials: credentialsOf(gw),
        }).catch((e: Error) => e);
        expect((err as Error).message).not.toMatch(/versioning/);
        expect((err as Error).message).toMatch(
          /does not have Object Lock enabled, so evidence in it could be deleted or overwritten/,
        );
      });

      it('names the endpoint when nothing listens there', async () => {
        const port = await closedPort();
        const config = s3ConfigFor(gw, locked, { endpoint: `http://127.0.0.1:${port}` });
        const err = await createS3Backend(config, {
          credentials: credentialsOf(gw),
          clientOverrides: { maxAttempts: 1 },
        }).catch((e: Error) => e);
        expect((err as Error).message).toMatch(
          new RegExp(
            `^cannot reach the S3 endpoint http://127\\.0\\.0\\.1:${port} \\(GetBucketVersioning .*ECONNREFUSED`,
          ),
        );
      });
    });

    describe('binder store init', () => {
      it('creates a bucket the store opens and writes to, and reports each setting including what this server lacks', async () => {
        const bucket = uniqueBucket('binder-init');
        const config = s3ConfigFor(gw, bucket, { retention: { mode: 'COMPLIANCE', days: 3 } });
        const result = await initS3Store(config, { credentials: credentialsOf(gw) });
        expect(result.created).toBe(true);
        const f = result.findings;
        expect(findingOf(f, /^versioning enabled$/)).toMatchObject({ ok: true, fix: null });
        expect(findingOf(f, /^Object Lock enabled$/)).toMatchObject({ ok: true });
        expect(findingOf(f, /^default retention COMPLIANCE for at least 3 days$/)).toMatchObject({
          ok: true,
          detail: 'default retention is COMPLIANCE for 3 days',
        });
        expect(findingOf(f, /^evidence can be written$/)).toMatchObject({ ok: true });
        // Ceph RGW 16: BlockPublicAcls blocks the owner's writes, so it is left off and reported.
        const bpa = findingOf(f, /^Block Public Access/);
        expect(bpa).toMatchObject({ ok: false, unsupported: true });
        expect(bpa.detail).toMatch(
          /not supported by this server: with BlockPublicAcls on it refuses every PutObject.*off: BlockPublicAcls$/,
        );
        // Ceph RGW 16 refuses bucket default encryption.
        const enc = findingOf(f, /^default encryption$/);
        expect(enc).toMatchObject({ ok: false, unsupported: true });
        expect(enc.detail).toMatch(/^not supported by this server: PutBucketEncryption was refused/);
        expect(enc.fix).toMatch(/put-bucket-encryption .*AES256/);
        expect(result.ready).toBe(false);
        expect(result.usable).toBe(true);

        const backend = await createS3Backend(config, { credentials: credentialsOf(gw) });
        await put(backend, 'ledger/0000000001.json', 'first entry');
        expect(new TextDecoder().decode(await backend.get('ledger/0000000001.json'))).toBe('first entry');
      });

      it('inspects an existing bucket without changing it and says how to fix each gap', async () => {
        const plain = uniqueBucket('binder-existing');
        await raw.send(new CreateBucketCommand({ Bucket: plain }));
        const result = await initS3Store(s3ConfigFor(gw, plain), { credentials: credentialsOf(gw) });
        expect(result.created).toBe(false);
        expect(findingOf(result.findings, /^versioning enabled$/)).toMatchObject({
          ok: false,
          fix: `aws s3api put-bucket-versioning --bucket ${plain} --versioning-configuration Status=Enabled`,
        });
        expect(findingOf(result.findings, /^Object Lock enabled$/)).toMatchObject({
          ok: false,
          detail: 'Object Lock is not enabled',
        });
        expect(findingOf(result.findings, /^default retention/)).toMatchObject({
          ok: false,
          detail: 'no default retention',
        });
        expect(findingOf(result.findings, /^Block Public Access/).detail).toMatch(
          /^off: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets$/,
        );
        expect(result.ready).toBe(false);
        expect(result.usable).toBe(false);
      });

      it('reports a retention shorter than configured and a bucket that refuses writes', async () => {
        const bucket = uniqueBucket('binder-weak');
        await createLockedBucket(raw, bucket, 1);
        await raw.send(
          new PutPublicAccessBlockCommand({
            Bucket: bucket,
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
          }),
        );
        const result = await initS3Store(
          s3ConfigFor(gw, bucket, { retention: { mode: 'COMPLIANCE', days: 30 } }),
          { credentials: credentialsOf(gw) },
        );
        expect(findingOf(result.findings, /^default retention/)).toMatchObject({
          ok: false,
          detail: 'default retention is COMPLIANCE for 1 days',
        });
        expect(findingOf(result.findings, /^default retention/).fix).toMatch(/"Days":30/);
        expect(findingOf(result.findings, /^Block Public Access/)).toMatchObject({ ok: true });
        const writable = findingOf(result.findings, /^evidence can be written$/);
        expect(writable.ok).toBe(false);
        expect(writable.detail).toMatch(/^PutObject is refused: AccessDenied/);
      });

      it('does not report a GOVERNANCE default retention as the COMPLIANCE it was asked for', async () => {
        const bucket = uniqueBucket('binder-gov');
        await raw.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
        await raw.send(
          new PutObjectLockConfigurationCommand({
            Bucket: bucket,
            ObjectLockConfiguration: {
              ObjectLockEnabled: 'Enabled',
              Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } },
            },
          }),
        );
        const result = await initS3Store(s3ConfigFor(gw, bucket), {
          credentials: credentialsOf(gw),
          create: false,
        });
        expect(findingOf(result.findings, /^default retention COMPLIANCE/)).toMatchObject({
          ok: false,
          detail: 'default retention is GOVERNANCE for 3650 days',
        });
      });

      it('reports a configured KMS key that the bucket default does not use', async () => {
        const result = await initS3Store(s3ConfigFor(gw, locked, { kmsKeyId: gw.kmsKeyId }), {
          credentials: credentialsOf(gw),
          create: false,
        });
        const kms = findingOf(result.findings, /^default encryption SSE-KMS with key binder-test-key$/);
        expect(kms.ok).toBe(false);
        expect(kms.detail).toMatch(/binder still asks for SSE-KMS with this key on every object it writes/);
      });
    });

    describe('gateway killed mid-write', () => {
      it('fails the put cleanly naming the endpoint, keeps what was stored, and writes again once radosgw is back', async () => {
        const bucket = uniqueBucket('binder-kill');
        await createLockedBucket(raw, bucket);
        const backend = await createS3Backend(s3ConfigFor(gw, bucket), {
          credentials: credentialsOf(gw),
          clientOverrides: { maxAttempts: 2 },
        });
        const written: string[] = [];
        let killed = false;
        let puts = 0;
        // kill -9 radosgw while the 6th PutObject is on the wire.
        backend.client.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName !== 'PutObjectCommand' || ++puts !== 6) return next(args);
            const inFlight = next(args);
            inFlight.catch(() => undefined);
            await gw.kill();
            killed = true;
            return inFlight;
          },
          { step: 'finalizeRequest', priority: 'low', name: 'killDuringPut' },
        );
        let failure: Error | null = null;
        for (let i = 0; i < 50 && !failure; i++) {
          const key = `packs/${String(i).padStart(4, '0')}.json`;
          try {
            await put(backend, key, `body ${i}`);
            written.push(key);
          } catch (err) {
            failure = err as Error;
          }
        }
        backend.client.middlewareStack.remove('killDuringPut');
        expect(killed).toBe(true);
        expect(failure).toBeInstanceOf(S3StoreError);
        expect(
          failure!.message.startsWith(
            `cannot reach the S3 endpoint ${gw.endpoint} (PutObject packs/0005.json)`,
          ),
        ).toBe(true);
        expect(written).toHaveLength(5);

        await gw.restart();
        // memstore keeps the data while the OSD lives: every completed write is still there and verifies.
        for (const key of written)
          expect(new TextDecoder().decode(await backend.get(key))).toMatch(/^body \d+$/);
        await put(backend, 'packs/after-restart.json', 'written after the restart');
        expect(new TextDecoder().decode(await backend.get('packs/after-restart.json'))).toBe(
          'written after the restart',
        );
        // The interrupted key is either absent or complete and verified, never half-written.
        const interrupted = `packs/${String(written.length).padStart(4, '0')}.json`;
        const outcome = await backend.get(interrupted).then(
          (b) => new TextDecoder().decode(b),
          (e: unknown) => e,
        );
        if (typeof outcome === 'string') expect(outcome).toBe(`body ${written.length}`);
        else expect(outcome).toBeInstanceOf(ObjectMissingError);
      });
    });
  },
);
