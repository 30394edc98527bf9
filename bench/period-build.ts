/**
 * Period build benchmark: a year of daily snapshots of a scenario organization (written straight
 * from the scenario's state into a local store, so this measures the store, the evaluation and
 * the binder rather than HTTP), then evaluate the year and build and verify a signed binder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBinder } from '../binder/build-binder.ts';
import { verifyBinder } from '../binder/verify-binder.ts';
import { BinderConfig } from '../config/schema.ts';
import { evaluatePeriod } from '../controls/period/evaluate-period.ts';
import { SNAPSHOT_SCHEMA, type Snapshot } from '../model/snapshot.ts';
import { TOOL } from '../model/version.ts';
import { buildScenario, type Scenario, type ScenarioPreset } from '../sandbox/scenario.ts';
import { ephemeralLedgerSigner } from '../store/ledger-signature.ts';
import { openEvidenceStore } from '../store/open-store.ts';
import type { EvidenceStore } from '../store/types.ts';

export interface PeriodBenchResult {
  size: ScenarioPreset;
  days: number;
  resourcesPerSnapshot: number;
  storeSeconds: number;
  evaluateSeconds: number;
  buildSeconds: number;
  verifySeconds: number;
  /** sha256sum -c over the same files, extracted (the reference for verify throughput). */
  sha256sumSeconds: number;
  checkEvaluations: number;
  resultsReused: number;
  zipBytes: number;
  pdfPages: number;
  /** Peak RSS of the bench process (it also holds the scenario generator: an upper bound). */
  peakRssMb: number;
  /** `binder build` over the same store in its own process, as a compliance lead runs it (the whole period). */
  cliBuildSeconds: number;
  cliBuildPeakRssMb: number;
  /** The same, for periods of the first `days` days (memory should follow the churn, not the days). */
  cliBuilds: CliBuildFigures[];
  /** The own-process build of the whole period gave the same ZIP, byte for byte, as the in-process build. */
  zipReproducible: boolean;
}

export interface CliBuildFigures {
  days: number;
  seconds: number;
  peakRssMb: number;
}

/** Period lengths the own-process build is measured for (those not longer than the stored days). */
export const CLI_BUILD_DAYS = [90, 180, 365] as const;

export interface BenchStore {
  store: EvidenceStore;
  config: BinderConfig;
  scenario: Scenario;
  resourcesPerSnapshot: number;
  storeSeconds: number;
}

/** Writes `scenario.days` daily snapshots (and their ledger entries) into a local store in `dir`. */
export async function writeBenchStore(options: { size: ScenarioPreset; days?: number; dir: string; log?: (line: string) => void }): Promise<BenchStore> {
  const log = options.log ?? (() => {});
  const { dir } = options;
  const scenario = buildScenario({ seed: 'bench', size: options.size, ...(options.days ? { days: options.days } : {}) });
  const config = BinderConfig.parse({ sources: [{ name: 'bench' }], store: { type: 'local', path: join(dir, 'evidence') } });
  const store = await openEvidenceStore(config.store, dir, { mode: 'create', ledgerSigner: ephemeralLedgerSigner() });
  const t0 = performance.now();
  let resources = 0;
  for (let day = 0; day < scenario.days; day += 1) {
    const state = scenario.stateOn(day);
    resources = state.resources.length;
    const at = scenario.snapshotTime(day).toISOString();
    const snapshot: Snapshot = {
      schema: SNAPSHOT_SCHEMA,
      provenance: {
        tool: { name: TOOL.name, version: TOOL.version },
        source: 'bench',
        accountId: state.accountId,
        callerArn: scenario.callerArn,
        partition: 'aws',
        regions: [...scenario.collectedRegions],
        endpoint: 'benchmark: written from the scenario state, no API calls',
        scheduledFor: at,
        startedAt: at,
        finishedAt: at,
        credentialReportGeneratedAt: at,
        calls: [],
        counts: {},
      },
      resources: state.resources,
    };
    const runId = `bench-${String(day).padStart(3, '0')}`;
    const record = await store.saveSnapshot(snapshot, runId);
    await store.appendLedger({
      runId,
      source: 'bench',
      scheduledFor: at,
      startedAt: at,
      finishedAt: at,
      status: 'success',
      reason: null,
      snapshotId: record.id,
      snapshotSha256: record.snapshotSha256,
      startedSeq: null,
      host: null,
      pid: null,
      deadline: null,
    });
    if (day % 30 === 0) log(`  stored day ${day + 1}/${scenario.days}`);
  }
  return { store, config, scenario, resourcesPerSnapshot: resources, storeSeconds: (performance.now() - t0) / 1000 };
}

