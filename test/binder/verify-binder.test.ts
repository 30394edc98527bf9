import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinder } from '../../binder/build-binder.ts';
import { fingerprint } from '../../binder/keys.ts';
import { comparePaths } from '../../binder/manifest.ts';
import { EXIT_INCOMPLETE, EXIT_TAMPERED, EXIT_UNAUTHENTICATED, EXIT_UNREADABLE, EXIT_VALID, exitCodeFor, verifyBinder } from '../../binder/verify-binder.ts';
import { buildFixture } from './fixtures.ts';
import { craftZip, readZipEntries, type CraftEntry } from './zip-craft.ts';

let dir: string;
let key: KeyObject;
let signedZip: string;
let unsignedZip: string;
let entries: { name: string; data: Buffer }[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-verify-'));
  key = generateKeyPairSync('ed25519').privateKey;
  const f = buildFixture();
  signedZip = (await buildBinder({ evaluation: f.evaluation, store: f.store, drift: f.drift(), outPath: join(dir, 'signed.zip'), signingKey: key })).zipPath;
  const g = buildFixture();
  unsignedZip = (await buildBinder({ evaluation: g.evaluation, store: g.store, drift: g.drift(), outPath: join(dir, 'unsigned.zip'), signingKey: null })).zipPath;
  entries = await readZipEntries(signedZip);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function writeCrafted(list: readonly CraftEntry[]): Promise<string> {
  const path = join(dir, `crafted-${++counter}.zip`);
  await writeFile(path, craftZip(list));
  return path;
}

// Stored, not deflated: keeps the many rewritten copies cheap to make.
const asCraft = (list: { name: string; data: Buffer }[]): CraftEntry[] => list.map((e) => ({ name: e.name, data: e.data, method: 0 }));

describe('verifyBinder on a genuine binder', () => {
  it('finds a signed binder valid only with the out-of-band key or fingerprint, and "signer not checked" without', async () => {
    const r = await verifyBinder(signedZip);
    expect(r.problems).toEqual([]);
    expect(r.status).toBe('signer-unchecked');
    expect(r.exitCode).toBe(EXIT_UNAUTHENTICATED);
    expect(r.signed).toBe(true);
    expect(r.signerChecked).toBe(false);
    expect(r.warnings.join(' ')).toMatch(/--fingerprint/);
    const pub = createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string;
    const fp = r.fingerprint!;
    for (const options of [{ publicKeyPem: pub }, { expectedFingerprint: fp }, { expectedFingerprint: `SHA256:${fp.toUpperCase().match(/../g)!.join(':')}` }, { publicKeyPem: pub, expectedFingerprint: fp }]) {
      const checked = await verifyBinder(signedZip, options);
      expect(checked.status, JSON.stringify(options)).toBe('valid');
      expect(checked.signerChecked).toBe(true);
      expect(exitCodeFor(checked.status)).toBe(EXIT_VALID);
    }
  });

  it('finds a binder with manual evidence valid (more pages, more sections, same seal)', async () => {
    const f = buildFixture();
    const manualEvidence = [
      { title: 'Code of conduct v3', criteria: ['CC1.1'], effectiveDate: '2025-09-15', fileName: 'code-of-conduct-v3.pdf', body: Buffer.from('%PDF-1.4 fake') },
    ];
    const zip = (await buildBinder({ evaluation: f.evaluation, store: f.store, drift: f.drift(), outPath: join(dir, 'manual.zip'), signingKey: key, manualEvidence })).zipPath;
    const r = await verifyBinder(zip, { expectedFingerprint: fingerprint(key) });
    expect(r.problems).toEqual([]);
    expect(r.status).toBe('valid');
    expect(r.manifest?.files.map((x) => x.path)).toContain('evidence/manual/code-of-conduct-v3.pdf');
  });

  it('keeps the ZIP entries sorted by path', () => {
    const names = entries.map((e) => e.name);
    expect([...names].sort(comparePaths)).toEqual(names);
  });

  it('never calls an unsigned binder valid: UNSIGNED (exit 3) without a key, tampered when a key or fingerprint was expected', async () => {
    const r = await verifyBinder(unsignedZip);
    expect(r.status).toBe('unsigned');
    expect(r.exitCode).toBe(EXIT_UNAUTHENTICATED);
    expect(r.signed).toBe(false);
    expect(r.warnings.join(' ')).toMatch(/UNSIGNED/);
    const other = generateKeyPairSync('ed25519').publicKey;
    const withKey = await verifyBinder(unsignedZip, { publicKeyPem: other.export({ type: 'spki', format: 'pem' }) as string });
    expect(withKey.status).toBe('tampered');
    expect(withKey.problems[0]!.message).toMatch(/UNSIGNED/);
    const withFp = await verifyBinder(unsignedZip, { expectedFingerprint: fingerprint(key) });
    expect(withFp.status).toBe('tampered');
    expect(withFp.problems).toEqual([{ path: 'manifest.json', message: `the binder is UNSIGNED, but you expected it signed by ${fingerprint(key)}` }]);
  });

  it('treats a malformed --fingerprint as a usage error, not as a verdict on the binder', async () => {
    const r = await verifyBinder(signedZip, { expectedFingerprint: 'SHA256:12:34' });
    expect(r.status).toBe('unreadable');
    expect(r.problems[0]!.path).toBe('--fingerprint');
  });

  it('reports its own failure as "could not complete" (exit 4), never as tampered', async () => {
    // A limits object whose getter throws stands in for a bug inside the verifier.
    const limits = Object.defineProperty({}, 'maxEntries', { enumerable: true, get: () => { throw new RangeError('Invalid array length'); } });
    const r = await verifyBinder(signedZip, { limits });
    expect(r.status).toBe('error');
    expect(r.exitCode).toBe(EXIT_INCOMPLETE);
    expect(r.error).toMatch(/^verification could not complete: Invalid array length\. Nothing was concluded about /);
    expect(r.problems).toEqual([]);
  });
});

describe('verifyBinder on a changed binder', () => {
  it('names the file when one byte of any file changes', async () => {
    for (const target of entries) {
      const changed = entries.map((e) => {
        if (e.name !== target.name) return e;
        const data = Buffer.from(e.data);
        const at = Math.floor(data.length / 2);
        data[at] = data[at]! ^ 0x01;
        return { name: e.name, data };
      });
      const r = await verifyBinder(await writeCrafted(asCraft(changed)));
      expect(r.status, target.name).toBe('tampered');
      expect(r.problems.map((p) => p.path), target.name).toContain(target.name);
      expect(exitCodeFor(r.status)).toBe(EXIT_TAMPERED);
    }
  });

  it('names manifest.json when a change leaves it valid JSON: its hash no longer matches SHA256SUMS nor its signature', async () => {
    const changed = entries.map((e) => {
      if (e.name !== 'manifest.json') return e;
      const text = e.data.toString('utf8');
      expect(text).toContain('"organization": "Acme Analytics, Inc."');
      return { name: e.name, data: Buffer.from(text.replace('"organization": "Acme Analytics, Inc."', '"organization": "Acme Analytics, Ltd."')) };
    });
    const r = await verifyBinder(await writeCrafted(asCraft(changed)));
    expect(r.status).toBe('tampered');
    expect(r.problems).toEqual([
      { path: 'manifest.json', message: expect.stringMatching(/^SHA-256 [0-9a-f]{64} does not match SHA256SUMS \([0-9a-f]{64}\)$/) },
      { path: 'manifest.sig', message: expect.stringMatching(/does not verify with signing-key.pub.pem/) },
    ]);
  });

  it('names a removed file and an added file', async () => {
    const removed = await verifyBinder(await writeCrafted(asCraft(entries.filter((e) => e.name !== 'evidence/coverage.json'))));
    expect(removed.status).toBe('tampered');
    expect(removed.problems).toContainEqual({ path: 'evidence/coverage.json', message: 'listed in manifest.json but missing from the ZIP' });

    const added = await verifyBinder(await writeCrafted([...asCraft(entries), { name: 'evidence/extra.json', data: Buffer.from('{}') }]));
    expect(added.status).toBe('tampered');
    expect(added.problems).toContainEqual({ path: 'evidence/extra.json', message: 'present in the ZIP but not listed in manifest.json' });
  });

  it('rejects a signature made by another key, and an embedded key that is not the one given out of band', async () => {
    const other = generateKeyPairSync('ed25519');
    const manifest = entries.find((e) => e.name === 'manifest.json')!.data;
    const forged = entries.map((e) => (e.name === 'manifest.sig' ? { name: e.name, data: sign(null, manifest, other.privateKey) } : e));
    const r = await verifyBinder(await writeCrafted(asCraft(forged)));
    expect(r.status).toBe('tampered');
    expect(r.problems.map((p) => p.path)).toEqual(['manifest.sig']);
    expect(exitCodeFor(r.status)).toBe(EXIT_TAMPERED);
    expect(r.problems[0]!.message).toMatch(/does not verify with signing-key.pub.pem/);

    // Genuine binder, but the auditor expects a different organization key.
    const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const wrongKey = await verifyBinder(signedZip, { publicKeyPem: otherPem });
    expect(wrongKey.status).toBe('tampered');
    expect(wrongKey.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['manifest.sig', 'signing-key.pub.pem']));
    expect(exitCodeFor(wrongKey.status)).toBe(EXIT_TAMPERED);
  });

  it('treats a bad --key as unreadable input, and a file that is not a ZIP as unreadable', async () => {
    const badKey = await verifyBinder(signedZip, { publicKeyPem: 'not a key' });
    expect(badKey.status).toBe('unreadable');
    expect(exitCodeFor(badKey.status)).toBe(EXIT_UNREADABLE);
    const notZip = join(dir, 'not.zip');
    await writeFile(notZip, 'hello, I am not a zip file at all');
    const r = await verifyBinder(notZip);
    expect(r.status).toBe('unreadable');
    expect(r.problems[0]!.path).toBe(notZip);
  });
});

