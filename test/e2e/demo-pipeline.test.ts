/**
 * The main job end to end: `runDemo` collects a simulated year from the sandbox through the real
 * SDK, evaluates it and builds a signed binder. Then we check the binder with the auditor's tools
 * (unzip, sha256sum, openssl, pdftotext) and compare the evaluation with the scenario's answer key.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../collectors/log.ts';
import { runDemo, type DemoResult } from '../../demo/run-demo.ts';
import { buildScenario } from '../../sandbox/scenario.ts';

function hasTool(cmd: string, args: string[] = ['--version']): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status !== null && spawnSync(cmd, args, { stdio: 'ignore' }).error === undefined;
}

const requireTools = process.env.CI === 'true';

describe('binder demo: a simulated year end to end', () => {
  let dir: string;
  let result: DemoResult;
  let extracted: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-e2e-'));
    result = await runDemo({ out: join(dir, 'demo'), log: silentLog });
    extracted = join(dir, 'unzipped');
    execFileSync('unzip', ['-q', result.zipPath, '-d', extracted]);
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('collects every day except the planted missed day and failed run', () => {
    const scenario = buildScenario({ seed: 'demo', size: 'demo' });
    expect(result.collection.collected).toBe(scenario.days - 2);
    expect(result.collection.skipped).toBe(1);
    expect(result.collection.failed).toBe(1);
  });

  it('reports the missed day and the failed run as coverage gaps', () => {
    const gaps = result.evaluation.coverage.flatMap((c) => c.gaps);
    expect(gaps.map((g) => [g.slot.slice(0, 10), g.kind])).toEqual([
      ['2026-06-01', 'missing'],
      ['2026-09-01', 'failed'],
    ]);
    expect(gaps[1]?.reason).toMatch(/InvalidClientTokenId|credential|rejected/i);
  });

  it('finds exactly the planted violations, with the answer key dates, and nothing else', () => {
    const scenario = buildScenario({ seed: 'demo', size: 'demo' });
    const missed = new Set(['2026-06-01', '2026-09-01']);
    const expected = scenario.answerKey
      .map((e) => ({
        checkId: e.checkId,
        resourceId: e.resourceId,
        firstSeen: e.firstSeen,
        fixedAt: e.fixedAt,
      }))
      .sort(byKey);
    const actual = result.evaluation.checks
      .flatMap((c) => c.exceptions)
      .map((e) => ({
        checkId: e.checkId,
        resourceId: e.resourceId,
        firstSeen: e.firstSeen.slice(0, 10),
        fixedAt: e.fixedAt ? e.fixedAt.slice(0, 10) : null,
      }))
      .sort(byKey);
    // A planted date that falls on a day without a snapshot moves to the next collected day.
    const shift = (d: string | null) => {
      if (!d) return d;
      let t = new Date(`${d}T00:00:00Z`);
      while (missed.has(t.toISOString().slice(0, 10))) t = new Date(t.getTime() + 86_400_000);
      return t.toISOString().slice(0, 10);
    };
    expect(actual).toEqual(expected.map((e) => ({ ...e, firstSeen: shift(e.firstSeen), fixedAt: shift(e.fixedAt) })));
  });

  it('builds a binder that passes unzip -t, sha256sum -c and openssl', () => {
    execFileSync('unzip', ['-tq', result.zipPath]);
    execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: extracted });
    const openssl = spawnSync(
      'openssl',
      ['pkeyutl', '-verify', '-pubin', '-inkey', 'signing-key.pub.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.sig'],
      { cwd: extracted, encoding: 'utf8' },
    );
    expect(openssl.stdout + openssl.stderr).toMatch(/Signature Verified Successfully/);
    expect(result.verification.status).toBe('valid');
  });

  it('writes a PDF index naming every in-scope criterion, the period and each exception', async () => {
    if (!hasTool('pdftotext', ['-v'])) {
      if (requireTools) throw new Error('pdftotext is missing: run scripts/install-test-tools.sh');
      return;
    }
    const text = execFileSync('pdftotext', ['-layout', join(extracted, 'index.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const c of result.evaluation.criteria.filter((c) => c.inScope)) expect(text).toContain(c.criterionId);
    expect(text).toContain(result.evaluation.period.from);
    expect(text).toContain(result.evaluation.period.to);
    const flat = text.replace(/\s+/g, '');
    for (const e of result.evaluation.checks.flatMap((c) => c.exceptions)) {
      const name = e.resourceId.split(/[:/]/).pop() ?? e.resourceId;
      expect(flat, `exception ${e.checkId} on ${e.resourceId}`).toContain(name.replace(/\s+/g, ''));
      expect(text).toContain(e.firstSeen.slice(0, 10));
    }
  });

  it('carries the fieldwork: populations, seeded samples with evidence, the journal, documents from the store, responses and acceptances beside their exceptions', async () => {
    const manifest = JSON.parse(await readFile(join(extracted, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[]; ledger: { headSha256: string } };
    const paths = manifest.files.map((f) => f.path);
    for (const name of ['iam-users', 'joiners', 'leavers', 'privilege-changes', 'config-changes', 'buckets', 'access-review']) {
      expect(paths, name).toContain(`evidence/populations/${name}.csv`);
      expect(paths, name).toContain(`evidence/samples/${name}.json`);
    }
    // The binder's samples are seeded by the ledger head it records, and each item carries its evidence.
    const sample = JSON.parse(await readFile(join(extracted, 'evidence/samples/config-changes.json'), 'utf8')) as {
      selection: { seed: string };
      items: { evidence: { kind: string; snapshotSha256: string }[] }[];
    };
    expect(sample.selection.seed).toBe(manifest.ledger.headSha256);
    expect(sample.items.length).toBeGreaterThan(0);
    const cited = new Set(result.evaluation.snapshots.map((s) => s.snapshotSha256));
    for (const item of sample.items) {
      expect(item.evidence.length).toBeGreaterThan(0);
      for (const e of item.evidence) expect(cited.has(e.snapshotSha256), 'evidence names an evaluated snapshot').toBe(true);
    }
    // Journal: the documents attached into the store (the binder reads no folder), a response, two acceptances.
    const journal = JSON.parse(await readFile(join(extracted, 'evidence/fieldwork/journal.json'), 'utf8')) as { entries: { kind: string }[] };
    expect(journal.entries.map((e) => e.kind).sort()).toEqual(['acceptance', 'acceptance', 'attachment', 'attachment', 'attachment', 'response']);
    expect(await readFile(join(extracted, 'evidence/manual/information-security-policy.md'), 'utf8')).toBe(
      await readFile(join(result.out, 'manual-evidence', 'information-security-policy.md'), 'utf8'),
    );
    const exceptions = result.evaluation.checks.flatMap((c) => c.exceptions);
    const whole = exceptions.filter((e) => e.acceptance?.whole);
    const lapsed = exceptions.filter((e) => e.acceptance && !e.acceptance.whole);
    expect(whole).toHaveLength(1);
    expect(lapsed).toHaveLength(1);
    expect(lapsed[0]!.open).toBe(true);
    expect(lapsed[0]!.acceptance!.exceptionAgainFrom).not.toBeNull();
    expect(result.evaluation.controls.reduce((n, c) => n + c.acceptedExceptions, 0)).toBeGreaterThanOrEqual(1);
    if (!hasTool('pdftotext', ['-v'])) {
      if (requireTools) throw new Error('pdftotext is missing: run scripts/install-test-tools.sh');
      return;
    }
    const flat = execFileSync('pdftotext', [join(extracted, 'index.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/\s+/g, ' ');
    expect(flat).toContain('Fieldwork: populations, samples, responses');
    expect(flat).toMatch(/Management response \(Dana Controller/);
    expect(flat).toMatch(/Accepted by Sam Ortiz \(CISO\) on \d{4}-\d{2}-\d{2} until/);
    expect(flat).toContain('recorded after the days it covers from'); // the demo's acceptances are recorded after the period
    expect(flat).toContain(`An exception again from ${lapsed[0]!.acceptance!.exceptionAgainFrom!.slice(0, 10)}`);
    expect(flat).toMatch(/effective 2026-06-30, after the period|Quarterly access review Q2 2026/);
  });

  it('keeps secrets out of the evidence', async () => {
    const manifest = await readFile(join(extracted, 'manifest.json'), 'utf8');
    const files = (JSON.parse(manifest) as { files: { path: string }[] }).files.map((f) => f.path).filter((p) => p.endsWith('.json'));
    for (const f of files) {
      const body = await readFile(join(extracted, f), 'utf8');
      expect(body, f).not.toMatch(/SecretAccessKey|SessionToken|aws_secret_access_key|"password"\s*:/i);
    }
  });
});

function byKey(a: { checkId: string; resourceId: string; firstSeen: string | null }, b: typeof a): number {
  return `${a.checkId} ${a.resourceId} ${a.firstSeen}`.localeCompare(`${b.checkId} ${b.resourceId} ${b.firstSeen}`);
}
