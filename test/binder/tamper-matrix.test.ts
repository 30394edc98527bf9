/**
 * The binder side of the tamper matrix: each forgery an attacker with this repository can make, run
 * through every way an auditor verifies a binder: verifyBinder and the `binder verify` CLI (without
 * and with the organization's fingerprint), and the standard-tool commands of the genuine binder's
 * VERIFY.md. The genuine binder passes everything; every forgery is caught by `binder verify` and by
 * at least the VERIFY.md command meant to catch it. The matrix is printed and written to
 * out/test-output/binder-tamper-matrix.md.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinder } from '../../binder/build-binder.ts';
import { citeSnapshots } from '../../binder/cite-snapshots.ts';
import { fingerprint } from '../../binder/keys.ts';
import { EVIDENCE_DIR, PDF_FILE, SUMS_FILE, VERIFY_FILE } from '../../binder/manifest.ts';
import { renderIndexPdf } from '../../binder/pdf/render-index-pdf.ts';
import { verifyBinder, type VerifyResult, type VerifyStatus } from '../../binder/verify-binder.ts';
import { TOOL } from '../../model/version.ts';
import { runBinder } from '../cli/run-binder.ts';
import { buildFixture, NO_FIELDWORK } from './fixtures.ts';
import { addListedEntry, dropFirstRow, entry, manifestOf, replaceEntry, reseal, type Entry } from './forge.ts';
import { auditorFolder, runVerifyMd, verifyMdCommands, type CommandRun, type VerifyMdCommand } from './verify-md.ts';
import { craftZip, readZipEntries } from './zip-craft.ts';

interface Case {
  name: string;
  make: () => Promise<string>;
  /** verifyBinder without / with the organization's fingerprint. */
  expect: [VerifyStatus, VerifyStatus];
  /** An entry the problems must name (forgeries). */
  names?: string | RegExp;
  /** VERIFY.md commands (labels) that must fail; empty: all must pass. */
  caughtBy: string[];
}

interface Row {
  name: string;
  lib: [VerifyResult, VerifyResult];
  cli: number | null;
  md: CommandRun[];
}

let dir: string;
let orgKey: KeyObject;
let attackerKey: KeyObject;
let genuineZip: string;
let genuine: Entry[];
let commands: VerifyMdCommand[];
const rows: Row[] = [];

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
let counter = 0;
async function zipOf(entries: readonly Entry[]): Promise<string> {
  const path = join(dir, `forged-${++counter}.zip`);
  await writeFile(path, craftZip(entries));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'binder-tamper-matrix-'));
  orgKey = generateKeyPairSync('ed25519').privateKey;
  attackerKey = generateKeyPairSync('ed25519').privateKey;
  const f = buildFixture();
  genuineZip = (await buildBinder({ evaluation: f.evaluation, store: f.store, drift: f.drift(), outPath: join(dir, 'genuine.zip'), signingKey: orgKey })).zipPath;
  genuine = await readZipEntries(genuineZip);
  commands = verifyMdCommands(entry(genuine, VERIFY_FILE).data.toString('utf8'));
});

afterAll(async () => {
  if (rows.length) {
    const table = renderMatrix(rows);
    process.stdout.write(`binder tamper matrix:\n${table}\n`);
    const out = new URL('../../out/test-output/', import.meta.url).pathname;
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'binder-tamper-matrix.md'), `${table}\n`);
  }
  await rm(dir, { recursive: true, force: true });
});

