/** A new, empty local evidence store in its own temporary folder, with a ledger key of its own. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ephemeralLedgerSigner } from '../../store/ledger-signature.ts';
import { openEvidenceStore } from '../../store/open-store.ts';
import type { EvidenceStore } from '../../store/types.ts';

export interface FreshStore {
  store: EvidenceStore;
  dir: string;
  remove(): Promise<void>;
}

export async function freshStore(prefix = 'binder-collectors-'): Promise<FreshStore> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const store = await openEvidenceStore({ type: 'local', path: join(dir, 'evidence') }, dir, {
    mode: 'create',
    ledgerSigner: ephemeralLedgerSigner(),
  });
  return { store, dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