describe('verifyBinder on hostile archives', () => {
  const cases: [string, CraftEntry, RegExp][] = [
    ['path traversal', { name: '../evil', data: Buffer.from('pwned') }, /climbs out/],
    ['nested traversal', { name: 'evidence/../../evil', data: Buffer.from('pwned') }, /climbs out/],
    ['absolute path', { name: '/etc/x', data: Buffer.from('pwned') }, /absolute path/],
    ['backslash', { name: 'evidence\\..\\evil', data: Buffer.from('pwned') }, /backslash/],
    ['drive letter', { name: 'C:/evil', data: Buffer.from('pwned') }, /drive letter/],
    ['symlink', { name: 'evidence/link', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }, /symbolic link/],
    ['encrypted entry', { name: 'evidence/secret.json', data: Buffer.from('xx'), flags: 0x1 }, /encrypted/],
  ];
  for (const [label, hostile, message] of cases) {
    it(`refuses ${label} without reading or extracting it`, async () => {
      const zip = await writeCrafted([...asCraft(entries), hostile]);
      const r = await verifyBinder(zip);
      expect(r.status).toBe('tampered');
      const p = r.problems.find((x) => x.path === hostile.name);
      expect(p?.message).toMatch(message);
      expect(p?.message).toMatch(/refused, not read/);
      expect(await readdir(dirname(dir))).not.toContain('evil');
      expect((await readdir(dir)).filter((n) => !n.endsWith('.zip'))).toEqual([]);
    });
  }

  it('refuses a duplicate entry name', async () => {
    const dup = entries.find((e) => e.name === 'index.pdf')!;
    const r = await verifyBinder(await writeCrafted([...asCraft(entries), { name: dup.name, data: Buffer.from('other') }]));
    expect(r.problems).toContainEqual({ path: 'index.pdf', message: 'duplicate entry name; refused, not read' });
  });

  it('refuses a zip bomb by its ratio and by the size cap, before inflating it', async () => {
    const bomb: CraftEntry = { name: 'evidence/bomb.json', data: Buffer.alloc(24 * 1024 * 1024) };
    const zip = await writeCrafted([...asCraft(entries), bomb]);
    const r = await verifyBinder(zip);
    expect(r.problems.find((p) => p.path === bomb.name)?.message).toMatch(/compression ratio \d+:1 exceeds 1000:1/);
    expect(r.bytesHashed).toBeLessThan(4 * 1024 * 1024);
    const capped = await verifyBinder(zip, { limits: { maxEntryBytes: 8 * 1024 * 1024, maxRatio: 1e9 } });
    expect(capped.problems.find((p) => p.path === bomb.name)?.message).toMatch(/exceeds the limit of 8388608/);
  });

  it('stops reading an entry whose header understates its size', async () => {
    const liar: CraftEntry = { name: 'evidence/liar.json', data: Buffer.alloc(2 * 1024 * 1024, 0x61), declaredSize: 1000 };
    const r = await verifyBinder(await writeCrafted([...asCraft(entries), liar]));
    expect(r.status).not.toBe('valid');
    expect(r.problems.find((p) => p.path === liar.name)?.message).toMatch(/cannot read/);
    expect(r.bytesHashed).toBeLessThan(entries.reduce((n, e) => n + e.data.length, 0) + 1_100_000);
  });
});
