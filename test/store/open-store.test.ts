/**
 * Opening a store: the first collect creates the marker in an empty folder; two collectors doing
 * it at the same moment end with one marker (the first write wins) and the other either joins it
 * (same ledger key) or is refused (another key); every other mode refuses a folder without one.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ephemeralLedgerSigner } from '../../store/ledger-signature.ts';
import { LedgerKeyMismatchError, openEvidenceStore } from '../../store/open-store.ts';
import { StorePathError } from '../../store/types.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function emptyDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'binder-open-'));
  dirs.push(d);
  return d;
}
const local = (path: string) => ({ type: 'local' as const, path });

describe('openEvidenceStore', () => {
  it('lets collectors with the same key create one store at once', async () => {
    // Repeated: the interleavings differ from one round to the next.
    for (let round = 0; round < 20; round++) {
      const dir = await emptyDir();
      const signer = ephemeralLedgerSigner();
      const opened = await Promise.allSettled([0, 1, 2].map(() => openEvidenceStore(local('./ev'), dir, { mode: 'create', ledgerSigner: signer })));
      expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const marker = JSON.parse(await readFile(join(dir, 'ev', 'binder-store.json'), 'utf8'));
      expect(marker.ledgerKeys.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([signer.fingerprint]);
    }
  });

  it('refuses the collector whose key lost the race', async () => {
    const dir = await emptyDir();
    const opened = await Promise.allSettled([ephemeralLedgerSigner(), ephemeralLedgerSigner()].map((s) => openEvidenceStore(local('./ev'), dir, { mode: 'create', ledgerSigner: s })));
    expect(opened.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = opened.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(LedgerKeyMismatchError);
  });

  it('refuses a folder without a marker unless creating, and a non-empty one even then', async () => {
    const dir = await emptyDir();
    await expect(openEvidenceStore(local('.'), dir, { mode: 'existing' })).rejects.toBeInstanceOf(StorePathError);
    await expect(openEvidenceStore(local('.'), dir, { mode: 'verify' })).rejects.toBeInstanceOf(StorePathError);
    await writeFile(join(dir, 'notes.txt'), 'not evidence');
    await expect(openEvidenceStore(local('.'), dir, { mode: 'create', ledgerSigner: ephemeralLedgerSigner() })).rejects.toThrow(/not empty and is not a binder evidence store/);
  });
});