const CASES: Case[] = [
  { name: 'genuine', make: async () => genuineZip, expect: ['signer-unchecked', 'valid'], caughtBy: [] },
  {
    name: 're-signed with another key (bundled key replaced), exception row dropped, manifest+SHA256SUMS recomputed',
    make: () => zipOf(reseal(replaceEntry(genuine, 'evidence/exceptions.csv', dropFirstRow(entry(genuine, 'evidence/exceptions.csv').data)), attackerKey)),
    expect: ['tampered', 'tampered'],
    names: PDF_FILE,
    caughtBy: ['4.1', '7.1'],
  },
  {
    name: 'unsigned, rebuilt by binder without an exception',
    make: async () => {
      const f = buildFixture();
      f.evaluation.checks.find((c) => c.exceptions.length > 0)!.exceptions.shift();
      return (await buildBinder({ evaluation: f.evaluation, store: f.store, drift: f.drift(), outPath: join(dir, 'unsigned.zip'), signingKey: null })).zipPath;
    },
    expect: ['unsigned', 'tampered'],
    caughtBy: ['3.1', '4.1'],
  },
  {
    name: 'signature stripped (manifest marked unsigned, PDF left)',
    make: () => zipOf(reseal(genuine, null)),
    expect: ['tampered', 'tampered'],
    names: PDF_FILE,
    caughtBy: ['3.1', '4.1'],
  },
  {
    // Ends in "  manifest.json": the old filesDigest pipeline (grep -v) dropped its line.
    name: 'entry with spaces added, listed in SHA256SUMS',
    make: () => zipOf(addListedEntry(genuine, { name: 'evidence/extra  manifest.json', data: Buffer.from('forged') }, 'evidence/extra  manifest.json')),
    expect: ['tampered', 'tampered'],
    names: 'evidence/extra  manifest.json',
    caughtBy: ['1.2'],
  },
  {
    // unzip strips the newline when extracting, so SHA256SUMS lists the name as it lands on disk.
    name: 'entry with a newline added, listed in SHA256SUMS as extracted',
    make: () => zipOf(addListedEntry(genuine, { name: 'evidence/extra\n  manifest.json', data: Buffer.from('forged') }, 'evidence/extra  manifest.json')),
    expect: ['tampered', 'tampered'],
    names: '"evidence/extra\\n  manifest.json"',
    caughtBy: ['1.2'],
  },
  {
    name: 'symlink entry added',
    make: () => zipOf([...genuine, { name: 'evidence/link.json', data: Buffer.from('../index.pdf'), unixMode: 0o120777 }]),
    expect: ['tampered', 'tampered'],
    names: 'evidence/link.json',
    caughtBy: ['1.4', '6.2'],
  },
  {
    name: 'duplicate entry (a second evidence/exceptions.csv)',
    make: () => zipOf([...genuine, { name: 'evidence/exceptions.csv', data: dropFirstRow(entry(genuine, 'evidence/exceptions.csv').data) }]),
    expect: ['tampered', 'tampered'],
    names: 'evidence/exceptions.csv',
    caughtBy: ['1.3'],
  },
  {
    name: 'evidence/SHA256SUMS planted',
    make: () => zipOf([...genuine, { name: 'evidence/SHA256SUMS', data: Buffer.from(`${'0'.repeat(64)}  evidence/coverage.json\n`) }]),
    expect: ['tampered', 'tampered'],
    names: 'evidence/SHA256SUMS',
    caughtBy: ['6.2'],
  },
  {
    name: 'evidence file changed and its SHA256SUMS line updated (signed manifest left alone)',
    make: async () => {
      const csv = dropFirstRow(entry(genuine, 'evidence/exceptions.csv').data);
      const sums = entry(genuine, SUMS_FILE).data.toString('utf8').replace(/^[0-9a-f]{64}(?= {2}evidence\/exceptions\.csv$)/m, sha256(csv));
      return zipOf(replaceEntry(replaceEntry(genuine, 'evidence/exceptions.csv', csv), SUMS_FILE, Buffer.from(sums)));
    },
    expect: ['tampered', 'tampered'],
    names: 'evidence/exceptions.csv',
    caughtBy: ['5.1', '7.1'],
  },
  {
    name: 'evidence file removed with its SHA256SUMS line',
    make: async () => {
      const sums = entry(genuine, SUMS_FILE).data.toString('utf8').replace(/^[0-9a-f]{64} {2}evidence\/coverage\.json\n/m, '');
      return zipOf(replaceEntry(genuine.filter((e) => e.name !== 'evidence/coverage.json'), SUMS_FILE, Buffer.from(sums)));
    },
    expect: ['tampered', 'tampered'],
    names: 'evidence/coverage.json',
    caughtBy: ['5.1', '7.1'],
  },
  {
    name: 'index.pdf swapped for one with another evidence digest, re-signed',
    make: async () => {
      const f = buildFixture();
      const manifest = manifestOf(genuine);
      const pdf = await renderIndexPdf({
        evaluation: f.evaluation,
        builtWith: { name: TOOL.name, version: TOOL.version },
        evidenceDigest: sha256(Buffer.from('some other evidence')),
        signingFingerprint: fingerprint(attackerKey),
        citations: citeSnapshots(f.evaluation),
        evidenceFiles: manifest.files.filter((x) => x.path.startsWith(EVIDENCE_DIR)),
        manualEvidence: [],
    ...NO_FIELDWORK,
      });
      return zipOf(reseal(replaceEntry(genuine, PDF_FILE, pdf.bytes), attackerKey));
    },
    expect: ['tampered', 'tampered'],
    names: PDF_FILE,
    caughtBy: ['4.1', '7.1'],
  },
  {
    name: 'SHA256SUMS of 3 million malformed lines',
    make: () => {
      const lines: string[] = [];
      for (let i = 0; i < 3_000_000; i++) lines.push(`bogus ${i.toString(36)}`);
      return zipOf(replaceEntry(genuine, SUMS_FILE, Buffer.from(`${lines.join('\n')}\n`)));
    },
    expect: ['tampered', 'tampered'],
    names: SUMS_FILE,
    caughtBy: ['5.1', '6.1'],
  },
  {
    name: 'manifest.json of 220 MB',
    make: () => zipOf(replaceEntry(genuine, 'manifest.json', hugeManifest(entry(genuine, 'manifest.json').data, 220 * 1024 * 1024))),
    expect: ['tampered', 'tampered'],
    names: 'manifest.json',
    caughtBy: ['3.1', '6.1'],
  },
];

