/**
 * The fieldwork journal on the local folder: appended entries chain and sign like the ledger, and
 * `verify()` catches what someone with write access to the folder could do to them (rewrite an
 * entry and its .sha256, remove one, sign with another key, remove or change a document).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../model/canonical-json.ts';
import { ephemeralLedgerSigner, signEntry } from '../../store/ledger-signature.ts';
import { documentKeyOf, journalKeyOf } from '../../store/journal.ts';
import type { NewJournalEntry } from '../../store/journal-types.ts';
import { initializeEvidenceStore } from '../../store/open-store.ts';
import type { EvidenceStore } from '../../store/types.ts';
import { makeLocalHarness } from './local-harness.ts';

const response = (text: string): NewJournalEntry => ({
  kind: 'response',
  recordedAt: '2026-07-01T10:00:00.000Z',
  recordedBy: 'Dana Controller',
  response: { exceptionKey: 'EX-0123456789', checkId: 'iam.user-mfa', source: 'prod', resourceId: 'arn:aws:iam::123456789012:user/alice', text, remediatedAt: '2026-06-30' },
});

const attachment = (bytes: Uint8Array, title = 'Information security policy'): NewJournalEntry => ({
  kind: 'attachment',
  recordedAt: '2026-07-01T10:05:00.000Z',
  recordedBy: 'Dana Controller',
  attachment: {
    documentSha256: sha256Hex(bytes),
    documentKey: documentKeyOf(sha256Hex(bytes)),
    fileName: 'policy.md',
    size: bytes.length,
    mediaType: 'text/markdown',
    title,
    criteria: ['CC1.1'],
    effective: '2026-01-01',
    expires: null,
    description: null,
    sourceUrl: null,
  },
});

describe('fieldwork journal', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function setup() {
    const h = await makeLocalHarness();
    cleanups.push(h.cleanup);
    const signer = ephemeralLedgerSigner();
    const store = await initializeEvidenceStore(h.backend, signer);
    return { h, signer, store };
  }
  const errors = async (store: EvidenceStore) => (await store.verify()).problems.filter((p) => p.severity === 'error');

  async function threeEntries(store: EvidenceStore) {
    const doc = Buffer.from('# Policy\nv4\n');
    const put = await store.putDocument(doc, 'text/markdown');
    await store.appendJournal(response('MFA enforced for alice'));
    await store.appendJournal(attachment(doc));
    await store.appendJournal(response('second answer'));
    return { doc, put };
  }

  it('appends entries in seq order, each chained to the bytes of the one before and signed', async () => {
    const { h, store } = await setup();
    await threeEntries(store);
    const entries = await store.readJournal();
    expect(entries.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'response'],
      [2, 'attachment'],
      [3, 'response'],
    ]);
    expect(entries[0]!.prevHash).toBeNull();
    expect(entries[1]!.prevHash).toBe(sha256Hex(await h.backend.get(journalKeyOf(1))));
    expect(entries[2]!.prevHash).toBe(sha256Hex(await h.backend.get(journalKeyOf(2))));
    const report = await store.verify();
    expect(report.problems).toEqual([]);
    expect(report.journalEntries).toBe(3);
    expect(report.journalHead).toEqual({ seq: 3, sha256: sha256Hex(await h.backend.get(journalKeyOf(3))) });
  });

  it('takes the next seq when two writers append at once', async () => {
    const { store } = await setup();
    await Promise.all([1, 2, 3, 4].map((i) => store.appendJournal(response(`answer ${i}`))));
    expect((await store.readJournal()).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(await errors(store)).toEqual([]);
  });

  it('refuses to append without a ledger key, and an entry that does not fit the schema', async () => {
    const { h, store } = await setup();
    const { createEvidenceStore } = await import('../../store/evidence-store.ts');
    await expect(createEvidenceStore(h.backend).appendJournal(response('x'))).rejects.toThrow(/without a ledger key/);
    await expect(store.appendJournal({ ...response('x'), recordedBy: '' } as NewJournalEntry)).rejects.toThrow(/recordedBy/);
    expect(await h.backend.listKeys('journal/')).toEqual([]);
  });

  it('catches an entry whose text was edited, with its .sha256 rewritten to match', async () => {
    const { h, store } = await setup();
    await threeEntries(store);
    const key = journalKeyOf(1);
    const edited = Buffer.from(Buffer.from(await h.backend.get(key)).toString('utf8').replace('MFA enforced for alice', 'MFA enforced for all'));
    await h.replace!(key, edited);
    const found = await errors(store);
    expect(found.some((p) => p.key === key && /signature that does not verify/.test(p.message))).toBe(true);
    expect(found.some((p) => p.key === journalKeyOf(2) && /prevHash .* entry 1 .* was altered/.test(p.message))).toBe(true);
  });

  it('catches a removed entry, naming the missing seq', async () => {
    const { h, store } = await setup();
    await threeEntries(store);
    await h.remove!(journalKeyOf(2));
    const found = await errors(store);
    expect(found.map((p) => p.message)).toContainEqual(expect.stringMatching(/journal entries 2 are missing before journal\/0000000003\.json/));
  });

  it('catches the last entry removed after a binder recorded the journal head (--against), which the chain alone cannot show', async () => {
    const { h, store } = await setup();
    await threeEntries(store);
    const recorded = (await store.verify()).journalHead!;
    const head = { ...(await store.ledgerHead()), journalHead: recorded, label: 'binder x.zip' };
    expect((await store.verify(undefined, { against: [head] })).problems.filter((p) => p.severity === 'error')).toEqual([]);
    await h.remove!(journalKeyOf(3));
    expect(await errors(store)).toEqual([]); // the chain 1..2 looks whole
    const found = (await store.verify(undefined, { against: [head] })).problems.filter((p) => p.severity === 'error');
    expect(found.map((p) => p.message)).toContainEqual(expect.stringMatching(/binder x\.zip: recorded fieldwork journal entry 3, but the store's journal ends at 2/));
  });

  it('catches an entry re-signed with a key the marker does not list', async () => {
    const { h, store } = await setup();
    await threeEntries(store);
    const key = journalKeyOf(3);
    const entry = JSON.parse(Buffer.from(await h.backend.get(key)).toString('utf8')) as Record<string, unknown>;
    const { signature: _s, ...unsigned } = entry;
    const forged = await signEntry({ ...unsigned, response: { ...(unsigned.response as object), text: 'forged' } }, ephemeralLedgerSigner());
    await h.replace!(key, Buffer.from(canonicalJson(forged)));
    const found = await errors(store);
    expect(found.some((p) => p.key === key && /not one of the store's ledger keys/.test(p.message))).toBe(true);
  });

  it('catches a missing document and a document whose bytes changed', async () => {
    const removed = await setup();
    const { put } = await threeEntries(removed.store);
    await removed.h.remove!(put.key);
    expect((await errors(removed.store)).some((p) => /attaches policy\.md as documents\/[0-9a-f]{64}, which is missing/.test(p.message))).toBe(true);

    const changed = await setup();
    const again = await threeEntries(changed.store);
    await changed.h.replace!(again.put.key, Buffer.from('# Policy\nv5 (edited)\n'));
    expect((await errors(changed.store)).some((p) => p.key === again.put.key && /its bytes were changed/.test(p.message))).toBe(true);
  });

  it('catches a document flipped in place (checksum left as it was) and an entry re-serialised out of canonical form', async () => {
    const { h, store } = await setup();
    const { put } = await threeEntries(store);
    await h.tamper(put.key);
    const key = journalKeyOf(3);
    const pretty = Buffer.from(JSON.stringify(JSON.parse(Buffer.from(await h.backend.get(key)).toString('utf8')), null, 2));
    await h.replace!(key, pretty);
    const found = await errors(store);
    expect(found.some((p) => p.key === put.key && /its bytes were changed/.test(p.message))).toBe(true);
    expect(found.some((p) => p.key === key && /not in canonical JSON form/.test(p.message))).toBe(true);
  });

  it('stores the same bytes once, and warns of a document no entry names', async () => {
    const { h, store } = await setup();
    const doc = Buffer.from('orphan');
    expect((await store.putDocument(doc, 'text/plain')).created).toBe(true);
    expect((await store.putDocument(doc, 'text/plain')).created).toBe(false);
    expect(await h.backend.listKeys('documents/')).toEqual([documentKeyOf(sha256Hex(doc))]);
    const report = await store.verify();
    expect(report.problems).toEqual([expect.objectContaining({ severity: 'warning', key: documentKeyOf(sha256Hex(doc)), message: expect.stringMatching(/named by no journal entry/) })]);
  });
});
