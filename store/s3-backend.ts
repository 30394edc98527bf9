/**
 * Write-once object storage in an S3 bucket with versioning and Object Lock (AWS S3, or an
 * S3-compatible server such as Ceph RGW).
 *
 * Layout: store key `a/b.json` is the object `<prefix>a/b.json`. Each object carries its SHA-256
 * in the metadata `x-amz-meta-sha256` (hex) and is sent with `x-amz-checksum-sha256` (AWS verifies
 * it) and `Content-MD5` (RGW verifies it), under an Object Lock retention (mode and days from the
 * config) and optionally a legal hold.
 *
 * Why write-once needs more than `If-None-Match: *`: RGW 16 ignores it on versioned buckets and
 * simply adds a version. So a put checks for the key first, writes conditionally, then lists the
 * key's versions: a second version means the key was written twice. Under COMPLIANCE retention
 * that extra version can never be deleted, so it is reported (ObjectExistsError now, inspect()
 * later) rather than cleaned up. A get always reads the oldest version (the original, locked since
 * it was written) and verifies it; a key hidden by a delete marker reads as missing.
 */
import { createHash } from 'node:crypto';
import {
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { sha256Hex } from '../model/canonical-json.ts';
import { systemClock, type Clock } from '../model/clock.ts';
import { assertSha256Hex, assertValidKey } from './object-key.ts';
import { CLAIMS_PREFIX, LEDGER_PREFIX } from './snapshot-keys.ts';
import {
  createS3Client,
  errorCode,
  S3StoreError,
  translateS3Error,
  type S3ClientOptions,
  type S3StoreConfig,
} from './s3-client.ts';
import {
  IntegrityError,
  ObjectExistsError,
  ObjectMissingError,
  type ObjectBackend,
  type PutOptions,
  type StoredObjectInfo,
  type StoreProblem,
} from './types.ts';

export type { S3StoreConfig } from './s3-client.ts';

const DAY_MS = 86_400_000;
/** Retention is computed from the writer's clock; allow that much skew against the server's time. */
const RETENTION_SLACK_MS = 60 * 60 * 1000;
const METADATA_SHA256 = 'sha256';

export interface S3BackendOptions extends S3ClientOptions {
  /** "Now" for retention dates (retain until = now + retention days). */
  clock?: Clock;
  /** Parallel HEAD requests in list() and inspect(). */
  concurrency?: number;
}

/** One entry of a key's version history, newest first as S3 lists it. */
interface VersionEntry {
  versionId: string;
  isDeleteMarker: boolean;
  etag: string | null;
  size: number;
  lastModified: Date | null;
}

export class S3Backend implements ObjectBackend {
  readonly location: string;
  readonly bucket: string;
  readonly prefix: string;
  /** Conflicts this process saw while writing (also visible later to inspect() from the versions). */
  private readonly conflicts: StoreProblem[] = [];

  constructor(
    readonly client: S3Client,
    readonly config: S3StoreConfig,
    private readonly clock: Clock = systemClock,
    private readonly concurrency = 16,
  ) {
    this.bucket = config.bucket;
    this.prefix = normalizePrefix(config.prefix);
    this.location = `s3://${config.bucket}/${this.prefix}${config.endpoint ? ` at ${config.endpoint}` : ''}`;
  }

  /** Fails with what to fix unless the bucket exists with versioning and Object Lock enabled. */
  async checkBucket(): Promise<void> {
    const problems = await this.bucketProblems();
    if (problems.length > 0)
      throw new S3StoreError(problems.map((p) => p.message).join('; '), 'BucketNotReady');
  }

  async put(key: string, body: Uint8Array, options: PutOptions): Promise<StoredObjectInfo> {
    assertValidKey(key);
    assertSha256Hex(options.sha256, key);
    const actual = sha256Hex(body);
    if (actual !== options.sha256) {
      throw new IntegrityError(
        `refusing to store ${key}: caller said sha256 ${options.sha256} but the body hashes to ${actual}`,
        key,
      );
    }
    if (await this.exists(key)) throw this.existsError(key, 'it already exists');

    const s3Key = this.s3Key(key);
    const { retention, legalHold, kmsKeyId } = this.config;
    let versionId: string | null;
    try {
      const out = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: s3Key,
          Body: body,
          ContentLength: body.byteLength,
          ContentType: options.contentType ?? 'application/octet-stream',
          ContentMD5: createHash('md5').update(body).digest('base64'),
          ChecksumSHA256: Buffer.from(actual, 'hex').toString('base64'),
          Metadata: { [METADATA_SHA256]: actual },
          // AWS refuses a second write with 412; RGW 16 ignores this on versioned buckets (checked below).
          IfNoneMatch: '*',
          ObjectLockMode: retention.mode,
          ObjectLockRetainUntilDate: new Date(this.clock.now().getTime() + retention.days * DAY_MS),
          ...(legalHold ? { ObjectLockLegalHoldStatus: 'ON' as const } : {}),
          ...(kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kmsKeyId } : {}),
        }),
      );
      versionId = out.VersionId ?? null;
    } catch (err) {
      const code = errorCode(err);
      if (code === 'PreconditionFailed' || code === 'ConditionalRequestConflict') {
        throw this.existsError(
          key,
          'another writer created it first (the server refused the conditional write)',
        );
      }
      throw translateS3Error(err, { config: this.config, operation: `PutObject ${key}`, key });
    }
    await this.confirmOnlyVersion(key, versionId, actual, body.byteLength);
    return { key, size: body.byteLength, sha256: actual, versionId };
  }

  async get(key: string): Promise<Uint8Array> {
    assertValidKey(key);
    // The latest version is fetched alongside the listing: in the normal case (one version) it is
    // the original and the read costs one round trip.
    const latestRead = this.readVersion(key, undefined).catch((err: unknown) => err as Error);
    const versions = await this.versionsOf(key);
    const objects = versions.filter((v) => !v.isDeleteMarker);
    const markers = versions.filter((v) => v.isDeleteMarker);
    const original = objects[objects.length - 1];
    if (!original) {
      await latestRead;
      throw new ObjectMissingError(`${key} is not in ${this.location}`, key);
    }
    if (markers.length > 0) {
      await latestRead;
      throw new ObjectMissingError(
        `${key} is missing from ${this.location}: it was deleted (delete marker ${markers.map((m) => m.versionId).join(', ')}); ` +
          `its locked original version ${original.versionId} is retained and reappears when the delete marker is removed`,
        key,
      );
    }
    // Later versions (a second write, or an intruder's) never replace the original: it is the
    // evidence, locked since it was written. inspect() reports them.
    const latest = await latestRead;
    const read =
      !(latest instanceof Error) && latest.versionId === original.versionId
        ? latest
        : await this.readVersion(key, original.versionId);
    if (read instanceof Error) throw read;
    if (!read.sha256) {
      throw new IntegrityError(
        `${key} in ${this.location} has no x-amz-meta-sha256: its content cannot be verified (not written by binder?)`,
        key,
      );
    }
    const actual = sha256Hex(read.bytes);
    if (actual !== read.sha256) {
      throw new IntegrityError(
        `${key} in ${this.location} is altered: recorded sha256 ${read.sha256}, content hashes to ${actual}`,
        key,
      );
    }
    return read.bytes;
  }

  /** The original version's bytes, not checked against its recorded sha256 (see ObjectBackend). */
  async getUnchecked(key: string): Promise<Uint8Array> {
    assertValidKey(key);
    const objects = (await this.versionsOf(key)).filter((v) => !v.isDeleteMarker);
    const original = objects[objects.length - 1];
    if (!original) throw new ObjectMissingError(`${key} is not in ${this.location}`, key);
    return (await this.readVersion(key, original.versionId)).bytes;
  }

  private async readVersion(
    key: string,
    versionId: string | undefined,
  ): Promise<{ bytes: Uint8Array; sha256: string | undefined; versionId: string | null }> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.s3Key(key), VersionId: versionId }),
      );
      const bytes = await out.Body!.transformToByteArray();
      return { bytes, sha256: out.Metadata?.[METADATA_SHA256], versionId: out.VersionId ?? null };
    } catch (err) {
      if (errorCode(err) === 'NoSuchKey' || errorCode(err) === 'NoSuchVersion') {
        throw new ObjectMissingError(
          `${key}${versionId ? ` version ${versionId}` : ''} is not in ${this.location}`,
          key,
        );
      }
      throw translateS3Error(err, { config: this.config, operation: `GetObject ${key}`, key });
    }
  }

  /** True once a key was ever written, even if a delete marker now hides it (it can't be rewritten). */
  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    return (await this.versionsOf(key)).length > 0;
  }

  async list(prefix: string): Promise<StoredObjectInfo[]> {
    const keys = await this.listKeys(prefix);
    // The listing has no metadata: the recorded SHA-256 comes from a HEAD of each object.
    return pLimit(this.concurrency).map(keys, async (key) => {
      const head = await this.head(key);
      return {
        key,
        size: head.ContentLength ?? 0,
        sha256: head.Metadata?.[METADATA_SHA256] ?? '',
        versionId: head.VersionId ?? null,
      };
    });
  }

  async listKeys(prefix: string): Promise<string[]> {
    if (prefix !== '') assertValidKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
    const keys: string[] = [];
    try {
      const pages = paginateListObjectsV2(
        { client: this.client },
        { Bucket: this.bucket, Prefix: this.prefix + prefix },
      );
      for await (const page of pages) {
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(this.prefix.length));
      }
    } catch (err) {
      throw translateS3Error(err, {
        config: this.config,
        operation: `ListObjectsV2 ${this.prefix + prefix}`,
      });
    }
    return keys.sort(compareKeys);
  }

  /**
   * Integrity findings S3 alone can show: bucket settings, keys with more than one version
   * (a second write or tampering), delete markers, versions without retention or with a shorter
   * or weaker one than configured, missing legal hold, objects without the recorded SHA-256.
   */
  async inspect(): Promise<StoreProblem[]> {
    const problems: StoreProblem[] = [...(await this.bucketProblems())];
    const byKey = new Map<string, VersionEntry[]>();
    for (const [s3Key, entry] of await this.allVersions()) {
      const key = s3Key.slice(this.prefix.length);
      byKey.set(key, [...(byKey.get(key) ?? []), entry]);
    }
    const toHead: { key: string; v: VersionEntry }[] = [];
    for (const [key, versions] of [...byKey].sort(([a], [b]) => compareKeys(a, b))) {
      try {
        assertValidKey(key);
      } catch {
        problems.push({
          severity: 'warning',
          key,
          message: `object ${this.prefix}${key} is not a valid store key (not written by binder?)`,
        });
      }
      const objects = versions.filter((v) => !v.isDeleteMarker);
      const markers = versions.filter((v) => v.isDeleteMarker);
      if (markers.length > 0) {
        problems.push({
          severity: 'error',
          key,
          message: `${key} has ${markers.length} delete marker(s) (${markers.map((m) => m.versionId).join(', ')}): someone deleted evidence; ${objects.length} retained version(s) remain`,
        });
      }
      if (objects.length > 1 && key.startsWith(CLAIMS_PREFIX)) {
        // Losing slot claims (first version wins): expected, and the original is what reads return.
      } else if (objects.length > 1 && key.startsWith(LEDGER_PREFIX) && lostAppendRace(objects)) {
        problems.push({
          severity: 'warning',
          key,
          message: `${key} has ${objects.length} versions written within ${RACE_WINDOW_MS / 1000} s of each other: concurrent collectors appended the same seq and the later ones were retried at a later seq (reads and verify use the original, ${objects[objects.length - 1]!.versionId})`,
        });
      } else if (objects.length > 1) {
        const identical = await this.areIdentical(key, objects);
        problems.push({
          severity: identical ? 'warning' : 'error',
          key,
          message: identical
            ? `${key} has ${objects.length} versions of identical content (a retried or repeated upload)`
            : `${key} has ${objects.length} versions with different content (original ${objects[objects.length - 1]!.versionId}, later ${objects
                .slice(0, -1)
                .map((v) => v.versionId)
                .join(', ')}): a second write or tampering attempt`,
        });
      }
      for (const v of objects) toHead.push({ key, v });
    }
    const perVersion = await pLimit(this.concurrency).map(toHead, ({ key, v }) => this.versionProblems(key, v));
    problems.push(...perVersion.flat());
    for (const c of this.conflicts) {
      // What the versions already show for the key (at the same or a graver level) is not repeated.
      if (!problems.some((p) => p.key === c.key && (p.message === c.message || p.severity === 'error' || p.severity === c.severity))) problems.push(c);
    }
    return problems;
  }

  private async versionProblems(key: string, v: VersionEntry): Promise<StoreProblem[]> {
    const out: StoreProblem[] = [];
    const where = `${key} version ${v.versionId}`;
    let head: HeadObjectCommandOutput;
    try {
      head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.s3Key(key), VersionId: v.versionId }),
      );
    } catch (err) {
      const e = translateS3Error(err, { config: this.config, operation: `HeadObject ${where}`, key });
      return [{ severity: 'error', key, message: e.message }];
    }
    if (!head.Metadata?.[METADATA_SHA256]) {
      out.push({
        severity: 'error',
        key,
        message: `${where} has no x-amz-meta-sha256: its content cannot be verified`,
      });
    }
    let mode = head.ObjectLockMode ?? null;
    let until = head.ObjectLockRetainUntilDate ?? null;
    if (!mode) {
      // HEAD omits retention without s3:GetObjectRetention on some servers: ask directly.
      try {
        const r = await this.client.send(
          new GetObjectRetentionCommand({
            Bucket: this.bucket,
            Key: this.s3Key(key),
            VersionId: v.versionId,
          }),
        );
        mode = r.Retention?.Mode ?? null;
        until = r.Retention?.RetainUntilDate ?? null;
      } catch (err) {
        const code = errorCode(err);
        if (code !== 'NoSuchObjectLockConfiguration' && code !== 'ObjectLockConfigurationNotFoundError') {
          const e = translateS3Error(err, {
            config: this.config,
            operation: `GetObjectRetention ${where}`,
            key,
          });
          out.push({
            severity: 'warning',
            key,
            message: `cannot read the retention of ${where}: ${e.message}`,
          });
          return out;
        }
      }
    }
    const { mode: wantMode, days } = this.config.retention;
    if (!mode || !until) {
      out.push({
        severity: 'error',
        key,
        message: `${where} has no Object Lock retention: it can be deleted`,
      });
    } else {
      if (mode !== wantMode) {
        out.push({
          severity: mode === 'GOVERNANCE' ? 'error' : 'warning',
          key,
          message: `${where} is locked in ${mode} mode, configured ${wantMode}${mode === 'GOVERNANCE' ? ' (GOVERNANCE can be bypassed by a privileged user)' : ''}`,
        });
      }
      const written = head.LastModified ?? v.lastModified;
      if (written && until.getTime() < written.getTime() + days * DAY_MS - RETENTION_SLACK_MS) {
        out.push({
          severity: 'error',
          key,
          message: `${where} is retained until ${until.toISOString()}, shorter than the configured ${days} days from ${written.toISOString()}`,
        });
      }
    }
    if (this.config.legalHold && head.ObjectLockLegalHoldStatus !== 'ON') {
      out.push({
        severity: 'warning',
        key,
        message: `${where} has no legal hold although legalHold is configured`,
      });
    }
    return out;
  }

  /** Versioning and Object Lock of the bucket, as problems (empty when ready). */
  private async bucketProblems(): Promise<StoreProblem[]> {
    const problems: StoreProblem[] = [];
    const b = this.bucket;
    let status: string | undefined;
    try {
      status = (await this.client.send(new GetBucketVersioningCommand({ Bucket: b }))).Status;
    } catch (err) {
      throw translateS3Error(err, { config: this.config, operation: `GetBucketVersioning ${b}` });
    }
    if (status !== 'Enabled') {
      problems.push({
        severity: 'error',
        key: null,
        message: `bucket ${b} has versioning ${status ? status.toLowerCase() : 'never enabled'}; the evidence store needs versioning and Object Lock: create the bucket with \`binder store init\` (or enable versioning and Object Lock on it)`,
      });
    }
    let lockEnabled = false;
    try {
      const out = await this.client.send(new GetObjectLockConfigurationCommand({ Bucket: b }));
      lockEnabled = out.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
    } catch (err) {
      const code = errorCode(err);
      if (code !== 'ObjectLockConfigurationNotFoundError' && code !== 'NoSuchObjectLockConfiguration') {
        throw translateS3Error(err, { config: this.config, operation: `GetObjectLockConfiguration ${b}` });
      }
    }
    if (!lockEnabled) {
      problems.push({
        severity: 'error',
        key: null,
        message: `bucket ${b} does not have Object Lock enabled, so evidence in it could be deleted or overwritten: create the bucket with \`binder store init\` (Object Lock is enabled at creation; on AWS it can also be enabled on a versioned bucket with put-object-lock-configuration)`,
      });
    }
    return problems;
  }

  /** Fails loudly when this put was not the only write of the key. */
  private async confirmOnlyVersion(
    key: string,
    versionId: string | null,
    sha256: string,
    size: number,
  ): Promise<void> {
    if (versionId === null) return; // not versioned: checkBucket() refuses such buckets at open
    const versions = await this.versionsOf(key);
    const others = versions.filter((v) => v.versionId !== versionId);
    if (others.length === 0) return;
    const ours = versions.find((v) => v.versionId === versionId);
    const sameContent = await this.allMatch(key, others, sha256, size);
    const until = new Date(this.clock.now().getTime() + this.config.retention.days * DAY_MS).toISOString();
    if (sameContent) {
      // e.g. the SDK retried a put the server had already stored: same bytes, nothing altered.
      this.conflicts.push({
        severity: 'warning',
        key,
        message: `${key} was stored ${versions.length} times with identical content (a retried upload)`,
      });
      return;
    }
    const oursIsOriginal = ours !== undefined && versions[versions.length - 1] === ours;
    // Slot claims race by design: the oldest version wins and the others were told so.
    if (key.startsWith(CLAIMS_PREFIX)) {
      if (oursIsOriginal) return;
      throw new ObjectExistsError(`${key} was claimed first by another writer (version ${versions[versions.length - 1]!.versionId})`, key);
    }
    const message =
      `${key} has ${versions.length} versions in ${this.location}: ` +
      (oursIsOriginal
        ? `another writer added ${others.map((v) => v.versionId).join(', ')} after this put's ${versionId}`
        : `this put added version ${versionId} to a key that was already written (the server did not refuse it); ` +
          `under ${this.config.retention.mode} retention it cannot be removed before ${until}, and \`binder store verify\` reports it`);
    const race = key.startsWith(LEDGER_PREFIX) && lostAppendRace(versions.filter((v) => !v.isDeleteMarker));
    this.conflicts.push({ severity: race ? 'warning' : 'error', key, message: race ? `${message} (concurrent collectors appending the same seq: the later one is retried)` : message });
    if (!oursIsOriginal) throw new ObjectExistsError(message, key);
  }

  /** True if every version holds the same content (same size and recorded SHA-256, or same ETag). */
  private async areIdentical(key: string, versions: VersionEntry[]): Promise<boolean> {
    const [first, ...rest] = versions;
    if (!first) return true;
    if (rest.every((v) => v.size === first.size && v.etag !== null && v.etag === first.etag)) return true;
    const firstHead = await this.head(key, first.versionId);
    return this.allMatch(key, rest, firstHead.Metadata?.[METADATA_SHA256] ?? '', first.size);
  }

  private async allMatch(
    key: string,
    versions: VersionEntry[],
    sha256: string,
    size: number,
  ): Promise<boolean> {
    for (const v of versions) {
      if (v.isDeleteMarker || v.size !== size) return false;
      const head = await this.head(key, v.versionId);
      if (head.Metadata?.[METADATA_SHA256] !== sha256) return false;
    }
    return true;
  }

  private async head(key: string, versionId?: string): Promise<HeadObjectCommandOutput> {
    try {
      return await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.s3Key(key), VersionId: versionId }),
      );
    } catch (err) {
      if (errorCode(err) === 'NotFound' || errorCode(err) === 'NoSuchKey') {
        throw new ObjectMissingError(
          `${key}${versionId ? ` version ${versionId}` : ''} is not in ${this.location}`,
          key,
        );
      }
      throw translateS3Error(err, { config: this.config, operation: `HeadObject ${key}`, key });
    }
  }

  /** Versions and delete markers of exactly this key, newest first. */
  private async versionsOf(key: string): Promise<VersionEntry[]> {
    const s3Key = this.s3Key(key);
    const out: VersionEntry[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    try {
      for (;;) {
        const page = await this.client.send(
          new ListObjectVersionsCommand({
            Bucket: this.bucket,
            Prefix: s3Key,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
          }),
        );
        const entries = pageEntries(page);
        for (const [k, e] of entries) if (k === s3Key) out.push(e);
        // Versions of the exact key sort before every longer key with it as prefix: stop once past it.
        const pastKey = entries.some(([k]) => k !== s3Key);
        if (!page.IsTruncated || pastKey) return out;
        keyMarker = page.NextKeyMarker;
        versionIdMarker = page.NextVersionIdMarker;
      }
    } catch (err) {
      throw translateS3Error(err, { config: this.config, operation: `ListObjectVersions ${key}`, key });
    }
  }

  private async allVersions(): Promise<[string, VersionEntry][]> {
    const out: [string, VersionEntry][] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    try {
      for (;;) {
        const page = await this.client.send(
          new ListObjectVersionsCommand({
            Bucket: this.bucket,
            Prefix: this.prefix || undefined,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
          }),
        );
        out.push(...pageEntries(page));
        if (!page.IsTruncated) return out;
        keyMarker = page.NextKeyMarker;
        versionIdMarker = page.NextVersionIdMarker;
      }
    } catch (err) {
      throw translateS3Error(err, {
        config: this.config,
        operation: `ListObjectVersions ${this.prefix || '(whole bucket)'}`,
      });
    }
  }

  private s3Key(key: string): string {
    return this.prefix + key;
  }

  private existsError(key: string, why: string): ObjectExistsError {
    return new ObjectExistsError(
      `${key} cannot be written to ${this.location}: ${why}; evidence is write-once and is never overwritten`,
      key,
    );
  }
}

