/**
 * Storage benchmark: one organization of ~10,000 users and 2,000 buckets (plus roles, groups,
 * policies and credential report rows), then 364 more days at 0.5% daily churn, saved into a
 * temp local store. Prints the bytes stored against the gzip size of one snapshot's canonical
 * JSON (target: at most 3x), and the time to save and to load the year.
 *
 * Provenance: each day carries the API calls of a real collection (the collector through the SDK
 * against the sandbox, of `callsFrom` size), with new request ids of the same shapes every day
 * (AWS's are random per request) and the day's times. The year is reported with that provenance
 * and without the calls (resources, records and ledger only: the 3x target's figure).
 *   node bin/run-ts.js bench/store-size-cli.ts [days] [users] [demo|ci|bench|none]
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { canonicalJson, hashOf } from '../model/canonical-json.ts';
import type { ApiCallRecord, Snapshot } from '../model/snapshot.ts';
import type { ScenarioPreset } from '../sandbox/scenario.ts';
import { createEvidenceStore } from '../store/evidence-store.ts';
import { decodeRecordFile, encodeRecordFile, RECORD_FORMAT_V1 } from '../store/record-file.ts';
import { ephemeralLedgerSigner } from '../store/ledger-signature.ts';
import { initializeEvidenceStore } from '../store/open-store.ts';
import { LocalFolderBackend } from '../store/local-backend.ts';
import { BENCH_ORG, SyntheticOrg, type OrgSize } from '../test/store/fixtures.ts';
import { collectForBench } from './collection.ts';

export interface StoreSizeResult {
  days: number;
  resourcesPerSnapshot: number;
  oneSnapshotGzipBytes: number;
  oneSnapshotGzip9Bytes: number;
  /** One snapshot with the real collection's calls, gzip. */
  oneSnapshotWithCallsGzipBytes: number;
  storedBytes: number;
  storedBytesByPrefix: Record<string, number>;
  ratio: number;
  /** Where the calls came from (a real collection of that scenario size), or null: the fixture's few calls. */
  callsFrom: ScenarioPreset | null;
  callsPerDay: number;
  /** The year without the API calls (every record stored as if its provenance had none): what the 3x target is about. */
  storedBytesWithoutCalls: number;
  ratioWithoutCalls: number;
  /** What the calls cost in the records, per call: as stored (call log), and as v1 records kept them (day 0, gzip JSON). */
  callLogBytesPerCall: number;
  verbatimBytesPerCall: number;
  /** Every day's provenance loaded back identical (canonical JSON) to what was saved. */
  provenanceRoundTrips: boolean;
  ratioVsGzip9: number;
  saveMs: number;
  loadAllMs: number;
  loadChangesAllMs: number;
  loadOneColdMs: number;
  verifyMs: number;
  verifyProblems: number;
}

