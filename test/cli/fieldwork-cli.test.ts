/**
 * The fieldwork commands as a person runs them, on a small store the demo made (5 simulated
 * days): exceptions list, respond, accept, attach, attachments list; bad input exits 2 and stores
 * nothing; and `binder store verify` catches a journal entry edited or removed in the folder.
 */
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../collectors/log.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { sha256Hex } from '../../model/canonical-json.ts';
import { runBinder } from './run-binder.ts';

interface ListedException {
  key: string;
  checkId: string;
  resourceId: string;
  open: boolean;
  responses: { seq: number; recordedBy: string; response: { text: string; remediatedAt: string | null } }[];
  acceptances: { seq: number; acceptance: { reason: string } }[];
}

/** Every file under a folder (objects and their .sha256 files), sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** The log lines' messages (stderr is pino JSON lines when it is not a terminal). */
function messagesOf(stderr: string): string {
  return stderr
    .trim()
    .split('\n')
    .map((line) => {
      try {
        return String((JSON.parse(line) as { msg?: unknown }).msg);
      } catch {
        return line;
      }
    })
    .join('\n');
}

/** What someone with write access to the folder can do: new bytes and a matching .sha256. */
async function rewrite(evidence: string, key: string, body: Uint8Array): Promise<void> {
  const file = join(evidence, ...key.split('/'));
  for (const f of [file, `${file}.sha256`]) await chmod(f, 0o644);
  await writeFile(file, body);
  await writeFile(`${file}.sha256`, `${sha256Hex(body)}  ${key}\n`);
}

/** The seq of the journal entry whose text holds `text`. */
async function seqHolding(evidence: string, text: string): Promise<number> {
  for (const name of (await readdir(join(evidence, 'journal'))).filter((n) => n.endsWith('.json')).sort()) {
    if ((await readFile(join(evidence, 'journal', name), 'utf8')).includes(text)) return Number(name.slice(0, 10));
  }
  throw new Error(`no journal entry holds ${text}`);
}

