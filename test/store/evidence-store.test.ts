import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createEvidenceStore } from '../../store/evidence-store.ts';
import { decodePack } from '../../store/pack-codec.ts';
import { decodeRecordFile } from '../../store/record-file.ts';
import { describeEvidenceStoreContract } from './backend-contract.ts';
import { SyntheticOrg } from './fixtures.ts';
import { makeLocalHarness } from './local-harness.ts';

describeEvidenceStoreContract('local folder', makeLocalHarness);

describe('evidence store layout on the local folder', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('writes a checkpoint first and every checkpointEvery-th snapshot, deltas of patches between', async () => {
    const h = await makeLocalHarness();
    cleanups.push(h.cleanup);
    const store = createEvidenceStore(h.backend, { checkpointEvery: 3 });
    const org = new SyntheticOrg(undefined, { churn: 0.02 });
    const kinds: string[] = [];
    for (let d = 0; d < 5; d++) {
      if (d > 0) org.advance();
      const rec = await store.saveSnapshot(org.snapshotFor(), `run-${d}`);
      const file = decodeRecordFile(await h.backend.get(rec.recordKey), rec.recordKey);
      kinds.push(`${file.storage.kind}:${file.storage.chainLength}`);
      expect(rec.recordKey).toBe(`snapshots/prod/${rec.scheduledFor.replace(/[-:]/g, '').replace('.000Z', 'Z')}/run-${d}.json.gz`);
      expect(JSON.parse(gunzipSync(await h.backend.get(rec.recordKey)).toString()).record).toEqual(rec);
      if (file.storage.kind === 'delta') {
        const pack = decodePack(await h.backend.get(file.storage.pack!), file.storage.pack!);
        expect(pack.ops.length).toBe(file.changes.added + file.changes.changed + file.changes.removed);
        expect(pack.ops.some((o) => o.op === 'patch')).toBe(true);
      }
    }
    expect(kinds).toEqual(['checkpoint:0', 'delta:1', 'delta:2', 'checkpoint:0', 'delta:1']);
    expect((await h.backend.list('packs/')).every((o) => /^packs\/[0-9a-f]{64}\.ndjson\.gz$/.test(o.key))).toBe(true);
  });

  it('returns frozen resources so a caller cannot corrupt what later loads return', async () => {
    const h = await makeLocalHarness();
    cleanups.push(h.cleanup);
    const store = createEvidenceStore(h.backend);
    const snapshot = new SyntheticOrg().snapshotFor();
    const rec = await store.saveSnapshot(snapshot, 'run-1');
    (snapshot.resources[0] as { id: string }).id = 'changed by the collector after saving';
    const loaded = await store.loadSnapshot(rec.id);
    expect(loaded.resources[0]!.id).not.toBe('changed by the collector after saving');
    expect(() => {
      (loaded.resources[0] as { id: string }).id = 'x';
    }).toThrow(TypeError);
  });
});