export async function runStoreSizeBench(
  opts: { days?: number; org?: OrgSize; churn?: number; callsFrom?: ScenarioPreset | null; log?: (line: string) => void } = {},
): Promise<StoreSizeResult> {
  const days = opts.days ?? 365;
  const log = opts.log ?? ((l: string) => console.log(l));
  const callsFrom = opts.callsFrom === undefined ? 'bench' : opts.callsFrom;
  let template: ApiCallRecord[] | null = null;
  if (callsFrom) {
    // Without latency or throttling: only the calls matter here, not how long they took to make.
    const { provenance } = await collectForBench({ size: callsFrom, latencyMs: 0, iamRatePerSec: 1000 });
    template = provenance.calls;
    log(`calls: ${template.length} per day, from a real collection of the ${callsFrom} organization`);
  }
  const withCalls = (s: Snapshot, day: number): Snapshot =>
    template ? { ...s, provenance: { ...s.provenance, calls: callsForDay(template, day, new Date(s.provenance.startedAt)) } } : s;
  const org = new SyntheticOrg(opts.org ?? BENCH_ORG, { churn: opts.churn ?? 0.005, seed: 2026 });
  const root = await fs.mkdtemp(join(tmpdir(), 'binder-store-bench-'));
  try {
    const backend = await LocalFolderBackend.open(root);
    const store = await initializeEvidenceStore(backend, ephemeralLedgerSigner());
    // One compressed snapshot as before (the fixture's few calls), so the ratios compare across runs.
    const plain = org.snapshotFor();
    const firstJson = canonicalJson(plain);
    const first = withCalls(plain, 0);
    const oneSnapshotWithCallsGzipBytes = gzipSync(canonicalJson(first)).length;
    const oneSnapshotGzipBytes = gzipSync(firstJson).length;
    const oneSnapshotGzip9Bytes = gzipSync(firstJson, { level: 9 }).length;
    log(
      `one snapshot: ${first.resources.length} resources, ${mb(firstJson.length)} canonical JSON, gzip ${mb(oneSnapshotGzipBytes)} (-9: ${mb(oneSnapshotGzip9Bytes)}); with ${first.provenance.calls.length} calls: gzip ${mb(oneSnapshotWithCallsGzipBytes)}`,
    );

    const ids: string[] = [];
    const hashes: string[] = [];
    const provenanceHashes: string[] = [];
    let saveMs = 0;
    let recordBytesWithoutCalls = 0;
    let recordBytes = 0;
    let calls = 0;
    let verbatimBytesPerCall = 0;
    for (let d = 0; d < days; d++) {
      if (d > 0) org.advance();
      const s = d === 0 ? first : withCalls(org.snapshotFor(), d);
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
      provenanceHashes[d] = hashOf(s.provenance);
      // The same record without its calls, to tell what the calls cost from what the rest does.
      const stored = await backend.get(rec.recordKey);
      const file = decodeRecordFile(stored, rec.recordKey);
      recordBytes += stored.length;
      recordBytesWithoutCalls += encodeRecordFile({ ...file, provenance: { ...file.provenance, calls: [] } }).length;
      calls += s.provenance.calls.length;
      if (d === 0) {
        const v1 = encodeRecordFile({ ...file, format: RECORD_FORMAT_V1 }).length;
        verbatimBytesPerCall = (v1 - encodeRecordFile({ ...file, format: RECORD_FORMAT_V1, provenance: { ...file.provenance, calls: [] } }).length) / Math.max(1, s.provenance.calls.length);
      }
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
    let provenanceRoundTrips = true;
    let t = performance.now();
    for (const [d, id] of ids.entries()) {
      const s = await reader.loadSnapshot(id);
      if (hashes[d] && hashOf(s) !== hashes[d]) throw new Error(`day ${d} loaded different from what was saved`);
      if (hashOf(s.provenance) !== provenanceHashes[d]) provenanceRoundTrips = false;
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
      oneSnapshotWithCallsGzipBytes,
      storedBytes,
      storedBytesByPrefix: byPrefix,
      ratio: storedBytes / oneSnapshotGzipBytes,
      callsFrom,
      callsPerDay: template?.length ?? first.provenance.calls.length,
      storedBytesWithoutCalls: storedBytes - recordBytes + recordBytesWithoutCalls,
      ratioWithoutCalls: (storedBytes - recordBytes + recordBytesWithoutCalls) / oneSnapshotGzipBytes,
      callLogBytesPerCall: (recordBytes - recordBytesWithoutCalls) / Math.max(1, calls),
      verbatimBytesPerCall,
      provenanceRoundTrips,
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
    log(
      `without the ${result.callsPerDay} calls a day: ${mb(result.storedBytesWithoutCalls)}, ${result.ratioWithoutCalls.toFixed(2)}x; the calls cost ${result.callLogBytesPerCall.toFixed(1)} bytes each (${result.verbatimBytesPerCall.toFixed(1)} as v1 gzip JSON); provenance round-trips: ${result.provenanceRoundTrips}`,
    );
    log(`save ${days} (+ledger): ${(saveMs / 1000).toFixed(1)} s (${(saveMs / days).toFixed(0)} ms/snapshot)`);
    log(`load all ${days} in order, each hash-verified: ${(loadAllMs / 1000).toFixed(1)} s; first + ${days - 1} loadChanges: ${(loadChangesAllMs / 1000).toFixed(1)} s`);
    log(`load last snapshot cold (checkpoint + ${days - 1} deltas): ${loadOneColdMs.toFixed(0)} ms; verify whole store: ${(verifyMs / 1000).toFixed(1)} s, ${report.problems.length} problems`);
    return result;
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

/**
 * The template's calls as another day's collection records them: the same operations, parameters,
 * pages and durations; new request ids of the same shapes (random per request at AWS, so they are
 * made fresh, deterministically, every day); times moved to the day's run.
 */
export function callsForDay(template: readonly ApiCallRecord[], day: number, startedAt: Date): ApiCallRecord[] {
  const t0 = Date.parse(template[0]?.startedAt ?? startedAt.toISOString());
  return template.map((c, i) => ({
    ...c,
    params: { ...c.params },
    requestIds: c.requestIds.map((id, j) => freshId(id, `${day}:${i}:${j}`)),
    startedAt: new Date(startedAt.getTime() + (Date.parse(c.startedAt) - t0)).toISOString(),
  }));
}

function freshId(like: string, seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(like)) {
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }
  const s3 = /^[0-9A-F]{16}( id2=(.+))?$/.exec(like);
  if (!s3) return like;
  const id = h.slice(32, 48).toUpperCase();
  if (!s3[2]) return id;
  const n = Buffer.from(s3[2], 'base64').length;
  const id2 = Buffer.alloc(n);
  for (let k = 0; k < n; k += 48) createHash('sha384').update(`${seed}:${k}`).digest().copy(id2, k);
  return `${id} id2=${id2.toString('base64')}`;
}

function mb(n: number): string {
  return `${(n / 1e6).toFixed(2)} MB`;
}