/**
 * Opens the S3 evidence store: builds the client and checks the bucket has versioning and
 * Object Lock, failing with what to fix otherwise (and on bad credentials, a missing bucket or an
 * unreachable endpoint).
 */
export async function createS3Backend(
  config: S3StoreConfig,
  options: S3BackendOptions = {},
): Promise<S3Backend> {
  const backend = new S3Backend(
    createS3Client(config, options),
    config,
    options.clock ?? systemClock,
    options.concurrency ?? 16,
  );
  await backend.checkBucket();
  return backend;
}

function pageEntries(page: {
  Versions?: { Key?: string; VersionId?: string; ETag?: string; Size?: number; LastModified?: Date }[];
  DeleteMarkers?: { Key?: string; VersionId?: string; LastModified?: Date }[];
}): [string, VersionEntry][] {
  // S3 returns versions and delete markers in two lists; merge them back into the newest-first
  // order of each key (by LastModified, versions before markers at equal times is arbitrary).
  const entries: [string, VersionEntry, number][] = [];
  let i = 0;
  for (const v of page.Versions ?? []) {
    entries.push([
      v.Key ?? '',
      {
        versionId: v.VersionId ?? 'null',
        isDeleteMarker: false,
        etag: v.ETag ?? null,
        size: v.Size ?? 0,
        lastModified: v.LastModified ?? null,
      },
      i++,
    ]);
  }
  for (const m of page.DeleteMarkers ?? []) {
    entries.push([
      m.Key ?? '',
      {
        versionId: m.VersionId ?? 'null',
        isDeleteMarker: true,
        etag: null,
        size: 0,
        lastModified: m.LastModified ?? null,
      },
      i++,
    ]);
  }
  entries.sort(([ka, a, ia], [kb, b, ib]) => {
    if (ka !== kb) return compareKeys(ka, kb);
    const ta = a.lastModified?.getTime() ?? 0;
    const tb = b.lastModified?.getTime() ?? 0;
    if (ta !== tb) return tb - ta;
    if (a.isDeleteMarker !== b.isDeleteMarker) return a.isDeleteMarker ? -1 : 1;
    return ia - ib;
  });
  return entries.map(([k, e]) => [k, e]);
}

/** Versions of one ledger key written this close together are an append race between collectors, not a later overwrite. */
const RACE_WINDOW_MS = 120_000;

function lostAppendRace(objects: VersionEntry[]): boolean {
  const original = objects[objects.length - 1]!.lastModified?.getTime();
  if (original === undefined) return false;
  return objects.every((v) => v.lastModified !== null && v.lastModified.getTime() - original <= RACE_WINDOW_MS);
}

function normalizePrefix(prefix: string): string {
  const p = prefix.replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

/** Byte order of the key (what S3 lists in), not locale order. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
