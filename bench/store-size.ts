/**
 * Storage benchmark: one organization of ~10,000 users and 2,000 buckets (plus roles, groups,
 * policies and credential report rows), then 364 more days at 0.5% daily churn, saved into a
 * temp local store. Prints the bytes stored against the gzip size of one snapshot's canonical
 * JSON (target: at most 3x), and the time to save and to load the year.
 *   node bin/run-ts.js bench/store-size-cli.ts [days] [users]
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { canonicalJson, hashOf } from '../model/canonical-json.ts';
import { createEvidenceStore } from '../store/evidence-store.ts';
import { ephemeralLedgerSigner } from '../store/ledger-signature.ts';
import { initializeEvidenceStore } from '../store/open-store.ts';
import { LocalFolderBackend } from '../store/local-backend.ts';
import { BENCH_ORG, SyntheticOrg, type OrgSize } from '../test/store/fixtures.ts';

export interface StoreSizeResult {
  days: number;
  resourcesPerSnapshot: number;
  oneSnapshotGzipBytes: number;
  oneSnapshotGzip9Bytes: number;
  storedBytes: number;
  storedBytesByPrefix: Record<string, number>;
  ratio: number;
  ratioVsGzip9: number;
  saveMs: number;
  loadAllMs: number;
  loadChangesAllMs: number;
  loadOneColdMs: number;
  verifyMs: number;
  verifyProblems: number;
}

export async function runStoreSizeBench(opts: { days?: number; org?: OrgSize; churn?: number; log?: (line: string) => void } = {}): Promise<StoreSizeResult> {
  const days = opts.days ?? 365;
  const log = opts.log ?? ((l: string) => console.log(l));
  const org = new SyntheticOrg(opts.org ?? BENCH_ORG, { churn: opts.churn ?? 0.005, seed: 2026 });
  const root = await fs.mkdtemp(join(tmpdir(), 'binder-store-bench-'));
  try {
    const backend = await LocalFolderBackend.open(root);
    const store = await initializeEvidenceStore(backend, ephemeralLedgerSigner());
    const first = org.snapshotFor();
    const firstJson = canonicalJson(first);
    const oneSnapshotGzipBytes = gzipSync(firstJson).length;
    const oneSnapshotGzip9Bytes = gzipSync(firstJson, { level: 9 }).length;
    log(`one snapshot: ${first.resources.length} resources, ${mb(firstJson.length)} canonical JSON, gzip ${mb(oneSnapshotGzipBytes)} (-9: ${mb(oneSnapshotGzip9Bytes)})`);

    const ids: string[] = [];
    const hashes: string[] = [];
    let saveMs = 0;
    for (let d = 0; d < days; d++) {
      if (d > 0) org.advance();
      const s = org.snapshotFor();
      const t = performance.now();
      const rec = await store.saveSnapshot(s, `run-${String(d).padStart(3, '0')}`);
      await store.appendLedger({
        runId: `run-${String(d).padStart(3, '0')}`,
        source: rec.source,
        scheduledFor: rec.scheduledFor,
        startedAt: s.provenance.startedAt,
        finishedAt: s.provenance.finishedAt,
        status: 'success',
        reason: null,
        snapshotId: rec.id,
        snapshotSha256: rec.snapshotSha256,
        startedSeq: null,
        host: null,
        pid: null,
        deadline: null,
      });
      saveMs += performance.now() - t;
      ids.push(rec.id);
      if (d === days - 1 || d % 73 === 0) hashes[d] = hashOf(s);
    }

    const byPrefix: Record<string, number> = {};
    let storedBytes = 0;
    for (const o of await backend.list('')) {
      const top = o.key.split('/')[0]!;
      byPrefix[top] = (byPrefix[top] ?? 0) + o.size;
      storedBytes += o.size;
    }

    // A fresh store (nothing cached) loading the whole year in order, then the changes of every day.
    const reader = createEvidenceStore(await LocalFolderBackend.open(root));
    let t = performance.now();
    for (const [d, id] of ids.entries()) {
      const s = await reader.loadSnapshot(id);
      if (hashes[d] && hashOf(s) !== hashes[d]) throw new Error(`day ${d} loaded different from what was saved`);
    }
    const loadAllMs = performance.now() - t;
    const changesReader = createEvidenceStore(await LocalFolderBackend.open(root));
    t = performance.now();
    await changesReader.loadSnapshot(ids[0]!);
    for (const id of ids.slice(1)) await changesReader.loadChanges(id);
    const loadChangesAllMs = performance.now() - t;
    t = performance.now();
    await createEvidenceStore(await LocalFolderBackend.open(root)).loadSnapshot(ids[ids.length - 1]!);
    const loadOneColdMs = performance.now() - t;
    t = performance.now();
    const report = await createEvidenceStore(await LocalFolderBackend.open(root)).verify();
    const verifyMs = performance.now() - t;

    const result: StoreSizeResult = {
      days,
      resourcesPerSnapshot: first.resources.length,
      oneSnapshotGzipBytes,
      oneSnapshotGzip9Bytes,
      storedBytes,
      storedBytesByPrefix: byPrefix,
      ratio: storedBytes / oneSnapshotGzipBytes,
      ratioVsGzip9: storedBytes / oneSnapshotGzip9Bytes,
      saveMs,
      loadAllMs,
      loadChangesAllMs,
      loadOneColdMs,
      verifyMs,
      verifyProblems: report.problems.length,
    };
    log(`stored ${days} snapshots in ${mb(storedBytes)} (${Object.entries(byPrefix).map(([k, v]) => `${k} ${mb(v)}`).join(', ')})`);
    log(`ratio to one gzip snapshot: ${result.ratio.toFixed(2)}x (vs gzip -9: ${result.ratioVsGzip9.toFixed(2)}x; target <= 3x)`);
    log(`save ${days} (+ledger): ${(saveMs / 1000).toFixed(1)} s (${(saveMs / days).toFixed(0)} ms/snapshot)`);
    log(`load all ${days} in order, each hash-verified: ${(loadAllMs / 1000).toFixed(1)} s; first + ${days - 1} loadChanges: ${(loadChangesAllMs / 1000).toFixed(1)} s`);
    log(`load last snapshot cold (checkpoint + ${days - 1} deltas): ${loadOneColdMs.toFixed(0)} ms; verify whole store: ${(verifyMs / 1000).toFixed(1)} s, ${report.problems.length} problems`);
    return result;
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

function mb(n: number): string {
  return `${(n / 1e6).toFixed(2)} MB`;
}
