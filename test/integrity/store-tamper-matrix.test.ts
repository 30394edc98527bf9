/**
 * The store side of the tamper matrix: each attack on a real evidence folder (an insider or a
 * careless operator with write access), run through `binder store verify`, `store verify --against`
 * the binder built before the attack, and `binder build`, with the verdict expected of each.
 * Exit codes: 0 intact / built, 1 tampering found / refused, 2 not a store.
 */
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../model/canonical-json.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { ephemeralLedgerSigner, signLedgerEntry } from '../../store/ledger-signature.ts';
import type { LedgerEntry } from '../../store/types.ts';
import { awsEnv, runBinder } from '../cli/run-binder.ts';

type Verdicts = { verify: number; against: number; build: number };
interface Case {
  name: string;
  tamper: (store: string, caseDir: string) => Promise<void>;
  expected: Verdicts;
}

const env = awsEnv();
const today = new Date().toISOString().slice(0, 10);

async function writeAnyway(file: string, body: string | Uint8Array): Promise<void> {
  await chmod(file, 0o644).catch(() => undefined);
  await writeFile(file, body);
}
/** What an insider does to keep `sha256sum -c` happy: rewrite the checksum file too. */
async function rewriteWithChecksum(store: string, key: string, body: string | Uint8Array): Promise<void> {
  await writeAnyway(join(store, key), body);
  await writeAnyway(join(store, `${key}.sha256`), `${sha256Hex(body)}  ${key}\n`);
}
async function removeObject(store: string, key: string): Promise<void> {
  await rm(join(store, key), { force: true });
  await rm(join(store, `${key}.sha256`), { force: true });
}
const ledgerKey = (seq: number) => `ledger/${String(seq).padStart(10, '0')}.json`;
async function readLedger(store: string): Promise<LedgerEntry[]> {
  const names = (await readdir(join(store, 'ledger'))).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(store, 'ledger', n), 'utf8')) as LedgerEntry));
}
/** Re-links and re-signs every entry from `fromSeq` on with another key, editing one on the way. */
async function rewriteChainFrom(store: string, fromSeq: number, edit: (e: LedgerEntry) => LedgerEntry): Promise<string> {
  const forger = ephemeralLedgerSigner();
  const entries = await readLedger(store);
  let prevHash: string | null = fromSeq === 1 ? null : sha256Hex(await readFile(join(store, ledgerKey(fromSeq - 1))));
  for (const e of entries.filter((x) => x.seq >= fromSeq)) {
    const { signature: _s, ...unsigned } = edit(e);
    const body = canonicalJson(await signLedgerEntry({ ...unsigned, prevHash }, forger));
    await rewriteWithChecksum(store, ledgerKey(e.seq), body);
    prevHash = sha256Hex(body);
  }
  return forger.publicKeyPem;
}
async function replaceMarkerKey(store: string, publicKeyPem: string): Promise<void> {
  const marker = JSON.parse(await readFile(join(store, 'binder-store.json'), 'utf8'));
  const fp = execFileSync('bash', ['-c', 'openssl pkey -pubin -outform DER | sha256sum | cut -c1-64'], { input: publicKeyPem }).toString().trim();
  marker.ledgerKeys = [{ algorithm: 'Ed25519', fingerprint: fp, publicKeyPem }];
  await rewriteWithChecksum(store, 'binder-store.json', canonicalJson(marker));
}
/** The newest run: its record, its pack and both its ledger entries, removed together. */
async function removeNewestRun(store: string): Promise<void> {
  const entries = await readLedger(store);
  const last = entries[entries.length - 1]!;
  const recordKey = `snapshots/${last.snapshotId}.json.gz`;
  const record = JSON.parse(gunzipSync(await readFile(join(store, recordKey))).toString()) as { storage: { pack: string | null } };
  if (record.storage.pack) await removeObject(store, record.storage.pack);
  await removeObject(store, recordKey);
  await removeObject(store, ledgerKey(last.seq));
  await removeObject(store, ledgerKey(last.startedSeq!));
}
async function removeCollectorKeys(caseDir: string): Promise<void> {
  await rm(join(caseDir, 'keys', 'binder-ledger-key.pem'), { force: true });
  await rm(join(caseDir, 'keys', 'binder-ledger-key.pub.pem'), { force: true });
}
const failedEntry = async (store: string) => (await readLedger(store)).find((e) => e.status === 'failed')!;