describe('binder tamper matrix', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.caughtBy.length ? 'caught by binder verify and VERIFY.md' : 'passes binder verify and every VERIFY.md command'}`, async () => {
      const zip = await c.make();
      const fp = fingerprint(orgKey);
      const lib: [VerifyResult, VerifyResult] = [await verifyBinder(zip), await verifyBinder(zip, { expectedFingerprint: fp })];
      // The CLI with a heap far below what the attacks used to take (6.9 GB, 1 GB): bounded memory or a crash.
      const cli = await runBinder(['verify', zip], { NODE_OPTIONS: '--max-old-space-size=128' });
      const md = await runVerifyMd(commands, await auditorFolder(dir, zip), fp);
      rows.push({ name: c.name, lib, cli: cli.code, md });

      expect(lib.map((r) => r.status), JSON.stringify(lib.map((r) => r.problems.slice(0, 5)))).toEqual(c.expect);
      expect(cli.code, cli.out).toBe(lib[0].exitCode);
      const binderLine = md.at(-1)!;
      expect(binderLine.command).toMatch(/^binder verify BINDER\.zip --fingerprint ORGANIZATION_FINGERPRINT$/);
      expect(binderLine.code, binderLine.out).toBe(lib[1].exitCode);
      const tools = md.slice(0, -1);
      if (c.caughtBy.length === 0) {
        for (const run of tools) {
          expect(run.code, `${run.label} ${run.command}\n${run.out}`).toBe(0);
          expect(run.out.trim().split('\n').at(-1), run.label).toMatch(/^OK: /);
        }
        expect(lib[1].problems).toEqual([]);
      } else {
        expect(lib[1].exitCode).toBeGreaterThan(0);
        for (const r of lib) if (c.names) expect(r.problems.map((p) => p.path).join('\n'), JSON.stringify(r.problems.slice(0, 5))).toContain(c.names);
        const failed = tools.filter((r) => r.code !== 0).map((r) => r.label);
        expect(failed, tools.map((r) => `${r.label}: ${r.code} ${r.out.slice(0, 300)}`).join('\n')).toEqual(expect.arrayContaining(c.caughtBy));
        for (const run of tools.filter((r) => r.code !== 0)) expect(run.out, run.label).not.toMatch(/^OK: /m);
      }
    });
  }
});

/** The genuine manifest with its files list padded to `size` bytes of plausible rows. */
function hugeManifest(genuineManifest: Buffer, size: number): Buffer {
  const text = genuineManifest.toString('utf8');
  const at = text.indexOf('"files": [') + '"files": ['.length;
  const rows: string[] = [];
  let length = text.length;
  for (let i = 0; length < size; i++) {
    const row = `\n    {\n      "path": "evidence/padding/${i}.json",\n      "sha256": "${'0'.repeat(64)}",\n      "size": ${i}\n    },`;
    rows.push(row);
    length += row.length;
  }
  return Buffer.from(text.slice(0, at) + rows.join('') + text.slice(at));
}

function renderMatrix(rs: readonly Row[]): string {
  const labels = rs[0]!.md.slice(0, -1).map((r) => r.label);
  const verdict = (r: VerifyResult) => `${r.status} (${r.exitCode})`;
  const header = `| case | verifyBinder | verifyBinder --fingerprint | CLI exit | CLI --fingerprint (VERIFY.md ${rs[0]!.md.at(-1)!.label}) exit | VERIFY.md commands failing (of ${labels.join(' ')}) |`;
  const lines = [header, `|${' --- |'.repeat(6)}`];
  for (const r of rs) {
    const failed = r.md.slice(0, -1).filter((m) => m.code !== 0).map((m) => m.label);
    lines.push(`| ${r.name} | ${verdict(r.lib[0])} | ${verdict(r.lib[1])} | ${r.cli} | ${r.md.at(-1)!.code} | ${failed.length ? failed.join(' ') : 'none: all print OK'} |`);
  }
  return lines.join('\n');
}
