/**
 * `binder store init` for S3: creates the evidence bucket with Object Lock (and so versioning),
 * default retention, Block Public Access and default encryption, or inspects an existing bucket;
 * either way returns one finding per setting saying whether it is right and how to fix it.
 *
 * Servers differ: Ceph RGW 16 has no bucket default encryption, and with BlockPublicAcls on it
 * refuses every PutObject, even the owner's. Such gaps are findings marked unsupported (never
 * reported as ok), and a write probe shows whether evidence can actually be written.
 */
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  createS3Client,
  endpointOf,
  errorCode,
  httpStatus,
  translateS3Error,
  type S3ClientOptions,
  type S3StoreConfig,
} from './s3-client.ts';

export interface BucketFinding {
  /** True only when the setting was read back and is as required. */
  ok: boolean;
  /** The requirement, e.g. "versioning enabled". */
  what: string;
  /** What the bucket actually has. */
  detail: string;
  /** How to fix it (null when ok). */
  fix: string | null;
  /** The server does not implement or refuses this setting: it cannot be made ok here. */
  unsupported?: boolean;
}

export interface InitS3StoreOptions extends S3ClientOptions {
  /** Create the bucket when it does not exist (default true); false only inspects. */
  create?: boolean;
}

export interface InitS3StoreResult {
  location: string;
  /** True if this call created the bucket. */
  created: boolean;
  findings: BucketFinding[];
  /** Every finding ok. */
  ready: boolean;
  /** Every finding ok or unsupported by this server: evidence is versioned, locked and writable. */
  usable: boolean;
}

const UNSUPPORTED_CODES = new Set([
  'NotImplemented',
  'MethodNotAllowed',
  'InvalidArgument',
  'InvalidRequest',
  'UnsupportedOperation',
]);
/** Content-MD5 of the empty string: deliberately wrong for the probe body, so nothing is stored. */
const WRONG_MD5 = '1B2M2Y8AsgTpgAmY7PhCfg==';
const PROBE_BODY = 'binder write probe';

/** Notes from applying settings that reading them back cannot show. */
interface ApplyNotes {
  encryptionRefused?: string;
  publicAccessBlockRefused?: string;
  blockPublicAclsBreaksWrites?: boolean;
}

export async function initS3Store(
  config: S3StoreConfig,
  options: InitS3StoreOptions = {},
): Promise<InitS3StoreResult> {
  const client = createS3Client(config, options);
  const location = `s3://${config.bucket} at ${endpointOf(config)}`;
  const exists = await bucketExists(client, config);
  let created = false;
  const notes: ApplyNotes = {};
  if (!exists) {
    if (options.create === false) {
      return {
        location,
        created,
        ready: false,
        usable: false,
        findings: [
          {
            ok: false,
            what: 'bucket exists',
            detail: `bucket ${config.bucket} does not exist`,
            fix: 'run `binder store init` to create it',
          },
        ],
      };
    }
    created = await createBucket(client, config, notes);
  }
  const findings = await inspectS3Bucket(client, config, notes);
  return {
    location,
    created,
    findings,
    ready: findings.every((f) => f.ok),
    usable: findings.every((f) => f.ok || f.unsupported === true),
  };
}

async function bucketExists(client: S3Client, config: S3StoreConfig): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
    return true;
  } catch (err) {
    if (httpStatus(err) === 404 || errorCode(err) === 'NotFound' || errorCode(err) === 'NoSuchBucket')
      return false;
    throw translateS3Error(err, { config, operation: `HeadBucket ${config.bucket}` });
  }
}

async function createBucket(client: S3Client, config: S3StoreConfig, notes: ApplyNotes): Promise<boolean> {
  const Bucket = config.bucket;
  const send = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw translateS3Error(err, { config, operation });
    }
  };
  let created = true;
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket,
        ObjectLockEnabledForBucket: true,
        ...(config.region !== 'us-east-1'
          ? { CreateBucketConfiguration: { LocationConstraint: config.region as never } }
          : {}),
      }),
    );
  } catch (err) {
    if (errorCode(err) !== 'BucketAlreadyOwnedByYou')
      throw translateS3Error(err, { config, operation: `CreateBucket ${Bucket}` });
    created = false; // created concurrently by us: inspect it as it is
  }
  await send(`PutBucketVersioning ${Bucket}`, () =>
    client.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } })),
  );
  await send(`PutObjectLockConfiguration ${Bucket}`, () =>
    client.send(
      new PutObjectLockConfigurationCommand({
        Bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: config.retention.mode, Days: config.retention.days } },
        },
      }),
    ),
  );

  try {
    await client.send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: config.kmsKeyId
                ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: config.kmsKeyId }
                : { SSEAlgorithm: 'AES256' },
              ...(config.kmsKeyId ? { BucketKeyEnabled: true } : {}),
            },
          ],
        },
      }),
    );
  } catch (err) {
    if (!UNSUPPORTED_CODES.has(errorCode(err)))
      throw translateS3Error(err, { config, operation: `PutBucketEncryption ${Bucket}` });
    notes.encryptionRefused = errorCode(err);
  }

  const allOn: PublicAccessBlockConfiguration = {
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  };
  try {
    await client.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: allOn }));
  } catch (err) {
    if (!UNSUPPORTED_CODES.has(errorCode(err)))
      throw translateS3Error(err, { config, operation: `PutPublicAccessBlock ${Bucket}` });
    notes.publicAccessBlockRefused = errorCode(err);
    return created;
  }
  if ((await probeWrite(client, config)).outcome === 'denied') {
    // Ceph RGW (15, 16) refuses every PutObject once BlockPublicAcls is on: keep the bucket usable
    // with the other three settings and report BlockPublicAcls as not supported.
    await send(`PutPublicAccessBlock ${Bucket}`, () =>
      client.send(
        new PutPublicAccessBlockCommand({
          Bucket,
          PublicAccessBlockConfiguration: { ...allOn, BlockPublicAcls: false },
        }),
      ),
    );
    if ((await probeWrite(client, config)).outcome !== 'denied') notes.blockPublicAclsBreaksWrites = true;
  }
  return created;
}

