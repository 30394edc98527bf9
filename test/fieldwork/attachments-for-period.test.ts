import { afterEach, describe, expect, it } from 'vitest';
import { attachDocuments, type DocumentToAttach } from '../../fieldwork/attach-documents.ts';
import { attachmentsForPeriod, classifyAttachments } from '../../fieldwork/attachments-for-period.ts';
import { ephemeralLedgerSigner } from '../../store/ledger-signature.ts';
import { initializeEvidenceStore } from '../../store/open-store.ts';
import { makeLocalHarness } from '../store/local-harness.ts';

const doc = (name: string, effective: string, expires: string | null, extra: Partial<DocumentToAttach> = {}): DocumentToAttach => ({
  origin: `/docs/${name}`,
  fileName: name,
  mediaType: 'text/plain',
  body: Buffer.from(`contents of ${name}`),
  title: name,
  criteria: ['CC1.1'],
  effective,
  expires,
  description: null,
  sourceUrl: null,
  ...extra,
});
const now = () => new Date('2026-12-01T12:00:00Z');

describe('attachments for a period', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  async function setup() {
    const h = await makeLocalHarness();
    cleanups.push(h.cleanup);
    return { h, store: await initializeEvidenceStore(h.backend, ephemeralLedgerSigner()) };
  }

  it('sorts documents into in effect, expired during, expired before, not yet effective, and missing', async () => {
    const { h, store } = await setup();
    const outcomes = await attachDocuments(
      store,
      [
        doc('policy.txt', '2025-06-01', null),
        doc('old-policy.txt', '2025-01-01', '2025-12-31'),
        doc('q1-review.txt', '2026-01-01', '2026-03-31'),
        doc('future.txt', '2027-01-01', null),
        doc('lost.txt', '2026-02-01', null),
      ],
      'Dana',
      now,
    );
    await h.remove!(outcomes[4]!.documentKey);
    const result = await attachmentsForPeriod(store, '2026-01-01', '2026-12-31');
    expect(result.items.map((i) => [i.fileName, i.standing])).toEqual([
      ['policy.txt', 'in-effect'],
      ['q1-review.txt', 'expired-during-period'],
    ]);
    expect(Buffer.from(result.items[0]!.body).toString()).toBe('contents of policy.txt');
    expect(result.expiredBeforePeriod.map((e) => e.attachment.fileName)).toEqual(['old-policy.txt']);
    expect(result.notYetEffective.map((e) => e.attachment.fileName)).toEqual(['future.txt']);
    expect(result.missing.map((m) => m.entry.attachment.fileName)).toEqual(['lost.txt']);
    expect(result.missing[0]!.problem).toMatch(/lost\.txt, journal entry 5/);
  });

  it('stores the same bytes once: same details again store nothing, other details add an entry that supersedes', async () => {
    const { h, store } = await setup();
    const first = await attachDocuments(store, [doc('policy.txt', '2026-01-01', null)], 'Dana', now);
    const objects = (await h.backend.listKeys('')).length;
    const again = await attachDocuments(store, [doc('policy.txt', '2026-01-01', null, { criteria: ['CC1.1'] })], 'Someone else', now);
    expect(again).toEqual([expect.objectContaining({ status: 'already-attached', journalSeq: first[0]!.journalSeq })]);
    expect((await h.backend.listKeys('')).length).toBe(objects);

    const corrected = await attachDocuments(store, [doc('policy.txt', '2026-01-01', null, { criteria: ['CC1.1', 'CC5.3'] })], 'Dana', now);
    expect(corrected).toEqual([expect.objectContaining({ status: 'attached', journalSeq: 2, documentStored: false })]);
    expect(await h.backend.listKeys('documents/')).toHaveLength(1);
    const classified = classifyAttachments(await store.readJournal(), '2026-01-01', '2026-12-31');
    expect(classified.map((c) => [c.entry.seq, c.entry.attachment.criteria])).toEqual([[2, ['CC1.1', 'CC5.3']]]);
    expect((await store.verify()).problems).toEqual([]);

    // A document removed from the store is put back by attaching the same file again (no new entry).
    await h.remove!(first[0]!.documentKey);
    const restored = await attachDocuments(store, [doc('policy.txt', '2026-01-01', null)], 'Dana', now);
    expect(restored).toEqual([expect.objectContaining({ status: 'already-attached', journalSeq: 1, documentStored: true })]);
    expect((await store.readJournal()).length).toBe(2);
    expect((await store.verify()).problems).toEqual([]);
  });
});
