/**
 * Production storage end to end: the CLI collects from the sandbox into an S3 bucket with
 * versioning and Object Lock on a real Ceph RADOS Gateway, verifies the store, and builds a binder
 * that it uploads, locked like evidence. Credentials come from two named profiles in a shared
 * credentials file (one for the AWS account, one for the evidence bucket), as in production.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectRetentionCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { runBinder } from '../cli/run-binder.ts';
import { startGatewayOrSkip, type Gateway } from '../store-s3/gateway.ts';

const started = await startGatewayOrSkip();
if (started.skipReason) console.warn(`S3 store pipeline tests skipped: ${started.skipReason}`);

const binder = (args: string[], env: Record<string, string>) => runBinder(args, env, { isolateAws: true });

describe.skipIf(started.skipReason !== null)('collection and binder upload into S3 with Object Lock (Ceph RGW)', () => {
  const gateway = started.gateway as Gateway;
  let dir: string;
  let sandbox: SandboxHandle;
  let config: string;
  let env: Record<string, string>;
  const bucket = 'binder-e2e-evidence';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-s3-e2e-'));
    sandbox = await startSandbox({ scenario: buildScenario({ seed: 's3', size: 'demo', days: 30 }), day: 3 });
    await writeFile(
      join(dir, 'credentials'),
      `[account]\naws_access_key_id = ${SANDBOX_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${SANDBOX_CREDENTIALS.secretAccessKey}\n\n` +
        `[evidence]\naws_access_key_id = ${gateway.accessKeyId}\naws_secret_access_key = ${gateway.secretAccessKey}\n`,
    );
    await writeFile(join(dir, 'config'), '[profile account]\nregion = us-east-1\n\n[profile evidence]\nregion = us-east-1\n');
    env = {
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_REGION: 'us-east-1',
    };
    config = join(dir, 'binder.config.yaml');
    await writeFile(
      config,
      [
        'organization: S3 Store Test Org',
        'sources:',
        '  - name: prod',
        '    profile: account',
        `    endpoint: ${sandbox.endpoint}`,
        'store:',
        '  type: s3',
        `  bucket: ${bucket}`,
        '  prefix: binder/',
        `  endpoint: ${gateway.endpoint}`,
        '  forcePathStyle: true',
        '  checksumMode: WHEN_REQUIRED',
        '  profile: evidence',
        '  retention: { mode: COMPLIANCE, days: 1 }',
        'signing:',
        '  privateKeyPath: ./keys/binder-signing-key.pem',
        '',
      ].join('\n'),
    );
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
    await gateway?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates the evidence bucket with Object Lock and versioning', async () => {
    const init = await binder(['store', 'init', '--config', config], env);
    expect(init.code, init.out).toBe(0);
    expect(init.out).toMatch(/bucket created/);
    expect(init.out).toMatch(/versioning/i);
  });

  it('collects into the bucket and the store verifies', async () => {
    const collect = await binder(['collect', '--config', config], env);
    expect(collect.code, collect.out).toBe(0);
    const verify = await binder(['store', 'verify', '--config', config], env);
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toMatch(/OK: evidence intact/);
  });

  it('builds a signed binder, uploads it locked, and the uploaded object has COMPLIANCE retention', async () => {
    expect((await binder(['keys', 'generate', '--out', join(dir, 'keys')], env)).code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const build = await binder(['build', '--config', config, '--from', today, '--to', today, '--out', join(dir, 'binder.zip'), '--upload'], env);
    expect(build.code, build.out).toBe(0);
    expect(build.out).toMatch(/uploaded to s3:\/\//);

    const s3 = new S3Client({
      endpoint: gateway.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: gateway.accessKeyId, secretAccessKey: gateway.secretAccessKey },
    });
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'binder/artifacts/binders/' }));
    expect(versions.Versions?.length).toBe(1);
    const v = versions.Versions![0]!;
    const retention = await s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: v.Key!, VersionId: v.VersionId! }));
    expect(retention.Retention?.Mode).toBe('COMPLIANCE');
    s3.destroy();
  });
});
