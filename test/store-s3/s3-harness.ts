/**
 * Test helpers for the S3 backend against a real Ceph gateway: configs, raw SDK clients, fresh
 * Object Lock buckets, and the contract-suite harness with an intruder's hands.
 *
 * tamper(key) flips one byte of the stored original version *inside RADOS* (the gateway's storage
 * layer), which is what "stored bytes altered behind the backend's back" means for S3: through
 * the S3 API a locked version cannot be changed at all, only a new version added (tested apart).
 * remove(key) is what an intruder can do through S3 under Object Lock: a plain DeleteObject, which
 * leaves a delete marker. There is no replace(): a locked version's content cannot be replaced.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3StoreConfig as S3StoreConfigSchema } from '../../config/schema.ts';
import type { Clock } from '../../model/clock.ts';
import { createS3Backend, type S3Backend } from '../../store/s3-backend.ts';
import type { S3StoreConfig } from '../../store/s3-client.ts';
import type { BackendHarness } from '../store/backend-contract.ts';
import type { Gateway } from './gateway.ts';

const run = promisify(execFile);
let counter = 0;

/** A bucket name unique to this process and call. */
export function uniqueBucket(label: string): string {
  return `${label}-${process.pid}-${Date.now().toString(36)}-${counter++}`.slice(0, 63);
}

/** A parsed store config for the gateway: path-style, WHEN_REQUIRED checksums, 1-day COMPLIANCE. */
export function s3ConfigFor(
  gw: Gateway,
  bucket: string,
  overrides: Record<string, unknown> = {},
): S3StoreConfig {
  return S3StoreConfigSchema.parse({
    type: 's3',
    bucket,
    endpoint: gw.endpoint,
    forcePathStyle: true,
    checksumMode: 'WHEN_REQUIRED',
    retention: { mode: 'COMPLIANCE', days: 1 },
    ...overrides,
  });
}

export function credentialsOf(gw: Gateway) {
  return { accessKeyId: gw.accessKeyId, secretAccessKey: gw.secretAccessKey };
}

/** A plain SDK client, as an operator (or intruder) with the same keys would use. */
export function rawClient(gw: Gateway): S3Client {
  return new S3Client({
    endpoint: gw.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: credentialsOf(gw),
  });
}

/** Creates a bucket with Object Lock and a default COMPLIANCE retention of `days`. */
export async function createLockedBucket(client: S3Client, bucket: string, days = 1): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  await client.send(
    new PutObjectLockConfigurationCommand({
      Bucket: bucket,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: days } },
      },
    }),
  );
}

export async function versionIdsOf(
  client: S3Client,
  bucket: string,
  s3Key: string,
): Promise<{ versions: string[]; markers: string[] }> {
  const out = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: s3Key }));
  return {
    versions: (out.Versions ?? []).filter((v) => v.Key === s3Key).map((v) => v.VersionId!),
    markers: (out.DeleteMarkers ?? []).filter((m) => m.Key === s3Key).map((m) => m.VersionId!),
  };
}

/** Flips the middle byte of one stored version directly in the RADOS data pool. */
export async function flipByteInRados(gw: Gateway, s3Key: string, versionId: string): Promise<void> {
  const rados = ['-c', join(gw.dir, 'ceph.conf'), '-p', 'default.rgw.buckets.data'];
  const { stdout } = await run('rados', [...rados, 'ls'], { maxBuffer: 64 * 1024 * 1024 });
  const suffix = `__:${versionId}_${s3Key}`;
  const oid = stdout.split('\n').find((l) => l.endsWith(suffix));
  if (!oid) throw new Error(`no RADOS object ends with ${suffix}`);
  const tmp = mkdtempSync(join(tmpdir(), 'binder-rados-'));
  try {
    const file = join(tmp, 'obj');
    await run('rados', [...rados, 'get', oid, file]);
    const body = readFileSync(file);
    if (body.length === 0)
      throw new Error(`RADOS object ${oid} holds no data (tail objects are not handled)`);
    const i = Math.floor(body.length / 2);
    body[i] = body[i]! ^ 0x01;
    writeFileSync(file, body);
    await run('rados', [...rados, 'put', oid, file]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface S3Harness extends BackendHarness {
  backend: S3Backend;
  client: S3Client;
  bucket: string;
  config: S3StoreConfig;
}

export async function makeS3Harness(
  gw: Gateway,
  options: { prefix?: string; clock?: Clock; overrides?: Record<string, unknown> } = {},
): Promise<S3Harness> {
  const client = rawClient(gw);
  const bucket = uniqueBucket('binder-contract');
  await createLockedBucket(client, bucket);
  const config = s3ConfigFor(gw, bucket, { prefix: options.prefix ?? '', ...options.overrides });
  const backend = await createS3Backend(config, {
    credentials: credentialsOf(gw),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const s3Key = (key: string) => backend.prefix + key;
  return {
    backend,
    client,
    bucket,
    config,
    async tamper(key) {
      const { versions } = await versionIdsOf(client, bucket, s3Key(key));
      const original = versions[versions.length - 1];
      if (!original) throw new Error(`tamper: ${key} has no version in ${bucket}`);
      await flipByteInRados(gw, s3Key(key), original);
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: s3Key(key) }));
    },
    async cleanup() {
      // Locked versions cannot be deleted; the whole cluster is thrown away after the run.
      backend.client.destroy();
      client.destroy();
    },
  };
}
