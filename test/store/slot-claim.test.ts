/**
 * Slot claims: exactly one winner per (source, slot) however many claim at once, each through its
 * own backend instance (as separate processes would); takeover only from a holder that failed,
 * died or expired; a finished success is never taken over.
 */
import { describe, expect, it } from 'vitest';
import { ephemeralLedgerSigner } from '../../store/ledger-signature.ts';
import { LocalFolderBackend } from '../../store/local-backend.ts';
import { initializeEvidenceStore } from '../../store/open-store.ts';
import { createEvidenceStore } from '../../store/evidence-store.ts';
import { claimSlot } from '../../store/slot-claim.ts';
import type { EvidenceStore, NewLedgerEntry } from '../../store/types.ts';
import { makeLocalHarness } from './local-harness.ts';

const SLOT = '2026-06-01T02:00:00.000Z';
const NOW = new Date('2026-06-01T02:03:00.000Z');
const MIN = 60_000;

function entry(runId: string, status: NewLedgerEntry['status'], startedSeq: number | null): NewLedgerEntry {
  return {
    runId,
    source: 'prod',
    scheduledFor: SLOT,
    startedAt: NOW.toISOString(),
    finishedAt: status === 'started' ? null : NOW.toISOString(),
    status,
    reason: status === 'failed' ? 'AccessDenied' : null,
    snapshotId: null,
    snapshotSha256: null,
    startedSeq,
    host: status === 'started' ? 'collector-1' : null,
    pid: status === 'started' ? 1 : null,
    deadline: status === 'started' ? new Date(NOW.getTime() + 30 * MIN).toISOString() : null,
  };
}

async function withStore(fn: (store: EvidenceStore, root: string) => Promise<void>): Promise<void> {
  const h = await makeLocalHarness();
  try {
    await fn(await initializeEvidenceStore(h.backend, ephemeralLedgerSigner()), h.root);
  } finally {
    await h.cleanup();
  }
}

const claim = (store: EvidenceStore, runId: string, extra: Partial<Parameters<EvidenceStore['claimSlot']>[0]> = {}) =>
  store.claimSlot({ source: 'prod', slot: SLOT, runId, now: NOW, runTimeoutMs: 30 * MIN, host: 'collector-1', pid: 1, isAlive: () => true, ...extra });

