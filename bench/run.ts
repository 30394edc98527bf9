/**
 * `npm run bench [-- --full] [-- --only collection,period,storage,startup,estate]`: runs the
 * benchmarks, prints the figures and writes them to BENCHMARKS.md. Default sizes are the CI-sized
 * organization (1,000 users, 200 buckets); --full adds the design targets' size (10,000 users,
 * 2,000 buckets) and the estate (50,000 users, 10,000 buckets: one collection, a 90-day build).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCollectionBench, type CollectionBenchResult } from './collection.ts';
import { runPeriodBench, type PeriodBenchResult } from './period-build.ts';
import { runStoreSizeBench, type StoreSizeResult } from './store-size.ts';
import { packAndInstall } from './package-install.ts';
import { measureStartup, type StartupFigures } from './startup.ts';

const { values } = parseArgs({ options: { full: { type: 'boolean' }, only: { type: 'string' } } });
const only = new Set(((values.only as string | undefined) ?? `collection,period,storage,startup${values.full ? ',estate' : ''}`).split(','));
const benchArgs = [values.full ? '--full' : '', values.only ? `--only ${values.only}` : ''].filter(Boolean).join(' ').replace(/^(?=.)/, ' -- ');
const sizes = values.full ? (['ci', 'bench'] as const) : (['ci'] as const);
const log = (line: string) => process.stderr.write(`${line}\n`);
const f1 = (n: number) => n.toFixed(1);

const collection: CollectionBenchResult[] = [];
const period: PeriodBenchResult[] = [];
let storage: StoreSizeResult | null = null;
let startup: (StartupFigures & { packSeconds: number; installSeconds: number; tarballFiles: number }) | null = null;
let estate: { collection: CollectionBenchResult; period: PeriodBenchResult } | null = null;

if (only.has('collection')) {
  for (const size of sizes) {
    log(`collection: ${size} ...`);
    const r = await runCollectionBench({ size });
    log(
      `  ${f1(r.seconds)} s, peak RSS ${Math.round(r.peakRssMb)} MB, IAM ${r.iamCalls} calls (budget ${r.iamBudget}), S3 ${r.s3Calls} (${f1(r.s3CallsPerBucket)}/bucket), regional ${r.regionalCalls}, ${f1(r.speedup)}x the per-entity pattern; provenance ${r.provenanceCalls} calls, ${f1(r.callLogBytesPerCall)} bytes/call stored (${f1(r.verbatimGzipBytesPerCall)} as gzip JSON)`,
    );
    collection.push(r);
  }
}
if (only.has('period')) {
  for (const size of sizes) {
    log(`period build: ${size}, 365 days ...`);
    const r = await runPeriodBench({ size, log });
    log(
      `  evaluate ${f1(r.evaluateSeconds)} s, build ${f1(r.buildSeconds)} s, peak RSS ${Math.round(r.peakRssMb)} MB; binder build ${r.cliBuilds.map((b) => `${b.days} d ${f1(b.seconds)} s ${Math.round(b.peakRssMb)} MB`).join(', ')}`,
    );
    period.push(r);
  }
}
if (only.has('storage')) {
  // The calls of a real collection of the same size (bench) with --full, of the CI organization otherwise.
  const callsFrom = values.full ? 'bench' : 'ci';
  log(`storage: 10,000 users, 2,000 buckets, 365 days, 0.5% churn, the calls of a real ${callsFrom} collection ...`);
  storage = await runStoreSizeBench({ callsFrom, log: () => {} });
  log(
    `  ratio ${storage.ratioWithoutCalls.toFixed(2)}x one gzip snapshot without the calls, ${storage.ratio.toFixed(2)}x with them (${f1(storage.callLogBytesPerCall)} bytes/call)`,
  );
}

if (only.has('startup')) {
  log('startup: npm pack, install into an empty folder, then median of 5 processes per case ...');
  const work = await mkdtemp(join(tmpdir(), 'binder-startup-bench-'));
  try {
    const installed = await packAndInstall(work);
    startup = { ...(await measureStartup(installed.bin, 5)), packSeconds: installed.packSeconds, installSeconds: installed.installSeconds, tarballFiles: installed.files.length };
    log(`  package --help ${startup.packageHelp.toFixed(2)} s, --version ${startup.packageVersion.toFixed(2)} s; clone --help ${startup.cloneHelp.toFixed(2)} s; bare node ${startup.bareNode.toFixed(2)} s`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
if (only.has('estate')) {
  log('estate (50,000 users, 10,000 buckets): one collection ...');
  const c = await runCollectionBench({ size: 'estate' });
  log(`  ${f1(c.seconds)} s, peak RSS ${Math.round(c.peakRssMb)} MB, IAM ${c.iamCalls} calls, S3 ${c.s3Calls}`);
  log('estate: a 90-day period build ...');
  const p = await runPeriodBench({ size: 'estate', days: 90, cliDays: [90], log });
  log(`  binder build 90 d: ${f1(p.cliBuildSeconds)} s, ${Math.round(p.cliBuildPeakRssMb)} MB`);
  estate = { collection: c, period: p };
}

const lines: string[] = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench${benchArgs}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}.${values.only ? ' Sections it did not run keep the figures of an earlier run (their notes say which).' : ''}`,
  'Targets are from the design document; figures are measured, not asserted in unit tests.',
  '',
];
if (collection.length) {
  lines.push(
    '## Collection (one snapshot through the real SDK against the sandbox)',
    '',
    'Latency per request and IAM throttling (token bucket, AWS `Throttling` errors) as in the target. The per-entity figure is the calls the best-known open-source scanner makes for the same organization, and its time at the same IAM rate and S3 concurrency.',
    '',
    '| size | users / roles / groups / policies / buckets | latency | IAM rate | time | IAM calls (budget) | S3 calls per bucket | regional calls (5 services, every region) | throttled | per-entity calls | per-entity time | speedup (target >= 20x) | peak RSS | provenance: calls, bytes per call stored (as gzip JSON) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...collection.map(
      (r) =>
        `| ${r.size} | ${r.entities.users} / ${r.entities.roles} / ${r.entities.groups} / ${r.entities.policies} / ${r.entities.buckets} | ${r.latencyMs} ms | ${r.iamRatePerSec}/s | ${f1(r.seconds)} s | ${r.iamCalls} + ${r.stsCalls} STS (${r.iamBudget}) | ${f1(r.s3CallsPerBucket)} (target <= 12) | ${r.regionalCalls} | ${r.throttled} | ${r.perEntityIamCalls} IAM + ${r.perEntityS3Calls} S3 | ${f1(r.perEntitySeconds)} s | ${f1(r.speedup)}x | ${Math.round(r.peakRssMb)} MB | ${r.provenanceCalls}, ${f1(r.callLogBytesPerCall)} B (${f1(r.verbatimGzipBytesPerCall)} B) |`,
    ),
    '',
  );
}
if (period.length) {
  const byDays = [...new Set(period.flatMap((r) => r.cliBuilds.map((b) => b.days)))].sort((a, b) => a - b);
  lines.push(
    '## Period build (365 daily snapshots -> signed binder)',
    '',
    'Snapshots are written straight from the scenario state into a local store (no HTTP), then the year is evaluated, a signed binder built and verified. Targets (scale issue): `binder build` of the year in its own process at most 180 s and 1.0 GB peak RSS at full size, 15 s at CI size; its memory follows the churn, not the days.',
    '',
    '| size | resources per snapshot | store 365 snapshots | evaluate | build | evaluate + build | `binder build` (own process) | its peak RSS | check evaluations (reused) | verify | sha256sum -c | ZIP | ZIP byte-identical (own process = in process) | PDF pages | bench process peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...period.map(
      (r) =>
        `| ${r.size} | ${r.resourcesPerSnapshot} | ${f1(r.storeSeconds)} s | ${f1(r.evaluateSeconds)} s | ${f1(r.buildSeconds)} s | ${f1(r.evaluateSeconds + r.buildSeconds)} s | ${f1(r.cliBuildSeconds)} s | ${Math.round(r.cliBuildPeakRssMb)} MB | ${r.checkEvaluations} (${r.resultsReused}) | ${r.verifySeconds.toFixed(2)} s | ${r.sha256sumSeconds.toFixed(2)} s | ${(r.zipBytes / 1048576).toFixed(1)} MB | ${r.zipReproducible ? 'yes' : 'NO'} | ${r.pdfPages} | ${Math.round(r.peakRssMb)} MB |`,
    ),
    '',
    '`binder build` in its own process, by length of the period (the first N days of the same store):',
    '',
    `| size | ${byDays.map((d) => `${d} days: time / peak RSS`).join(' | ')} |`,
    `|---|${byDays.map(() => '---|').join('')}`,
    ...period.map((r) => {
      const cells = byDays.map((d) => {
        const b = r.cliBuilds.find((x) => x.days === d);
        return b ? `${f1(b.seconds)} s / ${Math.round(b.peakRssMb)} MB` : '-';
      });
      return `| ${r.size} | ${cells.join(' | ')} |`;
    }),
    '',
  );
}
if (storage) {
  lines.push(
    '## Storage (a year of daily snapshots, 0.5% daily churn)',
    '',
    'Target: at most 3x the bytes of one compressed snapshot (without the API calls). Each day carries the API calls of a real collection through the SDK against the sandbox (new request ids every day); the year is shown without them and with them (records v2: a call log).',
    '',
    '| days | resources per snapshot | one snapshot, gzip | stored without the calls | ratio | calls per day | stored with the calls | ratio | bytes per call (v1 gzip JSON) | provenance loads back identical | save all | load all 365 | verify |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${storage.days} | ${storage.resourcesPerSnapshot} | ${(storage.oneSnapshotGzipBytes / 1048576).toFixed(2)} MB | ${(storage.storedBytesWithoutCalls / 1048576).toFixed(2)} MB | ${storage.ratioWithoutCalls.toFixed(2)}x | ${storage.callsPerDay} (${storage.callsFrom ?? 'fixture'}) | ${(storage.storedBytes / 1048576).toFixed(2)} MB | ${storage.ratio.toFixed(2)}x | ${f1(storage.callLogBytesPerCall)} B (${f1(storage.verbatimBytesPerCall)} B) | ${storage.provenanceRoundTrips ? 'yes' : 'NO'} | ${f1(storage.saveMs / 1000)} s | ${f1(storage.loadAllMs / 1000)} s | ${f1(storage.verifyMs / 1000)} s |`,
    '',
  );
}
if (startup) {
  const s = (n: number) => `${n.toFixed(2)} s`;
  lines.push(
    '## Startup (the packed package vs a clone)',
    '',
    `Median wall time of ${startup.runs} whole processes each. The package is \`npm pack\` of this checkout (${startup.tarballFiles} files, compiled JavaScript) installed into an empty folder (pack ${f1(startup.packSeconds)} s, install ${f1(startup.installSeconds)} s) and run as its \`node_modules/.bin/binder\`; \`npx binder\` adds npm's own start-up on top. A clone runs the TypeScript sources through tsx. Target (scale issue): \`binder --help\` and \`--version\` of the package at most 0.3 s.`,
    '',
    '| case | --help | --version |',
    '|---|---|---|',
    `| installed package (dist/) | ${s(startup.packageHelp)} | ${s(startup.packageVersion)} |`,
    `| clone (tsx) | ${s(startup.cloneHelp)} | ${s(startup.cloneVersion)} |`,
    `| bare \`node -e 0\`, for reference | ${s(startup.bareNode)} | |`,
    '',
  );
}
if (estate) {
  const c = estate.collection;
  const p = estate.period;
  lines.push(
    '## Estate (50,000 users, 10,000 buckets)',
    '',
    'One snapshot through the real SDK against the sandbox (20 ms latency, IAM 20 requests/s, as above), then 90 daily snapshots written from the scenario and a signed binder built over them in its own process. Target (scale issue): the 90-day build at most 1.5 GB.',
    '',
    '| users / roles / groups / policies / buckets | collection time | IAM calls (budget) | S3 calls per bucket | collector peak RSS | resources per snapshot | store 90 snapshots | `binder build` 90 days (own process) | its peak RSS | ZIP byte-identical | bench process peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${c.entities.users} / ${c.entities.roles} / ${c.entities.groups} / ${c.entities.policies} / ${c.entities.buckets} | ${f1(c.seconds)} s | ${c.iamCalls} + ${c.stsCalls} STS (${c.iamBudget}) | ${f1(c.s3CallsPerBucket)} | ${Math.round(c.peakRssMb)} MB | ${p.resourcesPerSnapshot} | ${f1(p.storeSeconds)} s | ${f1(p.cliBuildSeconds)} s | ${Math.round(p.cliBuildPeakRssMb)} MB | ${p.zipReproducible ? 'yes' : 'NO'} | ${Math.round(p.peakRssMb)} MB |`,
    '',
  );
}
// Sections not run this time are kept from the previous BENCHMARKS.md (with their own figures).
const target = new URL('../BENCHMARKS.md', import.meta.url);
const previous = await readFile(target, 'utf8').catch(() => '');
const sectionsOf = (md: string) =>
  new Map(
    md
      .split(/\n(?=## )/)
      .slice(1)
      .map((sec) => [sec.split('\n')[0]!, sec.trimEnd()]),
  );
const fresh = sectionsOf(lines.join('\n'));
const kept = [...sectionsOf(previous)].filter(([title]) => !fresh.has(title));
const order = ['## Collection', '## Period build', '## Storage', '## Startup', '## Estate', '## Notes'];
const rank = (title: string) => {
  const i = order.findIndex((o) => title.startsWith(o));
  return i < 0 ? order.length : i;
};
const sections = [...fresh, ...kept].sort(([a], [b]) => rank(a) - rank(b)).map(([, body]) => body);
const text = [lines.slice(0, 4).join('\n'), ...sections].join('\n\n') + '\n';
process.stdout.write(`${text}\n`);
await writeFile(target, text);
