import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinderBuildError, buildBinder, type BuildBinderResult } from '../../binder/build-binder.ts';
import { fingerprint } from '../../binder/keys.ts';
import { remediationFor } from '../../controls/remediation.ts';
import { Manifest } from '../../binder/manifest.ts';
import { sha256Hex } from '../../model/canonical-json.ts';
import { StagingArea, UnsafeEntryNameError } from '../../binder/staging-area.ts';
import { buildFixture, type Fixture } from './fixtures.ts';
import { auditorFolder, runVerifyMd, verifyMdCommands } from './verify-md.ts';

let dir: string;
let fixture: Fixture;
let key: KeyObject;
let built: BuildBinderResult;
let extracted: string;

function run(cmd: string, args: string[], cwd?: string): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-build-'));
  fixture = buildFixture();
  key = generateKeyPairSync('ed25519').privateKey;
  built = await buildBinder({ evaluation: fixture.evaluation, store: fixture.store, drift: fixture.drift(), outPath: join(dir, 'binder.zip'), signingKey: key });
  extracted = join(dir, 'x');
  execFileSync('unzip', ['-q', built.zipPath, '-d', extracted]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildBinder', () => {
  it('writes a ZIP that unzip -t accepts, holding the PDF, evidence, manifest, checksums and signature', async () => {
    const t = run('unzip', ['-t', built.zipPath]);
    expect(t.out).toContain('No errors detected');
    expect(t.code).toBe(0);
    const paths = built.files.map((f) => f.path);
    for (const p of [
      'index.pdf',
      'manifest.json',
      'SHA256SUMS',
      'manifest.sig',
      'signing-key.pub.pem',
      'VERIFY.md',
      'evidence/change-log.json',
      'evidence/check-results.json',
      'evidence/exceptions.csv',
      'evidence/coverage.json',
      'evidence/evaluation.json',
    ]) {
      expect(paths).toContain(p);
    }
    expect([...paths].sort()).toEqual(paths);
  });

  it('passes real sha256sum -c and openssl pkeyutl -verify -rawin, and SHA256SUMS covers every file but itself and the signature', async () => {
    const sums = run('sha256sum', ['-c', 'SHA256SUMS'], extracted);
    expect(sums.code).toBe(0);
    const lines = sums.out.trim().split('\n');
    expect(lines.every((l) => l.endsWith(': OK'))).toBe(true);
    expect(lines.length).toBe(built.files.length - 2);

    const probe = run('openssl', ['pkeyutl', '-help']);
    if (!probe.out.includes('-rawin')) {
      console.warn('SKIPPED openssl signature check: this openssl has no pkeyutl -rawin (needs OpenSSL 3 for Ed25519)');
      return;
    }
    const v = run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'signing-key.pub.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.sig'], extracted);
    expect(v.out).toContain('Signature Verified Successfully');
    expect(v.code).toBe(0);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', join(extracted, 'signing-key.pub.pem'), '-outform', 'DER']);
    expect(sha256Hex(der)).toBe(fingerprint(key));
  });

  it('records digests in the manifest that the standard-tool commands of VERIFY.md reproduce, each printing OK', async () => {
    const manifest = Manifest.parse(JSON.parse(await readFile(join(extracted, 'manifest.json'), 'utf8')));
    const sh = (script: string) => execFileSync('bash', ['-c', script], { cwd: extracted, encoding: 'utf8' });
    expect(sh("grep -v '  manifest.json$' SHA256SUMS | sha256sum").split(' ')[0]).toBe(manifest.filesDigest);
    expect(sh("grep -E '^[0-9a-f]{64}  evidence/' SHA256SUMS | sha256sum").split(' ')[0]).toBe(manifest.evidenceDigest);
    expect(manifest.signing?.publicKeyFingerprint).toBe(fingerprint(key));
    expect(manifest.files.map((f) => f.path)).not.toContain('manifest.json');

    const commands = verifyMdCommands(await readFile(join(extracted, 'VERIFY.md'), 'utf8'));
    expect(commands.at(-1)!.command).toBe('binder verify BINDER.zip --fingerprint ORGANIZATION_FINGERPRINT');
    const runs = await runVerifyMd(commands.slice(0, -1), await auditorFolder(dir, built.zipPath), fingerprint(key));
    for (const r of runs) {
      expect(r.code, `${r.label} ${r.command}\n${r.out}`).toBe(0);
      expect(r.out.trim().split('\n').at(-1)).toMatch(/^OK: /);
    }
    expect(runs.map((r) => r.out).join('')).toContain(`OK: evidence digest ${manifest.evidenceDigest}`);
    // The same commands with someone else's fingerprint: the key step and the PDF metadata step fail.
    const other = fingerprint(generateKeyPairSync('ed25519').publicKey);
    const wrong = await runVerifyMd(commands.slice(0, -1), await auditorFolder(dir, built.zipPath), other);
    expect(wrong.filter((r) => r.code !== 0).map((r) => r.label)).toEqual(['4.1', '7.1']);
  });

  it('includes the first and last snapshot per source and every snapshot where an exception opened or was fixed, byte-identical to the collection hash', async () => {
    const manifest = Manifest.parse(JSON.parse(await readFile(join(extracted, 'manifest.json'), 'utf8')));
    const cited = new Map(manifest.snapshots.map((s) => [s.snapshotId, s]));
    const ev = fixture.evaluation;
    for (const source of ev.sources) {
      const mine = ev.snapshots.filter((s) => s.source === source.name).sort((a, b) => (a.scheduledFor < b.scheduledFor ? -1 : 1));
      expect(cited.has(mine[0]!.snapshotId)).toBe(true);
      expect(cited.has(mine.at(-1)!.snapshotId)).toBe(true);
    }
    for (const ex of ev.checks.flatMap((c) => c.exceptions)) {
      expect(cited.get(ex.firstSnapshotId)?.citedFor.join('|')).toContain(`exception opened: ${ex.checkId} ${ex.resourceId}`);
      if (ex.fixedAt) {
        // Found by id: fixedAt is a capture time, not the slot the snapshot names.
        const fixed = ev.snapshots.find((s) => s.snapshotId === ex.fixedSnapshotId)!;
        expect(fixed.capturedAt).toBe(ex.fixedAt);
        expect(cited.get(fixed.snapshotId)?.citedFor.join('|')).toContain(`exception fixed: ${ex.checkId}`);
      }
    }
    for (const s of manifest.snapshots) {
      const bytes = await readFile(join(extracted, s.path));
      expect(sha256Hex(bytes)).toBe(s.snapshotSha256);
      expect(s.recordKey).toMatch(/^snapshots\//);
    }
    expect(new Set(fixture.store.loaded)).toEqual(new Set(manifest.snapshots.map((s) => s.snapshotId)));
    const evaluation = JSON.parse(await readFile(join(extracted, 'evidence/evaluation.json'), 'utf8'));
    expect(evaluation.stats.durationMs).toBe(0);
    const csv = await readFile(join(extracted, 'evidence/exceptions.csv'), 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + ev.checks.flatMap((c) => c.exceptions).length);
  });

  it('puts the period, every criterion and each exception with its resource and dates into the PDF text', async () => {
    const text = execFileSync('pdftotext', ['-raw', join(extracted, 'index.pdf'), '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    const ev = fixture.evaluation;
    expect(text).toContain(ev.period.from);
    expect(text).toContain(ev.period.to);
    expect(text).toContain(ev.organization);
    for (const c of ev.criteria) expect(text).toContain(c.criterionId);
    for (const c of ev.controls) expect(text).toContain(c.controlId);
    for (const ex of ev.checks.flatMap((c) => c.exceptions)) {
      expect(flat).toContain(ex.resourceId.replace(/\s+/g, ''));
      for (const t of [ex.firstSeen, ex.lastSeen, ex.fixedAt]) if (t) expect(flat).toContain(t.slice(0, 16).replace('T', ''));
    }
    const manifest = Manifest.parse(JSON.parse(await readFile(join(extracted, 'manifest.json'), 'utf8')));
    expect(flat).toContain(manifest.evidenceDigest);
    expect(flat).toContain(fingerprint(key));
    expect(text).toMatch(new RegExp(`Page 1 of ${built.sizes.pdfPages}`));
    expect(text).not.toContain('UNSIGNED');
    const info = execFileSync('pdfinfo', [join(extracted, 'index.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595.28 x 841.89 pts \(A4\)/);
    expect(info).toMatch(/CreationDate:\s+Tue Mar 31 02:03:18 2026 UTC/);
  });

  it("shows each open exception's remediation in the PDF: the change, and the CLI filled for its resource", () => {
    const text = execFileSync('pdftotext', ['-raw', join(extracted, 'index.pdf'), '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    const open = fixture.evaluation.checks.flatMap((c) => c.exceptions.filter((e) => e.open).map((e) => ({ c, e })));
    expect(open.length).toBeGreaterThan(0);
    expect(text).toContain('How to fix the open exceptions');
    for (const { c, e } of open) {
      const fix = remediationFor(c.remediation, e, c.settings);
      expect(flat).toContain(`${c.checkId}:${fix.change}`.replace(/\s+/g, ''));
      for (const line of fix.cli.split('\n')) expect(flat, line).toContain(line.replace(/\s+/g, ''));
    }
    // The console user's commands name the user, not the placeholder.
    expect(flat).toContain('awsiamdelete-login-profile--user-namejane.doe');
    // Closed exceptions get no remediation.
    const closedOnly = fixture.evaluation.checks.filter((c) => c.exceptions.length > 0 && c.exceptions.every((e) => !e.open));
    for (const c of closedOnly) expect(flat).not.toContain(`${c.checkId}:${c.remediation.change}`.replace(/\s+/g, ''));
  });

  it('gives byte-identical ZIPs for the same inputs and key', async () => {
    const again = buildFixture();
    const second = await buildBinder({ evaluation: again.evaluation, store: again.store, drift: again.drift(), outPath: join(dir, 'again.zip'), signingKey: key });
    const a = await readFile(built.zipPath);
    const b = await readFile(second.zipPath);
    expect(b.equals(a)).toBe(true);
    expect(second.manifestSha256).toBe(built.manifestSha256);
  });

  it('marks an unsigned binder UNSIGNED on the cover and leaves out the signature and key', async () => {
    const f = buildFixture();
    const r = await buildBinder({ evaluation: f.evaluation, store: f.store, drift: f.drift(), outPath: join(dir, 'unsigned.zip'), signingKey: null });
    expect(r.signingKeyFingerprint).toBeNull();
    expect(r.files.map((x) => x.path)).not.toContain('manifest.sig');
    expect(r.files.map((x) => x.path)).not.toContain('signing-key.pub.pem');
    const out = join(dir, 'u');
    execFileSync('unzip', ['-q', r.zipPath, '-d', out]);
    const text = execFileSync('pdftotext', [join(out, 'index.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('UNSIGNED');
    expect(await readFile(join(out, 'VERIFY.md'), 'utf8')).toContain('**UNSIGNED.**');
    expect(run('sha256sum', ['-c', 'SHA256SUMS'], out).code).toBe(0);
  });

  it('refuses evidence that no longer matches the evaluated hash and leaves no ZIP or temporary file behind', async () => {
    const f = buildFixture();
    const victim = f.evaluation.checks.flatMap((c) => c.exceptions)[0]!.firstSnapshotId;
    f.store.corrupt(victim, (s) => {
      s.provenance.callerArn = 'arn:aws:sts::111122223333:assumed-role/Someone/else';
    });
    const outDir = await mkdtemp(join(dir, 'fail-'));
    const err = await buildBinder({ evaluation: f.evaluation, store: f.store, drift: f.drift(), outPath: join(outDir, 'b.zip'), signingKey: key }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinderBuildError);
    expect((err as Error).message).toContain(victim);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('refuses a change log that does not add up to the drift the evaluation counted', async () => {
    const f = buildFixture();
    async function* oneMissing() {
      let first = true;
      for await (const d of f.drift()) {
        if (first) first = false;
        else yield d;
      }
    }
    const outDir = await mkdtemp(join(dir, 'drift-'));
    const err = await buildBinder({ evaluation: f.evaluation, store: f.store, drift: oneMissing(), outPath: join(outDir, 'b.zip'), signingKey: key }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinderBuildError);
    expect((err as Error).message).toContain(`${f.evaluation.driftSummary.entries - 1} entries streamed, ${f.evaluation.driftSummary.entries} evaluated`);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('carries manual evidence indexed by criterion with its effective date', async () => {
    const f = buildFixture();
    const r = await buildBinder({
      evaluation: f.evaluation,
      store: f.store, drift: f.drift(),
      outPath: join(dir, 'manual.zip'),
      signingKey: key,
      manualEvidence: [
        { title: 'Code of conduct v3', criteria: ['CC1.1'], effectiveDate: '2025-09-15', fileName: 'code-of-conduct-v3.pdf', body: Buffer.from('%PDF-1.4 fake') },
      ],
    });
    const file = r.files.find((x) => x.path === 'evidence/manual/code-of-conduct-v3.pdf');
    expect(file?.sha256).toBe(sha256Hex(Buffer.from('%PDF-1.4 fake')));
    const out = join(dir, 'm');
    execFileSync('unzip', ['-q', r.zipPath, '-d', out]);
    const text = execFileSync('pdftotext', ['-raw', join(out, 'index.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Code of conduct v3');
    expect(text).toContain('2025-09-15');
    await expect(
      buildBinder({
        evaluation: f.evaluation,
        store: f.store, drift: f.drift(),
        outPath: join(dir, 'bad.zip'),
        signingKey: key,
        manualEvidence: [{ title: 'x', criteria: ['CC1.1'], effectiveDate: '2025-09-15', fileName: '../evil', body: Buffer.from('') }],
      }),
    ).rejects.toThrow(/manualEvidence\[0\].*fileName/);
  });

  it('refuses an entry name a binder may not hold, naming the file, before writing anything', async () => {
    const parent = await mkdtemp(join(dir, 'names-'));
    const staging = await StagingArea.create(parent);
    try {
      for (const [name, why] of [
        ['evidence/manual/Board minutes 2026.pdf', /contains a space/],
        ['evidence/manual/notes\n.txt', /control characters/],
        ['evidence/.hidden', /starts with "\."/],
        ['evidence/../escape.json', /climbs out/],
        [`evidence/${'a'.repeat(250)}`, /more than 255/],
        ['evidence/caf\u00e9.pdf', /characters other than/],
      ] as const) {
        const err = await staging.add(name, 'x').catch((e: unknown) => e);
        expect(err, name).toBeInstanceOf(UnsafeEntryNameError);
        expect((err as UnsafeEntryNameError).path).toBe(name);
        expect((err as Error).message).toContain(JSON.stringify(name));
        expect((err as Error).message).toMatch(why);
      }
      expect(staging.list()).toEqual([]);
      expect(await readdir(staging.dir)).toEqual([]);
      await staging.add('evidence/manual/board-minutes_2026.v2.pdf', 'x');
    } finally {
      await staging.dispose();
    }
    const f = buildFixture();
    const outDir = await mkdtemp(join(dir, 'badname-'));
    await expect(
      buildBinder({
        evaluation: f.evaluation,
        store: f.store, drift: f.drift(),
        outPath: join(outDir, 'b.zip'),
        signingKey: key,
        manualEvidence: [{ title: 'Minutes', criteria: ['CC1.1'], effectiveDate: '2025-09-15', fileName: 'Board minutes.pdf', body: Buffer.from('x') }],
      }),
    ).rejects.toThrow(/Board minutes\.pdf/);
    expect(await readdir(outDir)).toEqual([]);
  });
});