/** Read-only check of every setting (plus a write probe that stores nothing), one finding each. */
export async function inspectS3Bucket(
  client: S3Client,
  config: S3StoreConfig,
  notes: ApplyNotes = {},
): Promise<BucketFinding[]> {
  const Bucket = config.bucket;
  const findings: BucketFinding[] = [];
  const read = async <T>(
    operation: string,
    fn: () => Promise<T>,
    absent: string[],
  ): Promise<T | 'absent' | { unsupported: string }> => {
    try {
      return await fn();
    } catch (err) {
      const code = errorCode(err);
      if (absent.includes(code)) return 'absent';
      if (UNSUPPORTED_CODES.has(code)) return { unsupported: code };
      throw translateS3Error(err, { config, operation });
    }
  };
  const cli = (args: string) => `aws s3api ${args} --bucket ${Bucket}`;

  const versioning = await read(
    `GetBucketVersioning ${Bucket}`,
    () => client.send(new GetBucketVersioningCommand({ Bucket })),
    [],
  );
  const vStatus = typeof versioning === 'object' && 'Status' in versioning ? versioning.Status : undefined;
  findings.push({
    ok: vStatus === 'Enabled',
    what: 'versioning enabled',
    detail: `versioning is ${vStatus ?? 'not enabled'}`,
    fix:
      vStatus === 'Enabled'
        ? null
        : `${cli('put-bucket-versioning')} --versioning-configuration Status=Enabled`,
  });

  const lock = await read(
    `GetObjectLockConfiguration ${Bucket}`,
    () => client.send(new GetObjectLockConfigurationCommand({ Bucket })),
    ['ObjectLockConfigurationNotFoundError', 'NoSuchObjectLockConfiguration'],
  );
  const lockCfg = lock !== 'absent' && !('unsupported' in lock) ? lock.ObjectLockConfiguration : undefined;
  const lockOn = lockCfg?.ObjectLockEnabled === 'Enabled';
  findings.push({
    ok: lockOn,
    what: 'Object Lock enabled',
    detail: lockOn
      ? 'Object Lock is enabled'
      : lock !== 'absent' && 'unsupported' in lock
        ? `the server refused GetObjectLockConfiguration (${lock.unsupported})`
        : 'Object Lock is not enabled',
    fix: lockOn
      ? null
      : 'create a new bucket with `binder store init` (Object Lock is set at creation); on AWS a versioned bucket can also get it with put-object-lock-configuration',
    ...(lock !== 'absent' && 'unsupported' in lock ? { unsupported: true } : {}),
  });

  const rule = lockCfg?.Rule?.DefaultRetention;
  const ruleDays = rule?.Days ?? (rule?.Years !== undefined ? rule.Years * 365 : undefined);
  const want = config.retention;
  const retentionOk = rule?.Mode === want.mode && ruleDays !== undefined && ruleDays >= want.days;
  findings.push({
    ok: retentionOk,
    what: `default retention ${want.mode} for at least ${want.days} days`,
    detail: rule
      ? `default retention is ${rule.Mode ?? 'no mode'} for ${ruleDays ?? '?'} days`
      : 'no default retention',
    fix: retentionOk
      ? null
      : `${cli('put-object-lock-configuration')} --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"${want.mode}","Days":${want.days}}}}'`,
  });

  const bpa = await read(
    `GetPublicAccessBlock ${Bucket}`,
    () => client.send(new GetPublicAccessBlockCommand({ Bucket })),
    ['NoSuchPublicAccessBlockConfiguration'],
  );
  const bpaCfg = bpa !== 'absent' && !('unsupported' in bpa) ? bpa.PublicAccessBlockConfiguration : undefined;
  const flags = [
    'BlockPublicAcls',
    'IgnorePublicAcls',
    'BlockPublicPolicy',
    'RestrictPublicBuckets',
  ] as const;
  const off = flags.filter((f) => bpaCfg?.[f] !== true);
  const bpaUnsupported =
    notes.blockPublicAclsBreaksWrites ||
    notes.publicAccessBlockRefused ||
    (bpa !== 'absent' && 'unsupported' in bpa);
  findings.push({
    ok: off.length === 0,
    what: 'Block Public Access: all four settings on',
    detail:
      off.length === 0
        ? 'all four settings are on'
        : notes.blockPublicAclsBreaksWrites
          ? `not supported by this server: with BlockPublicAcls on it refuses every PutObject, even the owner's (a Ceph RGW bug), so it was left off; off: ${off.join(', ')}`
          : notes.publicAccessBlockRefused
            ? `not supported by this server: PutPublicAccessBlock was refused (${notes.publicAccessBlockRefused})`
            : bpa === 'absent'
              ? 'no Public Access Block configuration'
              : `off: ${off.join(', ')}`,
    fix:
      off.length === 0
        ? null
        : `${cli('put-public-access-block')} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true` +
          (notes.blockPublicAclsBreaksWrites
            ? ' (on a server where writes then fail, restrict access with a bucket policy instead)'
            : ''),
    ...(bpaUnsupported ? { unsupported: true } : {}),
  });

  const enc = await read(
    `GetBucketEncryption ${Bucket}`,
    () => client.send(new GetBucketEncryptionCommand({ Bucket })),
    ['ServerSideEncryptionConfigurationNotFoundError'],
  );
  const rules =
    enc !== 'absent' && !('unsupported' in enc) ? (enc.ServerSideEncryptionConfiguration?.Rules ?? []) : [];
  const algo = rules[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
  const keyId = rules[0]?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
  const encUnsupported =
    notes.encryptionRefused ?? (enc !== 'absent' && 'unsupported' in enc ? enc.unsupported : undefined);
  const encFix = config.kmsKeyId
    ? `${cli('put-bucket-encryption')} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"${config.kmsKeyId}"},"BucketKeyEnabled":true}]}'`
    : `${cli('put-bucket-encryption')} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`;
  findings.push({
    ok: algo !== undefined,
    what: 'default encryption',
    detail: algo
      ? `default encryption is ${algo}${keyId ? ` with key ${keyId}` : ''}`
      : encUnsupported
        ? `not supported by this server: PutBucketEncryption was refused (${encUnsupported}); no default encryption`
        : 'no default encryption',
    fix: algo ? null : encFix,
    ...(algo === undefined && encUnsupported ? { unsupported: true } : {}),
  });
  if (config.kmsKeyId) {
    const kmsOk =
      algo === 'aws:kms' &&
      keyId !== undefined &&
      (keyId === config.kmsKeyId ||
        keyId.endsWith(`/${config.kmsKeyId}`) ||
        config.kmsKeyId.endsWith(`/${keyId}`));
    findings.push({
      ok: kmsOk,
      what: `default encryption SSE-KMS with key ${config.kmsKeyId}`,
      detail: kmsOk
        ? `SSE-KMS with ${keyId}`
        : `${algo ? `default encryption is ${algo}${keyId ? ` with key ${keyId}` : ''}` : 'no default encryption'}; binder still asks for SSE-KMS with this key on every object it writes`,
      fix: kmsOk ? null : encFix,
      ...(!kmsOk && encUnsupported ? { unsupported: true } : {}),
    });
  }

  const probe = await probeWrite(client, config);
  findings.push({
    ok: probe.outcome !== 'denied',
    what: 'evidence can be written',
    detail:
      probe.outcome === 'checked'
        ? 'a probe PutObject was accepted up to the Content-MD5 check (nothing stored)'
        : probe.outcome === 'stored'
          ? `a probe PutObject with a wrong Content-MD5 was stored as ${probe.key}: this server does not verify Content-MD5`
          : `PutObject is refused: ${probe.detail}`,
    fix:
      probe.outcome === 'denied'
        ? 'give the credentials s3:PutObject, s3:PutObjectRetention and s3:PutObjectLegalHold on the bucket; on Ceph RGW turn BlockPublicAcls off (it blocks every write there)'
        : null,
  });
  return findings;
}

/**
 * PutObject with a deliberately wrong Content-MD5: a server that would accept the write answers
 * BadDigest after authorization and stores nothing; one that refuses writes answers AccessDenied.
 */
async function probeWrite(
  client: S3Client,
  config: S3StoreConfig,
): Promise<{ outcome: 'checked' | 'stored' | 'denied'; detail: string; key: string }> {
  const prefix = config.prefix === '' || config.prefix.endsWith('/') ? config.prefix : `${config.prefix}/`;
  const key = `${prefix}.binder-write-probe`;
  try {
    await client.send(
      new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: PROBE_BODY, ContentMD5: WRONG_MD5 }),
    );
    return { outcome: 'stored', detail: 'stored', key };
  } catch (err) {
    const code = errorCode(err);
    if (code === 'BadDigest' || code === 'InvalidDigest') return { outcome: 'checked', detail: code, key };
    if (code === 'AccessDenied' || httpStatus(err) === 403)
      return { outcome: 'denied', detail: `${code} (HTTP ${httpStatus(err) ?? '?'})`, key };
    throw translateS3Error(err, { config, operation: `PutObject ${key} (write probe)` });
  }
}