const CASES: Case[] = [
  { name: 'genuine store', tamper: async () => undefined, expected: { verify: 0, against: 0, build: 0 } },
  {
    name: 'failed run deleted from the ledger (both entries)',
    tamper: async (s) => {
      const f = await failedEntry(s);
      await removeObject(s, ledgerKey(f.seq));
      await removeObject(s, ledgerKey(f.startedSeq!));
    },
    expected: { verify: 1, against: 1, build: 1 },
  },
  {
    name: "failed run's reason edited, .sha256 recomputed",
    tamper: async (s) => {
      const f = await failedEntry(s);
      await rewriteWithChecksum(s, ledgerKey(f.seq), canonicalJson({ ...f, reason: 'scheduled maintenance (approved)' }));
    },
    expected: { verify: 1, against: 1, build: 1 },
  },
  {
    name: 'chain rewritten from the failed run on, re-signed with another key',
    tamper: async (s) => void (await rewriteChainFrom(s, (await failedEntry(s)).seq, (e) => (e.status === 'failed' ? { ...e, reason: 'edited' } : e))),
    expected: { verify: 1, against: 1, build: 1 },
  },
  {
    name: 'chain rewritten and the marker given the forger key (collector key on this machine)',
    tamper: async (s) => replaceMarkerKey(s, await rewriteChainFrom(s, (await failedEntry(s)).seq, (e) => e)),
    expected: { verify: 1, against: 1, build: 1 },
  },
  {
    name: 'chain rewritten, marker replaced, collector key not on this machine (uploaded binder remains)',
    tamper: async (s, c) => {
      await replaceMarkerKey(s, await rewriteChainFrom(s, (await failedEntry(s)).seq, (e) => e));
      await removeCollectorKeys(c);
    },
    expected: { verify: 1, against: 1, build: 1 },
  },
  {
    name: 'full insider: whole chain re-signed, marker replaced, uploaded binder removed, no collector key here',
    tamper: async (s, c) => {
      await replaceMarkerKey(s, await rewriteChainFrom(s, 1, (e) => (e.status === 'failed' ? { ...e, reason: 'edited' } : e)));
      await removeCollectorKeys(c);
      await rm(join(s, 'artifacts'), { recursive: true, force: true });
    },
    // A local folder cannot prove anything against its own administrator (README, threat model):
    // only a head recorded outside it (the auditor's binder) shows the rewrite.
    expected: { verify: 0, against: 1, build: 0 },
  },
  {
    name: 'newest snapshot, its pack and its ledger entries deleted',
    tamper: async (s) => removeNewestRun(s),
    expected: { verify: 1, against: 1, build: 1 },
  },
  {
    name: 'newest run deleted and the uploaded binder with it',
    tamper: async (s) => {
      await removeNewestRun(s);
      await rm(join(s, 'artifacts'), { recursive: true, force: true });
    },
    expected: { verify: 0, against: 1, build: 0 },
  },
  {
    name: 'snapshot record planted (a copy under a new run id, with its checksum)',
    tamper: async (s) => {
      const snap = (await readLedger(s)).find((e) => e.status === 'success')!;
      const body = await readFile(join(s, `snapshots/${snap.snapshotId}.json.gz`));
      const planted = `snapshots/${snap.snapshotId!.replace(/[^/]+$/, '20990101T000000Z-deadbeef')}.json.gz`;
      await rewriteWithChecksum(s, planted, body);
    },
    expected: { verify: 1, against: 1, build: 1 },
  },
  {
    name: "a ledger entry's .sha256 emptied",
    tamper: async (s) => writeAnyway(join(s, `${ledgerKey(2)}.sha256`), ''),
    expected: { verify: 1, against: 1, build: 1 },
  },
  {
    name: 'store.path names an empty folder (a typo)',
    tamper: async (s) => {
      await rm(s, { recursive: true, force: true });
      await execFileSync('mkdir', ['-p', s]);
    },
    expected: { verify: 2, against: 2, build: 2 },
  },
];

