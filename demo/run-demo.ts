/**
 * `binder demo`: the whole pipeline on a fresh machine with no AWS account. Starts the sandbox,
 * collects a simulated year of daily snapshots (with one day the collector was down and one day
 * its credentials were rejected, so coverage gaps show), evaluates the year, builds a signed
 * binder, verifies it, and leaves a config in the output folder so every other command can be
 * tried on the result.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildBinder } from '../binder/build-binder.ts';
import { generateSigningKeyPair, loadPrivateKey } from '../binder/keys.ts';
import { verifyBinder, type VerifyResult } from '../binder/verify-binder.ts';
import type { Log } from '../collectors/log.ts';
import { parseConfigText } from '../config/load-config.ts';
import { evaluatePeriod } from '../controls/period/evaluate-period.ts';
import type { PeriodEvaluation } from '../model/evaluation.ts';
import { buildScenario } from '../sandbox/scenario.ts';
import { startSandboxWorker } from '../sandbox/start-sandbox-worker.ts';
import { ed25519LedgerSigner } from '../store/ledger-signature.ts';
import { openEvidenceStore } from '../store/open-store.ts';
import { extractEntry } from './extract-entry.ts';
import { recordDemoFieldwork } from './demo-fieldwork.ts';
import { simulateCollection, type SimulationSummary } from './simulate-collection.ts';

export interface DemoOptions {
  /** Output folder; when absent, ./binder-demo (or -2, -3 ... if taken). */
  out?: string;
  seed?: string;
  size?: 'demo' | 'ci' | 'bench';
  days?: number;
  log: Log;
  progress?: (done: number, total: number, what: string) => void;
}

export interface DemoResult {
  out: string;
  configPath: string;
  zipPath: string;
  pdfPath: string;
  evaluation: PeriodEvaluation;
  verification: VerifyResult;
  /** The signing key's fingerprint, which an auditor would receive out of band. */
  signingFingerprint: string;
  collection: SimulationSummary;
  timings: { collectMs: number; evaluateMs: number; buildMs: number; verifyMs: number; totalMs: number };
}

const DAY_MS = 86_400_000;

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  const out = options.out ? resolve(options.out) : await freeFolder(resolve('binder-demo'));
  await mkdir(out, { recursive: true });
  if ((await readdir(out)).length > 0) {
    throw new Error(`${out} is not empty; choose another --out (evidence already there is never overwritten)`);
  }
  const log = options.log;
  const scenarioOptions = { seed: options.seed ?? 'demo', size: options.size ?? 'demo', ...(options.days ? { days: options.days } : {}) };
  const scenario = buildScenario(scenarioOptions);
  const from = scenario.start.toISOString().slice(0, 10);
  const to = new Date(scenario.start.getTime() + (scenario.days - 1) * DAY_MS).toISOString().slice(0, 10);

  await mkdir(join(out, 'keys'), { recursive: true });
  const keys = await generateSigningKeyPair({
    privateKeyPath: join(out, 'keys', 'demo-signing-key.pem'),
    publicKeyPath: join(out, 'keys', 'demo-signing-key.pub.pem'),
  });
  // The sandbox serves from a worker thread so that it and the collectors use both cores.
  const sandbox = await startSandboxWorker({ scenario: scenarioOptions, day: 0 });
  await writeDemoManualEvidence(join(out, 'manual-evidence'));
  const configPath = join(out, 'binder.config.yaml');
  const configText = demoConfigYaml(sandbox.endpoint, scenario.collectedRegions);
  await writeFile(configPath, configText);
  const config = parseConfigText(configText, configPath);
  // The collector's ledger key, as the first `binder collect` would make it.
  const ledgerKeyPath = join(out, 'keys', 'binder-ledger-key.pem');
  await generateSigningKeyPair({ privateKeyPath: ledgerKeyPath, publicKeyPath: join(out, 'keys', 'binder-ledger-key.pub.pem') });
  const ledgerSigner = ed25519LedgerSigner((await loadPrivateKey(ledgerKeyPath)).privateKey);
  const store = await openEvidenceStore(config.store, out, { mode: 'create', ledgerSigner, configFile: configPath });
  log.info(`demo: sandbox at ${sandbox.endpoint}, collecting ${scenario.days} daily snapshots into ${store.location}`);

  let collection: SimulationSummary;
  const tCollect = performance.now();
  try {
    const allDays = Array.from({ length: scenario.days }, (_, d) => d);
    collection = await simulateCollection({
      scenario,
      sandbox,
      store,
      config,
      days: allDays,
      // The collector host was down one day, and its credentials were rejected another: both must
      // show up as coverage gaps in the binder, never be hidden.
      skipDays: scenario.days > 200 ? [151] : [],
      failDays: scenario.days > 200 ? [243] : [],
      log: quietCollectionLog(log),
      ...(options.progress ? { progress: (d, t, w) => options.progress?.(d, t, `collect ${w}`) } : {}),
    });
  } finally {
    await sandbox.close();
  }
  const collectMs = performance.now() - tCollect;

  const tEval = performance.now();
  const evaluate = () =>
    evaluatePeriod({
      store,
      config,
      from,
      to,
      ...(options.progress ? { progress: (d: number, t: number, w: string) => options.progress?.(d, t, `evaluate ${w}`) } : {}),
    });
  // Fieldwork on the evaluated year (documents attached, a response, accepted deviations), then
  // the evaluation the binder is built from, which lays the acceptances over the exceptions.
  const fieldwork = await recordDemoFieldwork(store, join(out, 'manual-evidence'), await evaluate());
  log.info(`demo: fieldwork journal: ${fieldwork.attached} documents attached, ${fieldwork.responses} response, ${fieldwork.acceptances} accepted deviations`);
  const evaluation = await evaluate();
  const evaluateMs = performance.now() - tEval;

  const tBuild = performance.now();
  const zipPath = join(out, `binder-${from}_${to}.zip`);
  const built = await buildBinder({
    evaluation,
    store,
    outPath: zipPath,
    signingKey: (await loadPrivateKey(keys.privateKeyPath)).privateKey,
    sampleSizes: config.sampling.sizes,
  });
  const pdfPath = join(out, 'index.pdf');
  await extractEntry(built.zipPath, 'index.pdf', pdfPath);
  const buildMs = performance.now() - tBuild;

  const tVerify = performance.now();
  const verification = await verifyBinder(built.zipPath, { expectedFingerprint: keys.fingerprint });
  const verifyMs = performance.now() - tVerify;

  return {
    out,
    configPath,
    zipPath: built.zipPath,
    pdfPath,
    evaluation,
    verification,
    signingFingerprint: keys.fingerprint,
    collection,
    timings: { collectMs, evaluateMs, buildMs, verifyMs, totalMs: performance.now() - t0 },
  };
}

