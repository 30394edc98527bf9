/**
 * Snapshot records: v2 keeps the API calls as a call log and gives back the very provenance it
 * was given; a v1 record (provenance verbatim) written by older binders still loads and verifies;
 * an edited call log is caught by verify like any other tampering.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/canonical-json.ts';
import type { Snapshot } from '../../model/snapshot.ts';
import { decodeCallLog, encodeCallLog } from '../../store/call-log-codec.ts';
import type { EvidenceStore, NewLedgerEntry, SnapshotRecord } from '../../store/types.ts';
import { IntegrityError } from '../../store/types.ts';
import { createEvidenceStore } from '../../store/evidence-store.ts';
import { ephemeralLedgerSigner, type LedgerSigner } from '../../store/ledger-signature.ts';
import { initializeEvidenceStore } from '../../store/open-store.ts';
import { decodeRecordFile, encodeRecordFile, RECORD_FORMAT, RECORD_FORMAT_V1 } from '../../store/record-file.ts';
import { SyntheticOrg } from './fixtures.ts';
import { makeLocalHarness } from './local-harness.ts';

type Harness = Awaited<ReturnType<typeof makeLocalHarness>>;

function success(s: Snapshot, runId: string, rec: SnapshotRecord): NewLedgerEntry {
  const p = s.provenance;
  return { runId, source: p.source, scheduledFor: p.scheduledFor, startedAt: p.startedAt, finishedAt: p.finishedAt, status: 'success', reason: null, snapshotId: rec.id, snapshotSha256: rec.snapshotSha256, startedSeq: null, host: null, pid: null, deadline: null };
}

const storedJson = async (h: Harness, key: string) => JSON.parse(gunzipSync(await h.backend.get(key)).toString('utf8')) as Record<string, unknown>;

describe('snapshot records with a call log', () => {
  let h: Harness;
  let signer: LedgerSigner;
  let store: EvidenceStore;
  const saved: { snapshot: Snapshot; record: SnapshotRecord }[] = [];
  beforeEach(async () => {
    h = await makeLocalHarness();
    signer = ephemeralLedgerSigner();
    store = await initializeEvidenceStore(h.backend, signer, { ledgerSigner: signer });
    saved.length = 0;
    const org = new SyntheticOrg(undefined, { churn: 0.05, seed: 3 });
    for (let d = 0; d < 3; d++) {
      if (d > 0) org.advance();
      const snapshot = org.snapshotFor();
      const record = await store.saveSnapshot(snapshot, `run-${d}`);
      await store.appendLedger(success(snapshot, `run-${d}`, record));
      saved.push({ snapshot, record });
    }
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('stores the calls as a call log, not as JSON, and loads the same provenance in canonical key order', async () => {
    const { snapshot, record } = saved[1]!;
    const stored = await storedJson(h, record.recordKey);
    expect(stored.format).toBe(RECORD_FORMAT);
    expect(stored.provenance).not.toHaveProperty('calls');
    expect(stored.callLog).toMatchObject({ format: 'binder.call-log/v1', calls: snapshot.provenance.calls.length });
    const loaded = await createEvidenceStore(h.backend).loadSnapshot(record.id);
    expect(JSON.stringify(loaded.provenance)).toBe(canonicalJson(snapshot.provenance));
    expect(loaded).toEqual(snapshot);
  });

  it('still reads and verifies v1 records (provenance verbatim) of older binders', async () => {
    for (const { record } of saved) {
      const file = decodeRecordFile(await h.backend.get(record.recordKey), record.recordKey);
      const v1 = encodeRecordFile({ ...file, format: RECORD_FORMAT_V1 });
      expect(JSON.parse(gunzipSync(v1).toString()).provenance.calls.length).toBeGreaterThan(0);
      await h.replace!(record.recordKey, v1);
    }
    const fresh = createEvidenceStore(h.backend);
    for (const { snapshot, record } of saved) {
      expect(decodeRecordFile(await h.backend.get(record.recordKey), record.recordKey).format).toBe(RECORD_FORMAT_V1);
      expect(await fresh.loadSnapshot(record.id)).toEqual(snapshot);
    }
    expect((await fresh.verify()).problems).toEqual([]);
  });

  it('reports an edited request id in the call log (sha256 files recomputed) as a snapshot that does not match its hash', async () => {
    const { record } = saved[2]!;
    const stored = await storedJson(h, record.recordKey);
    const log = stored.callLog as { bytes: string };
    const calls = decodeCallLog(Buffer.from(log.bytes, 'base64')) as { requestIds: string[] }[];
    const victim = calls.find((c) => c.requestIds.length > 0)!;
    victim.requestIds[0] = victim.requestIds[0]!.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A'));
    log.bytes = Buffer.from(encodeCallLog(calls)).toString('base64');
    await h.replace!(record.recordKey, gzipSync(canonicalJson(stored)));

    const fresh = createEvidenceStore(h.backend);
    await expect(fresh.loadSnapshot(record.id)).rejects.toBeInstanceOf(IntegrityError);
    const errors = (await fresh.verify()).problems.filter((p) => p.severity === 'error');
    expect(errors.some((p) => p.key === record.recordKey && /sha256|hash/i.test(p.message))).toBe(true);
  });

  it('reports a call log that is not one, or holds another number of calls, naming the record, without throwing', async () => {
    const [a, b] = [saved[1]!.record, saved[2]!.record];
    const sa = await storedJson(h, a.recordKey);
    (sa.callLog as { bytes: string }).bytes = Buffer.from('not a call log').toString('base64');
    await h.replace!(a.recordKey, gzipSync(canonicalJson(sa)));
    const sb = await storedJson(h, b.recordKey);
    (sb.callLog as { calls: number }).calls += 1;
    await h.replace!(b.recordKey, gzipSync(canonicalJson(sb)));

    const errors = (await createEvidenceStore(h.backend).verify()).problems.filter((p) => p.severity === 'error');
    expect(errors.find((p) => p.key === a.recordKey)?.message).toMatch(/call log/);
    expect(errors.find((p) => p.key === b.recordKey)?.message).toMatch(/holds \d+ calls, the record says/);
  });

  it('keeps a provenance whose calls are not a list verbatim, and loads it back', async () => {
    const org = new SyntheticOrg(undefined, { source: 'odd' });
    const snapshot = org.snapshotFor();
    const odd = { ...snapshot, provenance: { ...snapshot.provenance, calls: 'none recorded' } } as unknown as Snapshot;
    const record = await store.saveSnapshot(odd, 'run-odd');
    expect((await storedJson(h, record.recordKey)).callLog).toBeNull();
    expect(await createEvidenceStore(h.backend).loadSnapshot(record.id)).toEqual(odd);
  });
});