describe('store tamper matrix', () => {
  let dir: string;
  let sandbox: SandboxHandle;
  const pristine = () => join(dir, 'pristine');
  const binderZip = () => join(dir, 'binder-before.zip');
  const run = (caseDir: string, args: string[], extra: Record<string, string> = {}) =>
    runBinder([...args, '--config', join(caseDir, 'binder.config.yaml')], { ...env, ...extra }, { isolateAws: true });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-tamper-'));
    sandbox = await startSandbox({ scenario: buildScenario({ seed: 'tamper', size: 'demo', days: 30 }), day: 4 });
    const c = pristine();
    expect((await runBinder(['keys', 'generate', '--out', join(c, 'keys')])).code).toBe(0);
    await writeFile(
      join(c, 'binder.config.yaml'),
      `sources:\n  - name: sandbox\n    endpoint: ${sandbox.endpoint}\nstore:\n  type: local\n  path: ./evidence\nsigning:\n  privateKeyPath: ./keys/binder-signing-key.pem\n`,
    );
    for (const secret of [undefined, undefined, 'rejected-secret-for-the-failed-run', undefined]) {
      // Off-schedule, so each run collects whatever the time of day (between 02:00 and 08:00 UTC the
      // default schedule's slot would be filled by the first run).
      const r = await run(c, ['collect', '--off-schedule'], secret ? { AWS_SECRET_ACCESS_KEY: secret } : {});
      expect(r.code, r.out).toBe(secret ? 1 : 0);
    }
    const built = await run(c, ['build', '--from', today, '--to', today, '--out', binderZip(), '--upload']);
    expect(built.code, built.out).toBe(0);
  }, 240_000);
  afterAll(async () => {
    await sandbox?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('catches or refuses every case on every path', { timeout: 600_000 }, async () => {
    const rows: string[] = [];
    const failures: string[] = [];
    for (const [i, c] of CASES.entries()) {
      const caseDir = join(dir, `case-${i}`);
      await cp(pristine(), caseDir, { recursive: true });
      await c.tamper(join(caseDir, 'evidence'), caseDir);
      const verify = await run(caseDir, ['store', 'verify']);
      const against = await run(caseDir, ['store', 'verify', '--against', binderZip()]);
      const build = await run(caseDir, ['build', '--from', today, '--to', today, '--out', join(caseDir, 'after.zip')]);
      const got: Verdicts = { verify: verify.code ?? -1, against: against.code ?? -1, build: build.code ?? -1 };
      rows.push(`${c.name.padEnd(96)} store verify ${got.verify}  --against ${got.against}  build ${got.build}`);
      if (JSON.stringify(got) !== JSON.stringify(c.expected)) {
        failures.push(`${c.name}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(got)}\n${verify.out}\n${against.out}\n${build.out}`);
      }
      // Nothing is signed over a store that does not verify: a refused build leaves no ZIP.
      if (got.build !== 0) await expect(readFile(join(caseDir, 'after.zip'))).rejects.toThrow();
      await rm(caseDir, { recursive: true, force: true });
    }
    process.stdout.write(`store tamper matrix (exit codes):\n${rows.map((r) => `  ${r}`).join('\n')}\n`);
    expect(failures).toEqual([]);
  });

  it('keeps recording after a damaged checksum file, and reports every problem', { timeout: 120_000 }, async () => {
    const caseDir = join(dir, 'damaged-checksum');
    await cp(pristine(), caseDir, { recursive: true });
    const store = join(caseDir, 'evidence');
    const entries = await readLedger(store);
    const last = entries[entries.length - 1]!;
    await writeAnyway(join(store, `${ledgerKey(last.seq)}.sha256`), '');
    await writeAnyway(join(store, `${ledgerKey(2)}.sha256`), 'garbage');
    const collect = await run(caseDir, ['collect', '--off-schedule']);
    expect(collect.code, collect.out).toBe(0);
    const after = await readLedger(store);
    expect(after.length).toBe(entries.length + 2);
    expect(after[entries.length]!.prevHash).toBe(sha256Hex(await readFile(join(store, ledgerKey(last.seq)))));
    const verify = await run(caseDir, ['store', 'verify', '--json']);
    expect(verify.code).toBe(1);
    const report = JSON.parse(verify.stdout) as { problems: { severity: string; key: string | null }[] };
    const errorKeys = report.problems.filter((p) => p.severity === 'error').map((p) => p.key);
    expect(errorKeys).toEqual(expect.arrayContaining([ledgerKey(2), ledgerKey(last.seq)]));
    await unlink(join(store, `${ledgerKey(2)}.sha256`)).catch(() => undefined);
  });
});
