/**
 * The ledger key held in AWS KMS (collection.ledgerKms), through the real SDK against the
 * sandbox's KMS: entries are signed by kms:Sign, the marker records the KMS key's fingerprint, no
 * key file is made, and a wrong, disabled or different key is refused with the field named.
 */
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../sandbox/scenario.ts';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { awsEnv, runBinder } from '../cli/run-binder.ts';

describe('a ledger key in KMS', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  const env = awsEnv();
  const configWith = async (name: string, collection: string) => {
    const file = join(dir, `${name}.yaml`);
    await writeFile(file, `sources:\n  - name: sandbox\n    endpoint: ${sandbox.endpoint}\nstore:\n  type: local\n  path: ./${name}-evidence\ncollection:\n${collection}`);
    return file;
  };
  const kmsSection = (keyId: string) => `  ledgerKms:\n    keyId: ${keyId}\n    region: us-east-1\n    endpoint: ${sandbox.endpoint}\n`;
  const binder = (config: string, args: string[]) => runBinder([...args, '--config', config], env, { isolateAws: true });
  // Every collect here must take a snapshot whatever the time of day: with the default schedule
  // (02:00 UTC, 6 h grace) a second run between 02:00 and 08:00 would find its slot filled.
  const collect = (config: string) => binder(config, ['collect', '--off-schedule']);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-kms-'));
    sandbox = await startSandbox({ scenario: buildScenario({ seed: 'kms', size: 'demo', days: 30 }), day: 2 });
  });
  afterAll(async () => {
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('signs every entry with the KMS key and records its fingerprint in the marker', { timeout: 120_000 }, async () => {
    const config = await configWith('kms', kmsSection('alias/binder-ledger'));
    for (let i = 0; i < 2; i++) {
      const run = await collect(config);
      expect(run.code, run.out).toBe(0);
    }
    const marker = JSON.parse(await readFile(join(dir, 'kms-evidence', 'binder-store.json'), 'utf8'));
    expect(marker.ledgerKeys.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([sandbox.kms.fingerprint()]);
    const entry = JSON.parse(await readFile(join(dir, 'kms-evidence', 'ledger', '0000000004.json'), 'utf8'));
    expect(entry.signature.keyFingerprint).toBe(sandbox.kms.fingerprint());
    await expect(access(join(dir, 'keys', 'binder-ledger-key.pem'))).rejects.toThrow();
    expect(sandbox.requestLog.filter((r) => r.service === 'kms' && r.operation === 'Sign' && r.status === 200).length).toBe(4);
    const verify = await binder(config, ['store', 'verify']);
    expect(verify.code, verify.out).toBe(0);
    expect(verify.stdout).toContain(`signed by ${sandbox.kms.fingerprint()}`);
  });

  it('refuses an unknown key id, naming the field', { timeout: 60_000 }, async () => {
    const config = await configWith('unknown', kmsSection('alias/no-such-key'));
    const run = await collect(config);
    expect(run.code, run.out).toBe(2);
    expect(run.out).toMatch(/collection\.ledgerKms\.keyId \\?"alias\/no-such-key\\?".*NotFoundException/);
  });

  it('refuses a KMS key other than the one the store is signed with', { timeout: 60_000 }, async () => {
    const fileKeyed = await configWith('switch', '  ledgerKeyPath: ./switch-keys/ledger.pem\n');
    expect((await collect(fileKeyed)).code).toBe(0);
    const kms = await configWith('switch', kmsSection('alias/binder-ledger'));
    const run = await collect(kms);
    expect(run.code, run.out).toBe(2);
    expect(run.out).toMatch(/collection\.ledgerKms\.keyId .* but the store's ledger is signed by/);
  });

  it('records nothing it could not sign when the key is disabled', { timeout: 60_000 }, async () => {
    const config = await configWith('disabled', kmsSection('alias/binder-ledger'));
    expect((await collect(config)).code).toBe(0);
    sandbox.kms.key.enabled = false;
    try {
      const run = await collect(config);
      expect(run.code, run.out).toBe(1);
      expect(run.out).toMatch(/kms:Sign failed with DisabledException/);
      const verify = await binder(config, ['store', 'verify']);
      expect(verify.code, verify.out).toBe(0);
    } finally {
      sandbox.kms.key.enabled = true;
    }
  });
});