describe('slot claims on a local folder', () => {
  it('has exactly one winner among 2, 4 and 8 simultaneous claimers, over 20 rounds each', async () => {
    const figures: string[] = [];
    for (const n of [2, 4, 8]) {
      let winners = 0;
      for (let round = 0; round < 20; round++) {
        await withStore(async (_store, root) => {
          // Separate backend instances over one folder: no shared in-memory state, like processes.
          const stores = await Promise.all(Array.from({ length: n }, async () => createEvidenceStore(await LocalFolderBackend.open(root))));
          const results = await Promise.all(stores.map((s, i) => claim(s, `run-${round}-${i}`, { pid: 100 + i })));
          const won = results.filter((r) => r.won);
          expect(won).toHaveLength(1);
          winners += won.length;
          const winnerId = won[0]!.won ? won[0]!.claim.runId : '';
          for (const r of results) if (!r.won) expect(r.holder.runId).toBe(winnerId);
        });
      }
      figures.push(`${n} claimers × 20 rounds: ${winners} winners`);
      expect(winners).toBe(20);
    }
    process.stdout.write(`slot claims (local folder): ${figures.join('; ')}\n`);
  });

  it('a second claim names the holder; a success is never taken over, even after expiry', async () => {
    await withStore(async (store) => {
      const first = await claim(store, 'run-a');
      expect(first.won).toBe(true);
      const second = await claim(store, 'run-b');
      expect(second).toMatchObject({ won: false, holder: { runId: 'run-a' }, holderStatus: null });
      const started = await store.appendLedger({ ...entry('run-a', 'started', null) });
      await store.appendLedger({ ...entry('run-a', 'success', started.seq) });
      const late = await claim(store, 'run-c', { now: new Date(NOW.getTime() + 24 * 60 * MIN) });
      expect(late).toMatchObject({ won: false, holder: { runId: 'run-a' }, holderStatus: 'success' });
    });
  });

  it('takes over from a failed run at once, and names it', async () => {
    await withStore(async (store) => {
      await claim(store, 'run-a');
      const started = await store.appendLedger(entry('run-a', 'started', null));
      await store.appendLedger(entry('run-a', 'failed', started.seq));
      const retry = await claim(store, 'run-b');
      expect(retry.won).toBe(true);
      if (!retry.won) return;
      expect(retry.claim.generation).toBe(2);
      expect(retry.claim.takesOver).toMatchObject({ runId: 'run-a', generation: 1 });
      expect(retry.claim.takesOver!.why).toMatch(/failed: AccessDenied/);
      expect((await store.slotClaim('prod', SLOT))!.runId).toBe('run-b');
    });
  });

  it('takes over a live-looking claim only after it expires; a dead pid on this host at once', async () => {
    await withStore(async (store) => {
      await claim(store, 'run-a', { pid: 4242 });
      expect((await claim(store, 'run-b', { now: new Date(NOW.getTime() + 20 * MIN) })).won).toBe(false);
      const expired = await claim(store, 'run-b', { now: new Date(NOW.getTime() + 36 * MIN) });
      expect(expired.won).toBe(true);
      if (expired.won) expect(expired.claim.takesOver!.why).toMatch(/expired/);
    });
    await withStore(async (store) => {
      await claim(store, 'run-a', { pid: 4242 });
      const other = await claim(store, 'run-b', { pid: 5, isAlive: (pid) => pid !== 4242 });
      expect(other.won).toBe(true);
      if (other.won) expect(other.claim.takesOver!.why).toMatch(/process 4242 on collector-1 is gone/);
      // On another host the pid says nothing: wait for the expiry.
      await claim(store, 'run-x', { source: 'prod', slot: '2026-06-02T02:00:00.000Z', pid: 4242 });
      const remote = await claim(store, 'run-y', { slot: '2026-06-02T02:00:00.000Z', host: 'collector-2', isAlive: () => false });
      expect(remote.won).toBe(false);
    });
  });

  it('a holder that finishes and exits while the claim is being read is not taken over (liveness is checked before the ledger)', async () => {
    const h = await makeLocalHarness();
    try {
      const first = await claimSlot(h.backend, async function* () {}, { source: 'prod', slot: SLOT, runId: 'run-a', now: NOW, runTimeoutMs: 30 * MIN, host: 'collector-1', pid: 4242 });
      expect(first.won).toBe(true);
      // The holder is alive until the ledger is read, then gone (it wrote its success and exited in between).
      let ledgerRead = false;
      const second = await claimSlot(
        h.backend,
        async function* () {
          ledgerRead = true;
          yield* [];
        },
        { source: 'prod', slot: SLOT, runId: 'run-b', now: NOW, runTimeoutMs: 30 * MIN, host: 'collector-1', pid: 5, isAlive: () => !ledgerRead },
      );
      expect(second.won).toBe(false);
    } finally {
      await h.cleanup();
    }
  });

  it('store verify accepts claims and reports a claim file that is not a claim', async () => {
    await withStore(async (store, root) => {
      await claim(store, 'run-a');
      const clean = await store.verify();
      expect(clean.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(clean.problems.filter((p) => p.key?.startsWith('claims/'))).toEqual([]);
      const backend = await LocalFolderBackend.open(root);
      const body = Buffer.from('not json');
      const { sha256Hex } = await import('../../model/canonical-json.ts');
      await backend.put('claims/prod/20260603T020000Z/0001.json', body, { sha256: sha256Hex(body) });
      const report = await store.verify();
      expect(report.problems.some((p) => p.key === 'claims/prod/20260603T020000Z/0001.json' && /not a slot claim/.test(p.message))).toBe(true);
      await expect(claim(store, 'run-z', { slot: '2026-06-03T02:00:00.000Z' })).rejects.toThrow(/not JSON: it is not a slot claim/);
    });
  });
});