function demoConfigYaml(endpoint: string, regions: readonly string[]): string {
  return `# Written by \`binder demo\`. The sandbox it collected from has stopped; start one with
# \`binder sandbox --port <port>\` and set the endpoint to collect more.
organization: Demo Organization (simulated)
system: Sandbox cloud platform
categories: [security, availability, confidentiality, processing-integrity]
sources:
  - name: sandbox
    regions: [${regions.join(', ')}]   # ${regions.at(-1)} is an opt-in region the account has not enabled: recorded as refused
    endpoint: ${endpoint}
store:
  type: local
  path: ./evidence
schedule:
  cron: "0 2 * * *"
  timezone: UTC
collection:
  timeoutMinutes: 30
  ledgerKeyPath: ./keys/binder-ledger-key.pem
signing:
  privateKeyPath: ./keys/demo-signing-key.pem
# The documents of ./manual-evidence were attached into the store (binder attach --from-yaml);
# binder build takes them from there.
`;
}

async function freeFolder(base: string): Promise<string> {
  for (let i = 1; ; i += 1) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    try {
      const entries = await readdir(candidate);
      if (entries.length === 0) return candidate;
    } catch {
      return candidate;
    }
  }
}

/** Per-run info lines would be 365 lines of noise at a terminal; keep warnings and errors. */
function quietCollectionLog(log: Log): Log {
  return { info: () => {}, warn: (m, f) => log.warn(m, f), error: (m, f) => log.warn(m, f) };
}

/** A few sample documents, so the demo binder shows how manual evidence is indexed by criterion. */
async function writeDemoManualEvidence(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const docs: [string, string][] = [
    ['information-security-policy.md', '# Information security policy (sample)\n\nVersion 4, approved by the board on 2026-01-12. Scope, roles, access control, encryption, logging, incident response.\n'],
    ['code-of-conduct-acknowledgements.csv', 'employee,acknowledged_on\nada.lovelace,2026-01-20\ngrace.hopper,2026-01-21\n'],
    ['access-review-2026-q2.md', '# Quarterly access review, Q2 2026 (sample)\n\nReviewed IAM users and group memberships on 2026-06-30; 2 leavers removed; signed by the security lead.\n'],
  ];
  for (const [name, body] of docs) await writeFile(join(dir, name), body);
  await writeFile(
    join(dir, 'manual-evidence.yaml'),
    `# Documents no API can produce, indexed by criterion with the date each took effect.
documents:
  - file: information-security-policy.md
    title: Information security policy v4 (sample)
    criteria: [CC1.1, CC2.2, CC5.3]
    effective: 2026-01-12
    sourceUrl: https://intranet.example.com/policies/infosec
  - file: code-of-conduct-acknowledgements.csv
    title: Code of conduct acknowledgements (sample)
    criteria: [CC1.1, CC1.5]
    effective: 2026-01-21
  - file: access-review-2026-q2.md
    title: Quarterly access review Q2 2026 (sample)
    criteria: [CC6.2, CC6.3]
    effective: 2026-06-30
    description: Signed by the security lead
`,
  );
}
