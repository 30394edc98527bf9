import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PeriodEvaluation } from '../../../model/evaluation.ts';
import { evaluatePeriodWith } from '../../../controls/period/evaluate-period-with.ts';
import { ephemeralLedgerSigner } from '../../../store/ledger-signature.ts';
import { initializeEvidenceStore } from '../../../store/open-store.ts';
import { LocalFolderBackend } from '../../../store/local-backend.ts';
import type { EvidenceStore } from '../../../store/types.ts';
import { TEST_CHECKS, TEST_CONTROLS, TEST_CRITERIA, testConfig, type MemoryEvidenceStore } from './fakes.ts';
import { lowChurnStore, tenDayStore } from './scenarios.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await fs.rm(r, { recursive: true, force: true });
});

/** Replays a fake store's runs (snapshots and ledger, in ledger order) into the real local store. */
async function replayIntoLocalStore(
  memory: MemoryEvidenceStore,
  checkpointEvery: number,
): Promise<EvidenceStore> {
  const root = await fs.mkdtemp(join(tmpdir(), 'binder-period-'));
  roots.push(root);
  const store = await initializeEvidenceStore(await LocalFolderBackend.open(root), ephemeralLedgerSigner(), {
    checkpointEvery,
    compressionLevel: 1,
  });
  for (const entry of await memory.readLedger()) {
    let snapshotId: string | null = null;
    let snapshotSha256: string | null = null;
    if (entry.snapshotId) {
      const record = await store.saveSnapshot(await memory.loadSnapshot(entry.snapshotId), entry.runId);
      snapshotId = record.id;
      snapshotSha256 = record.snapshotSha256;
    }
    const { seq: _seq, prevHash: _prev, signature: _sig, ...rest } = entry;
    await store.appendLedger({ ...rest, snapshotId, snapshotSha256 });
  }
  return store;
}

/** The evaluation without store-specific identifiers (snapshot ids, keys, hashes) and timing. */
function withoutIds(e: PeriodEvaluation): unknown {
  return JSON.parse(
    JSON.stringify(
      { ...e, snapshots: e.snapshots.length, stats: { ...e.stats, durationMs: 0 } },
      (key, value: unknown) => (/snapshotId$|SnapshotId$/.test(key) ? '(id)' : value),
    ),
  );
}

async function evaluate(store: EvidenceStore, from: string, to: string) {
  return evaluatePeriodWith({
    store,
    config: testConfig(),
    from,
    to,
    checks: TEST_CHECKS,
    criteria: TEST_CRITERIA,
    controls: TEST_CONTROLS,
  });
}

describe('evaluatePeriodWith over the real local evidence store', () => {
  it('gives the same evaluation as over the in-memory store, coverage gaps and drift included', async () => {
    const memory = await tenDayStore({ withBeforePeriod: true });
    const local = await replayIntoLocalStore(memory, 3);
    const expected = await evaluate(memory, '2026-03-01', '2026-03-10');
    const actual = await evaluate(local, '2026-03-01', '2026-03-10');
    expect(withoutIds(actual)).toEqual(withoutIds(expected));
    expect(actual.coverage[0]!.gaps.map((g) => g.kind)).toEqual(['missing', 'failed']);
  });

  it('reuses results across the real store change records', async () => {
    const memory = await lowChurnStore(20, 40, 5);
    const local = await replayIntoLocalStore(memory, 7);
    const expected = await evaluate(memory, '2026-01-01', '2026-01-20');
    let fullLoads = 0;
    const counting: EvidenceStore = Object.assign(Object.create(local) as EvidenceStore, {
      loadSnapshot: (id: string) => (fullLoads++, local.loadSnapshot(id)),
    });
    const actual = await evaluate(counting, '2026-01-01', '2026-01-20');
    expect(withoutIds(actual)).toEqual(withoutIds(expected));
    expect(fullLoads).toBe(1); // the store's change chain lines up: no fallback to full loads
    expect(actual.stats.checkEvaluations).toBeLessThan(
      (actual.stats.checkEvaluations + actual.stats.resultsReused) / 3,
    );
  });
});