export interface PeriodBenchOptions {
  size: ScenarioPreset;
  /** Days stored and evaluated in process (default 365). */
  days?: number;
  /** Period lengths for the own-process `binder build` (default CLI_BUILD_DAYS); the whole period is always one. */
  cliDays?: readonly number[];
  log?: (line: string) => void;
}

export async function runPeriodBench(options: PeriodBenchOptions): Promise<PeriodBenchResult> {
  const log = options.log ?? (() => {});
  const dir = await mkdtemp(join(tmpdir(), 'binder-period-bench-'));
  try {
    const { store, config, scenario, resourcesPerSnapshot: resources, storeSeconds } = await writeBenchStore({ size: options.size, ...(options.days ? { days: options.days } : {}), dir, log });
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    try {
      const from = scenario.dayString(0);
      const to = scenario.dayString(scenario.days - 1);
      const t1 = performance.now();
      const evaluation = await evaluatePeriod({ store, config, from, to });
      const evaluateSeconds = (performance.now() - t1) / 1000;
      const t2 = performance.now();
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const built = await buildBinder({ evaluation, store, outPath: join(dir, 'binder.zip'), signingKey: privateKey });
      const buildSeconds = (performance.now() - t2) / 1000;
      const t3 = performance.now();
      const verified = await verifyBinder(built.zipPath, { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string });
      const verifySeconds = (performance.now() - t3) / 1000;
      execFileSync('unzip', ['-q', built.zipPath, '-d', join(dir, 'unzipped')]);
      const t4 = performance.now();
      execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: join(dir, 'unzipped') });
      const sha256sumSeconds = (performance.now() - t4) / 1000;
      if (verified.status !== 'valid') throw new Error(`benchmark binder did not verify: ${JSON.stringify(verified.problems)}`);
      writeCliConfig(dir, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
      const lengths = [...new Set([...(options.cliDays ?? CLI_BUILD_DAYS).filter((d) => d < scenario.days), scenario.days])].sort((a, b) => a - b);
      const cliBuilds: CliBuildFigures[] = [];
      let cliZip = '';
      for (const days of lengths) {
        log(`  binder build, ${days} days, own process ...`);
        const out = join(dir, `cli-binder-${days}.zip`);
        const run = cliBuild(dir, from, scenario.dayString(days - 1), out);
        cliBuilds.push({ days, seconds: run.seconds, peakRssMb: run.maxRssKb / 1024 });
        cliZip = out;
      }
      const cli = cliBuilds[cliBuilds.length - 1]!;
      const zipReproducible = sha256File(cliZip) === sha256File(built.zipPath);
      return {
        size: options.size,
        days: scenario.days,
        resourcesPerSnapshot: resources,
        storeSeconds,
        evaluateSeconds,
        buildSeconds,
        verifySeconds,
        sha256sumSeconds,
        checkEvaluations: evaluation.stats.checkEvaluations,
        resultsReused: evaluation.stats.resultsReused,
        zipBytes: built.sizes.zipBytes,
        pdfPages: built.sizes.pdfPages,
        peakRssMb: peakRss / 1048576,
        cliBuildSeconds: cli.seconds,
        cliBuildPeakRssMb: cli.peakRssMb,
        cliBuilds,
        zipReproducible,
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function writeCliConfig(dir: string, privateKeyPem: string): void {
  writeFileSync(join(dir, 'bench-key.pem'), privateKeyPem, { mode: 0o600 });
  writeFileSync(
    join(dir, 'binder.config.yaml'),
    'sources:\n  - name: bench\nstore:\n  type: local\n  path: ./evidence\nsigning:\n  privateKeyPath: ./bench-key.pem\n',
  );
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Prints the process's peak RSS (kB) when it exits: loaded into the `binder build` child with
 * --import, so the figure needs no /usr/bin/time.
 */
const REPORT_MAX_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss_kb='+process.resourceUsage().maxRSS+'\\n'))`;

/** Runs `binder build` on the bench store in a child process (peak RSS, wall time). */
function cliBuild(dir: string, from: string, to: string, out: string): { seconds: number; maxRssKb: number } {
  const bin = new URL('../bin/binder.js', import.meta.url).pathname;
  const t0 = performance.now();
  const run = spawnSync(
    process.execPath,
    ['--import', REPORT_MAX_RSS, bin, 'build', '--config', join(dir, 'binder.config.yaml'), '--from', from, '--to', to, '--out', out, '--json'],
    { encoding: 'utf8', maxBuffer: 256 << 20 },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`binder build failed in the benchmark: ${run.stderr.slice(-2000)}`);
  const maxRssKb = Number(/maxrss_kb=(\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  if (!Number.isFinite(maxRssKb)) throw new Error(`binder build did not report its peak RSS: ${run.stderr.slice(-500)}`);
  return { seconds, maxRssKb };
}
