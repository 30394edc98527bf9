/**
 * Slot claims and ledger appends racing on a real Ceph gateway, whose RGW ignores If-None-Match
 * on versioned buckets: the first version wins, every other claimer is told who holds the slot,
 * and the losing versions (locked, so they stay) are not reported as tampering.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ephemeralLedgerSigner } from '../../store/ledger-signature.ts';
import { createEvidenceStore } from '../../store/evidence-store.ts';
import { initializeEvidenceStore } from '../../store/open-store.ts';
import { createS3Backend } from '../../store/s3-backend.ts';
import type { EvidenceStore } from '../../store/types.ts';
import { startGatewayOrSkip } from './gateway.ts';
import { createLockedBucket, credentialsOf, rawClient, s3ConfigFor, uniqueBucket } from './s3-harness.ts';

const { gateway, skipReason } = await startGatewayOrSkip();
if (skipReason) console.warn(`S3 slot-claim tests skipped: ${skipReason}`);

const MIN = 60_000;

describe.skipIf(skipReason !== null)('slot claims on Ceph RGW', () => {
  const clients: { destroy(): void }[] = [];
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await gateway?.stop();
  });

  async function storesOnOneBucket(n: number): Promise<EvidenceStore[]> {
    const gw = gateway!;
    const raw = rawClient(gw);
    clients.push(raw);
    const bucket = uniqueBucket('binder-claims');
    await createLockedBucket(raw, bucket);
    const config = s3ConfigFor(gw, bucket);
    const signer = ephemeralLedgerSigner();
    const backends = await Promise.all(Array.from({ length: n }, () => createS3Backend(config, { credentials: credentialsOf(gw) })));
    for (const b of backends) clients.push(b.client);
    await initializeEvidenceStore(backends[0]!, signer);
    return backends.map((b) => createEvidenceStore(b, { ledgerSigner: signer }));
  }

  it('2 and 4 simultaneous claimers over 20 slots each: one winner per slot, losers name it, verify clean', { timeout: 300_000 }, async () => {
    const figures: string[] = [];
    for (const n of [2, 4]) {
      const stores = await storesOnOneBucket(n);
      let winners = 0;
      const t0 = performance.now();
      for (let round = 0; round < 20; round++) {
        const slot = new Date(Date.UTC(2026, 5, 1 + round, 2)).toISOString();
        const now = new Date(Date.parse(slot) + 3 * MIN);
        const results = await Promise.all(
          stores.map((s, i) => s.claimSlot({ source: 'prod', slot, runId: `run-${round}-${i}`, now, runTimeoutMs: 30 * MIN, host: `collector-${i}`, pid: 100 + i })),
        );
        const won = results.filter((r) => r.won);
        expect(won, `slot ${slot}`).toHaveLength(1);
        winners++;
        const winner = won[0]!.won ? won[0]!.claim.runId : '';
        for (const r of results) if (!r.won) expect(r.holder.runId).toBe(winner);
        // Every reader, whichever instance, sees the same holder.
        for (const s of stores) expect((await s.slotClaim('prod', slot))!.runId).toBe(winner);
      }
      figures.push(`${n} claimers × 20 slots: ${winners} winners (${Math.round(performance.now() - t0)} ms)`);
      const report = await stores[0]!.verify();
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(report.problems.filter((p) => p.key?.startsWith('claims/'))).toEqual([]);
    }
    process.stdout.write(`slot claims (Ceph RGW): ${figures.join('; ')}\n`);
  });

  it('two collectors appending to one ledger at once keep one chain; the race is a warning, not tampering', { timeout: 300_000 }, async () => {
    const stores = await storesOnOneBucket(2);
    const at = new Date('2026-06-01T02:00:00.000Z').toISOString();
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        stores.map((s, i) =>
          s.appendLedger({
            runId: `run-${round}-${i}`,
            source: `source-${i}`,
            scheduledFor: at,
            startedAt: at,
            finishedAt: at,
            status: 'failed',
            reason: 'test',
            snapshotId: null,
            snapshotSha256: null,
            startedSeq: null,
            host: null,
            pid: null,
            deadline: null,
          }),
        ),
      );
    }
    const ledger = await stores[0]!.readLedger();
    expect(ledger.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(ledger.map((e) => e.runId)).size).toBe(40);
    const report = await stores[1]!.verify();
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const races = report.problems.filter((p) => p.key?.startsWith('ledger/'));
    for (const r of races) expect(r.message).toMatch(/concurrent collectors/);
    process.stdout.write(`ledger append race (Ceph RGW): 40 entries, one chain, ${races.length} seq(s) raced\n`);
  });
});