describe('binder fieldwork commands', () => {
  let dir: string;
  let demo: string;
  let config: string;
  let evidence: string;
  const binder = (args: string[], cfg = config) => runBinder([...args, '--config', cfg]);
  const json = async <T>(args: string[]): Promise<T> => {
    const run = await binder([...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as T;
  };
  const journalCount = async () => (await readdir(join(evidence, 'journal'))).filter((n) => n.endsWith('.json')).length;
  const listExceptions = async (extra: string[] = []) => (await json<{ exceptions: ListedException[] }>(['exceptions', 'list', ...extra])).exceptions;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-fieldwork-'));
    demo = join(dir, 'demo');
    const result = await runDemo({ out: demo, days: 5, log: silentLog });
    config = result.configPath;
    evidence = join(demo, 'evidence');
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 180_000);

  it('lists exceptions with stable keys, records a response and an acceptance, and shows both beside the exception', async () => {
    const all = await listExceptions();
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((e) => /^EX-[0-9a-f]{10}$/.test(e.key))).toBe(true);
    expect(new Set(all.map((e) => e.key)).size).toBe(all.length);
    // The same exception keeps its key in a period that still contains its first failing day.
    expect((await listExceptions(['--from', '2026-01-01', '--to', '2026-01-04'])).map((e) => e.key).filter((k) => all.some((a) => a.key === k)).length).toBeGreaterThan(0);
    const open = await listExceptions(['--open']);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((e) => e.open)).toBe(true);

    // The demo's own fieldwork (its documents, a response, two acceptances) comes first.
    const base = await journalCount();
    const target = all[0]!;
    const respond = await binder(['respond', target.key, '--text', 'Fixed by the platform team', '--by', 'Dana Controller', '--remediated-at', '2026-01-05']);
    expect(respond.code, respond.stderr).toBe(0);
    expect(respond.stdout).toMatch(new RegExp(`Recorded response to ${target.key} .* as journal entry ${base + 1}, by Dana Controller`));

    const accepted = all.find((e) => e.key !== target.key)!;
    const accept = await binder(['accept', '--check', accepted.checkId, '--resource', accepted.resourceId.replace(/[^:/]+$/, '*'), '--reason', 'by design', '--approved-by', 'CISO', '--from', '2026-01-01', '--until', '2026-12-31']);
    expect(accept.code, accept.stderr).toBe(0);

    const after = await listExceptions();
    const answered = after.find((e) => e.key === target.key)!;
    expect(answered.responses.filter((r) => r.seq > base)).toEqual([expect.objectContaining({ seq: base + 1, recordedBy: 'Dana Controller', response: expect.objectContaining({ text: 'Fixed by the platform team', remediatedAt: '2026-01-05' }) })]);
    expect(after.find((e) => e.key === accepted.key)!.acceptances.filter((a) => a.seq > base)).toEqual([expect.objectContaining({ seq: base + 2, acceptance: expect.objectContaining({ reason: 'by design' }) })]);
    const text = await binder(['exceptions', 'list']);
    expect(text.stdout).toContain(`${target.key}  ${target.checkId}`);
    expect(text.stdout).toMatch(/response by Dana Controller on \d{4}-\d{2}-\d{2}: Fixed by the platform team \(remediated 2026-01-05\)/);
    expect(text.stdout).toContain(`accepted 2026-01-01..2026-12-31 by CISO (journal entry ${base + 2}): by design`);
  }, 180_000);

  it('refuses bad input with exit 2, names what was wrong, and stores nothing', async () => {
    const doc = join(dir, 'policy.txt');
    await writeFile(doc, 'policy v1\n');
    const bigConfig = join(demo, 'small-limit.config.yaml');
    await writeFile(bigConfig, `${await readFile(config, 'utf8')}attachments:\n  maxFileMiB: 0.000001\n`);
    const noKeyConfig = join(demo, 'no-key.config.yaml');
    await writeFile(noKeyConfig, (await readFile(config, 'utf8')).replace('./keys/binder-ledger-key.pem', './keys/absent-ledger-key.pem'));
    const before = await filesUnder(evidence);
    const cases: [string[], RegExp, string?][] = [
      [['respond', 'EX-0000000000', '--text', 'x', '--by', 'Dana'], /no exception has key EX-0000000000 in 2026-01-01\.\.2026-01-05/],
      [['respond', 'not-a-key', '--text', 'x', '--by', 'Dana'], /"not-a-key" is not an exception key/],
      [['accept', '--check', 'iam.no-such-check', '--resource', 'x', '--reason', 'r', '--approved-by', 'CISO', '--until', '2030-01-01'], /--check "iam\.no-such-check" is not a check id/],
      [['accept', '--check', 'iam.user-mfa', '--resource', 'x', '--reason', 'r', '--approved-by', 'CISO', '--from', '2026-02-01', '--until', '2026-01-01'], /--until 2026-01-01 must be after --from 2026-02-01/],
      [['accept', '--check', 'iam.user-mfa', '--resource', 'x', '--source', 'nowhere', '--reason', 'r', '--approved-by', 'CISO', '--until', '2030-01-01'], /--source "nowhere" is not a source/],
      [['attach', '--criteria', 'CC1.1,CC9.9', '--effective', '2026-01-01', '--by', 'Dana', doc], /"CC9\.9" is not a criterion id/],
      [['attach', '--criteria', 'CC1.1', '--effective', '2026-01-01', '--by', 'Dana', doc, join(dir, 'missing.pdf')], /missing\.pdf: cannot be read \(ENOENT\)/],
      [['attach', '--criteria', 'CC1.1', '--effective', '2026-01-01', '--by', 'Dana', doc], /policy\.txt: 10 bytes, over the limit of 1 bytes \(attachments\.maxFileMiB/, bigConfig],
      [['attach', '--from-yaml', join(dir, 'nothing.yaml'), '--by', 'Dana'], /nothing\.yaml: cannot be read/],
      [['accept', '--check', 'iam.user-mfa', '--resource', 'x', '--reason', 'r', '--approved-by', 'CISO', '--until', '2030-01-01'], /absent-ledger-key\.pem does not exist; recording in the fieldwork journal needs the ledger key/, noKeyConfig],
    ];
    for (const [args, message, cfg] of cases) {
      const run = await binder(args, cfg);
      expect(run.code, `${args.join(' ')}: ${run.out}`).toBe(2);
      expect(messagesOf(run.stderr), args.join(' ')).toMatch(message);
    }
    expect(await filesUnder(evidence)).toEqual(before);
  }, 180_000);

  it('attaches a file once, keeps the bytes it read whatever happens to the file later, and imports manual-evidence.yaml', async () => {
    const file = join(dir, 'access-review.md');
    await writeFile(file, '# Access review Q1\nsigned\n');
    const original = await readFile(file);
    const first = await binder(['attach', '--criteria', 'CC6.2,CC6.3', '--effective', '2026-01-02', '--expires', '2026-03-31', '--title', 'Access review Q1', '--by', 'Dana', file]);
    expect(first.code, first.stderr).toBe(0);
    const seq = Number(/attached as journal entry (\d+)/.exec(first.stdout)![1]);
    const after = await filesUnder(evidence);

    const again = await binder(['attach', '--criteria', 'CC6.3,CC6.2', '--effective', '2026-01-02', '--expires', '2026-03-31', '--title', 'Access review Q1', '--by', 'Dana', file]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`already attached (journal entry ${seq}); nothing stored`);
    expect(await filesUnder(evidence)).toEqual(after);

    await writeFile(file, '# Access review Q1\nedited after the fact\n');
    const stored = join(evidence, 'documents', sha256Hex(original));
    expect(await readFile(stored)).toEqual(original);
    const listed = await json<{ fileName: string; documentSha256: string; criteria: string[]; standing: string }[]>(['attachments', 'list', '--from', '2026-01-01', '--to', '2026-12-31']);
    expect(listed).toContainEqual(expect.objectContaining({ fileName: 'access-review.md', documentSha256: sha256Hex(original), criteria: ['CC6.2', 'CC6.3'], standing: 'expired-during-period' }));

    // The binder takes the bytes attached, not the file as it is now.
    const zip = join(dir, 'after-edit.zip');
    const build = await binder(['build', '--from', '2026-01-01', '--to', '2026-01-05', '--out', zip]);
    expect(build.code, build.stderr + build.stdout).toBe(0);
    expect(execFileSync('unzip', ['-p', zip, 'evidence/manual/access-review.md'])).toEqual(original);

    // The demo attached its folder already: importing it again stores nothing.
    const again2 = await binder(['attach', '--from-yaml', join(demo, 'manual-evidence', 'manual-evidence.yaml'), '--by', 'Dana']);
    expect(again2.code, again2.stderr).toBe(0);
    expect(again2.stdout).toMatch(/^0 document\(s\) attached, 3 already attached/);
    const folder = join(dir, 'more-evidence');
    await mkdir(folder);
    await writeFile(join(folder, 'vendor-review.md'), '# Vendor review 2026\n');
    await writeFile(join(folder, 'bcp-test.md'), '# Business continuity test\n');
    await writeFile(
      join(folder, 'manual-evidence.yaml'),
      'documents:\n  - file: vendor-review.md\n    title: Vendor review\n    criteria: [CC9.2]\n    effective: 2026-01-02\n  - file: bcp-test.md\n    title: BCP test\n    criteria: [A1.3]\n    effective: 2026-01-03\n',
    );
    const imported = await binder(['attach', '--from-yaml', join(folder, 'manual-evidence.yaml'), '--by', 'Dana']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^2 document\(s\) attached/);
    const verify = await binder(['store', 'verify']);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/fieldwork journal: \d+ entries/);
  }, 180_000);

  it('store verify catches a stored response edited in the folder, and one removed', async () => {
    for (const tamper of ['edit', 'remove'] as const) {
      const copy = join(dir, `tampered-${tamper}`);
      await cp(demo, copy, { recursive: true });
      const copyEvidence = join(copy, 'evidence');
      // The response recorded above (the demo's own entries and later ones around it).
      const seq = await seqHolding(copyEvidence, 'Fixed by the platform team');
      const name = `${String(seq).padStart(10, '0')}.json`;
      const key = `journal/${name}`;
      const file = join(copyEvidence, 'journal', name);
      if (tamper === 'edit') {
        const body = (await readFile(file, 'utf8')).replace('Fixed by the platform team', 'Never an issue');
        expect(body).toContain('Never an issue');
        await rewrite(copyEvidence, key, Buffer.from(body));
      } else {
        await rm(file, { force: true });
        await rm(`${file}.sha256`, { force: true });
      }
      const verify = await runBinder(['store', 'verify', '--config', join(copy, 'binder.config.yaml')]);
      expect(verify.code, verify.stdout).toBe(1);
      expect(verify.stdout).toContain(
        tamper === 'edit' ? `journal entry ${seq} has a signature that does not verify` : `journal entries ${seq} are missing before journal/${String(seq + 1).padStart(10, '0')}.json`,
      );
    }
  }, 180_000);
});
