/**
 * Contract suites every ObjectBackend, and the EvidenceStore on top of it, must pass. Backend
 * agnostic: whatever an intruder does to stored objects goes through the harness callbacks.
 *   describeBackendContract('local folder', makeLocalHarness)
 *   describeEvidenceStoreContract('local folder', makeLocalHarness)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, hashOf, sha256Hex } from '../../model/canonical-json.ts';
import { compareResources, type Snapshot } from '../../model/snapshot.ts';
import { Snapshot as SnapshotSchema } from '../../model/snapshot.ts';
import { createEvidenceStore, SnapshotShapeError, type EvidenceStoreOptions } from '../../store/evidence-store.ts';
import { ephemeralLedgerSigner, signLedgerEntry, type LedgerSigner } from '../../store/ledger-signature.ts';
import { initializeEvidenceStore } from '../../store/open-store.ts';
import {
  IntegrityError,
  ObjectExistsError,
  ObjectMissingError,
  StoreError,
  type EvidenceStore,
  type NewLedgerEntry,
  type ObjectBackend,
  type StoreVerifyReport,
} from '../../store/types.ts';
import { SyntheticOrg } from './fixtures.ts';

export interface BackendHarness {
  backend: ObjectBackend;
  /** Changes one byte of the stored object behind the backend's back (checksum left as it was). */
  tamper(key: string): Promise<void>;
  /** Deletes the object as an intruder would. Tests that need it are skipped when absent. */
  remove?(key: string): Promise<void>;
  /** Rewrites the object's content and any stored checksum consistently (an intruder with write access). */
  replace?(key: string, body: Uint8Array): Promise<void>;
  cleanup(): Promise<void>;
}

export type MakeHarness = () => Promise<BackendHarness>;

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const put = (backend: ObjectBackend, key: string, body: string) => backend.put(key, bytes(body), { sha256: sha256Hex(body) });

export function describeBackendContract(name: string, makeBackend: MakeHarness): void {
  describe(`ObjectBackend contract: ${name}`, () => {
    let h: BackendHarness;
    beforeEach(async () => {
      h = await makeBackend();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('returns exactly the bytes put, with size and sha256', async () => {
      const info = await put(h.backend, 'a/b/c.json', '{"x":1}');
      expect(info).toMatchObject({ key: 'a/b/c.json', size: 7, sha256: sha256Hex('{"x":1}') });
      expect(text(await h.backend.get('a/b/c.json'))).toBe('{"x":1}');
      expect(await h.backend.exists('a/b/c.json')).toBe(true);
    });

    it('refuses a second put to an existing key and keeps the first content', async () => {
      await put(h.backend, 'ledger/0000000001.json', 'first');
      await expect(put(h.backend, 'ledger/0000000001.json', 'second')).rejects.toBeInstanceOf(ObjectExistsError);
      await expect(put(h.backend, 'ledger/0000000001.json', 'first')).rejects.toBeInstanceOf(ObjectExistsError);
      expect(text(await h.backend.get('ledger/0000000001.json'))).toBe('first');
    });

    it('lets exactly one of several concurrent puts to one key win', async () => {
      const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((v) => put(h.backend, 'race/key', v)));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ObjectExistsError);
      expect(['a', 'b', 'c', 'd']).toContain(text(await h.backend.get('race/key')));
    });

    it('throws ObjectMissingError naming the key for a missing object', async () => {
      await expect(h.backend.get('nothing/here.json')).rejects.toBeInstanceOf(ObjectMissingError);
      await expect(h.backend.get('nothing/here.json')).rejects.toThrow('nothing/here.json');
      expect(await h.backend.exists('nothing/here.json')).toBe(false);
    });

    it('throws IntegrityError naming the key when stored bytes were altered', async () => {
      await put(h.backend, 'packs/x.json', 'evidence body that matters');
      await h.tamper('packs/x.json');
      const err = await h.backend.get('packs/x.json').then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(IntegrityError);
      expect((err as IntegrityError).message).toContain('packs/x.json');
      expect((err as IntegrityError).key).toBe('packs/x.json');
    });

    it('refuses a body whose sha256 is not the one the caller gave', async () => {
      await expect(h.backend.put('x/y', bytes('abc'), { sha256: sha256Hex('abd') })).rejects.toBeInstanceOf(IntegrityError);
      expect(await h.backend.exists('x/y')).toBe(false);
    });

    it('lists keys under a string prefix, sorted, with sizes and hashes', async () => {
      for (const k of ['s/b/2', 's/a/1', 's/b/10', 's/bz', 't/1', 's/b/1']) await put(h.backend, k, `body of ${k}`);
      const under = await h.backend.list('s/b');
      expect(under.map((o) => o.key)).toEqual(['s/b/1', 's/b/10', 's/b/2', 's/bz']);
      expect((await h.backend.list('s/b/')).map((o) => o.key)).toEqual(['s/b/1', 's/b/10', 's/b/2']);
      expect(under[0]).toMatchObject({ size: 'body of s/b/1'.length, sha256: sha256Hex('body of s/b/1') });
      expect((await h.backend.list('')).map((o) => o.key)).toEqual(['s/a/1', 's/b/1', 's/b/10', 's/b/2', 's/bz', 't/1']);
      expect(await h.backend.list('nope/')).toEqual([]);
      expect(await h.backend.listKeys('s/b')).toEqual(['s/b/1', 's/b/10', 's/b/2', 's/bz']);
      expect(await h.backend.listKeys('')).toEqual(['s/a/1', 's/b/1', 's/b/10', 's/b/2', 's/bz', 't/1']);
      expect(await h.backend.listKeys('nope/')).toEqual([]);
    });

    it('rejects keys that could escape the store or are ambiguous', async () => {
      for (const key of ['../escape', 'a/../../b', '/abs/key', 'a//b', 'a/./b', 'has space', '.hidden', 'a/.tmp/x', '', 'x.sha256', 'a\\b']) {
        await expect(put(h.backend, key, 'x'), `key ${JSON.stringify(key)}`).rejects.toBeInstanceOf(StoreError);
        await expect(h.backend.get(key), `key ${JSON.stringify(key)}`).rejects.toThrow(/invalid store key/);
      }
    });
  });
}

function daySnapshots(org: SyntheticOrg, days: number): Snapshot[] {
  const out = [org.snapshotFor()];
  for (let d = 1; d < days; d++) {
    org.advance();
    out.push(org.snapshotFor());
  }
  return out;
}

function ledgerInput(snapshot: Snapshot, runId: string, snapshotId: string | null, sha: string | null): NewLedgerEntry {
  return {
    runId,
    source: snapshot.provenance.source,
    scheduledFor: snapshot.provenance.scheduledFor,
    startedAt: snapshot.provenance.startedAt,
    finishedAt: snapshot.provenance.finishedAt,
    status: snapshotId ? 'success' : 'failed',
    reason: snapshotId ? null : 'AccessDenied on iam:GetAccountAuthorizationDetails',
    snapshotId,
    snapshotSha256: sha,
    startedSeq: null,
    host: null,
    pid: null,
    deadline: null,
  };
}

/** Expected changes computed independently of the store: compare two snapshots resource by resource. */
function expectedChanges(before: Snapshot | null, after: Snapshot): { kind: string; type: string; id: string }[] {
  const map = (s: Snapshot | null) => new Map((s?.resources ?? []).map((r) => [`${r.type} ${r.id}`, r]));
  const b = map(before);
  const a = map(after);
  const out: { kind: string; type: string; id: string }[] = [];
  for (const [k, r] of a) {
    const old = b.get(k);
    if (!old) out.push({ kind: 'added', type: r.type, id: r.id });
    else if (canonicalJson(old) !== canonicalJson(r)) out.push({ kind: 'changed', type: r.type, id: r.id });
  }
  for (const [k, r] of b) if (!a.has(k)) out.push({ kind: 'removed', type: r.type, id: r.id });
  return out.sort(compareResources);
}

const errorsOf = (report: StoreVerifyReport) => report.problems.filter((p) => p.severity === 'error');

export function describeEvidenceStoreContract(name: string, makeBackend: MakeHarness, baseOptions: EvidenceStoreOptions = {}): void {
  describe(`EvidenceStore contract: ${name}`, () => {
    let options: EvidenceStoreOptions = baseOptions;
    let h: BackendHarness;
    let store: EvidenceStore;
    let signer: LedgerSigner;
    beforeEach(async () => {
      h = await makeBackend();
      signer = ephemeralLedgerSigner();
      options = { ...baseOptions, ledgerSigner: signer };
      store = await initializeEvidenceStore(h.backend, signer, options);
    });
    afterEach(async () => {
      await h.cleanup();
    });

    /** Saves `days` snapshots with a ledger entry each; returns the snapshots and records. */
    async function saveDays(days: number, churn = 0.05, into: EvidenceStore = store) {
      const snapshots = daySnapshots(new SyntheticOrg(undefined, { churn, seed: 7 }), days);
      const records = [];
      for (const [i, s] of snapshots.entries()) {
        const rec = await into.saveSnapshot(s, `run-${i}`);
        await into.appendLedger(ledgerInput(s, `run-${i}`, rec.id, rec.snapshotSha256));
        records.push(rec);
      }
      return { snapshots, records };
    }

    it('generates fixture snapshots that satisfy the Snapshot schema', () => {
      const [s] = daySnapshots(new SyntheticOrg(), 1);
      expect(() => SnapshotSchema.parse(s)).not.toThrow();
    });

    it('loads every saved snapshot identical to what was collected, also from a fresh store', async () => {
      const { snapshots, records } = await saveDays(4);
      const fresh = createEvidenceStore(h.backend, options);
      for (const [i, s] of snapshots.entries()) {
        expect(records[i]!.snapshotSha256).toBe(hashOf(s));
        expect(records[i]).toMatchObject({ source: 'prod', scheduledFor: s.provenance.scheduledFor, resourceCount: s.resources.length });
        expect(records[i]!.previousId).toBe(i === 0 ? null : records[i - 1]!.id);
        for (const st of [store, fresh]) {
          const loaded = await st.loadSnapshot(records[i]!.id);
          expect(hashOf(loaded)).toBe(hashOf(s));
          expect(loaded).toEqual(s);
        }
      }
    });

    it('rebuilds snapshots across several checkpoints', async () => {
      const small = createEvidenceStore(h.backend, { ...options, checkpointEvery: 3 });
      const { snapshots, records } = await saveDays(7, 0.05, small);
      const fresh = createEvidenceStore(h.backend, { ...options, checkpointEvery: 3 });
      for (const i of [6, 2, 4, 0]) expect(hashOf(await fresh.loadSnapshot(records[i]!.id))).toBe(hashOf(snapshots[i]!));
      expect((await fresh.loadChanges(records[3]!.id)).changes.map((c) => ({ kind: c.kind, type: c.type, id: c.id }))).toEqual(
        expectedChanges(snapshots[2]!, snapshots[3]!),
      );
      expect(errorsOf(await fresh.verify())).toEqual([]);
    });

    it('gives each snapshot its changes against the previous one, with before and after', async () => {
      const { snapshots, records } = await saveDays(4);
      const fresh = createEvidenceStore(h.backend, options);
      for (const st of [store, fresh]) {
        for (const [i, s] of snapshots.entries()) {
          const result = await st.loadChanges(records[i]!.id);
          expect(result.snapshot.id).toBe(records[i]!.id);
          expect(result.previous?.id ?? null).toBe(i === 0 ? null : records[i - 1]!.id);
          const prev = i === 0 ? null : snapshots[i - 1]!;
          expect(result.changes.map((c) => ({ kind: c.kind, type: c.type, id: c.id }))).toEqual(expectedChanges(prev, s));
          for (const c of result.changes) {
            const before = prev?.resources.find((r) => r.type === c.type && r.id === c.id) ?? null;
            const after = s.resources.find((r) => r.type === c.type && r.id === c.id) ?? null;
            expect(c.before).toEqual(before);
            expect(c.after).toEqual(after);
            expect(c.beforeSha256).toBe(before ? hashOf(before) : null);
            expect(c.afterSha256).toBe(after ? hashOf(after) : null);
          }
        }
      }
      const kinds = new Set((await store.loadChanges(records[3]!.id)).changes.map((c) => c.kind));
      expect(kinds.has('changed')).toBe(true);
    });

    it('lists snapshots by source and inclusive scheduledFor bounds', async () => {
      const { records } = await saveDays(3);
      const other = new SyntheticOrg(undefined, { source: 'staging', seed: 3 }).snapshotFor();
      const otherRec = await store.saveSnapshot(other, 'run-x');
      expect((await store.listSnapshots()).map((r) => r.id)).toEqual([records[0]!.id, otherRec.id, records[1]!.id, records[2]!.id]);
      expect((await store.listSnapshots({ source: 'prod' })).map((r) => r.id)).toEqual(records.map((r) => r.id));
      const from = new Date(records[1]!.scheduledFor);
      expect((await store.listSnapshots({ source: 'prod', from, to: from })).map((r) => r.id)).toEqual([records[1]!.id]);
      expect(otherRec.previousId).toBeNull();
    });

    it('refuses to store a run id twice for the same slot', async () => {
      const s = new SyntheticOrg().snapshotFor();
      await store.saveSnapshot(s, 'run-1');
      await expect(store.saveSnapshot(s, 'run-1')).rejects.toBeInstanceOf(ObjectExistsError);
    });

    it('refuses snapshots whose resources are not sorted and unique', async () => {
      const s = new SyntheticOrg().snapshotFor();
      const unsorted = { ...s, resources: [...s.resources].reverse() };
      await expect(store.saveSnapshot(unsorted, 'run-1')).rejects.toBeInstanceOf(SnapshotShapeError);
      expect(await store.listSnapshots()).toEqual([]);
    });

    it('chains ledger entries by the hash of the previous entry', async () => {
      const s = new SyntheticOrg().snapshotFor();
      const e1 = await store.appendLedger(ledgerInput(s, 'r1', null, null));
      const e2 = await store.appendLedger(ledgerInput(s, 'r2', null, null));
      const e3 = await store.appendLedger(ledgerInput(s, 'r3', null, null));
      expect([e1.seq, e2.seq, e3.seq]).toEqual([1, 2, 3]);
      expect(e1.prevHash).toBeNull();
      expect(e2.prevHash).toBe(sha256Hex(canonicalJson(e1)));
      expect(e3.prevHash).toBe(sha256Hex(canonicalJson(e2)));
      expect(await store.readLedger()).toEqual([e1, e2, e3]);
    });

    it('keeps the ledger a chain when two writers append at once', async () => {
      const s = new SyntheticOrg().snapshotFor();
      const other = createEvidenceStore(h.backend, options);
      await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? store : other).appendLedger(ledgerInput(s, `r${i}`, null, null))));
      const entries = await store.readLedger();
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(new Set(entries.map((e) => e.runId)).size).toBe(6);
      for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).toBe(hashOf(entries[i - 1]));
    });

    it('verifies a clean store without problems', async () => {
      const { records } = await saveDays(3);
      await store.putArtifact('binder-2026.zip', bytes('zip bytes'));
      const seen: string[] = [];
      const report = await store.verify((_d, _t, what) => seen.push(what));
      expect(report.problems).toEqual([]);
      expect(report.snapshotsChecked).toBe(3);
      expect(report.ledgerEntries).toBe(3);
      expect(report.objectsChecked).toBe(1 + 3 + 3 + 3 + 1); // marker, records, packs, ledger entries, artifact
      expect(report.head).toMatchObject({ headSeq: 3, keyFingerprints: [signer.fingerprint] });
      expect(seen).toContain(records[2]!.recordKey);
    });

    it('reports a flipped byte in a pack and in a record, naming the key, without throwing', async () => {
      const { records } = await saveDays(3);
      const fresh = createEvidenceStore(h.backend, options);
      const packs = (await h.backend.list('packs/')).map((o) => o.key);
      await h.tamper(packs[0]!);
      await h.tamper(records[2]!.recordKey);
      const report = await fresh.verify();
      const keys = errorsOf(report).map((p) => p.key);
      expect(keys).toContain(packs[0]);
      expect(keys).toContain(records[2]!.recordKey);
      expect(errorsOf(report).find((p) => p.key === packs[0])!.message).toMatch(/sha256|altered|hash/i);
      await expect(fresh.loadSnapshot(records[2]!.id)).rejects.toBeInstanceOf(IntegrityError);
    });

    it('reports a removed ledger entry', async (ctx) => {
      if (!h.remove) return ctx.skip();
      await saveDays(3);
      await h.remove('ledger/0000000002.json');
      const report = await store.verify();
      expect(errorsOf(report).some((p) => p.key === 'ledger/0000000002.json' && /missing/.test(p.message))).toBe(true);
    });

    it('reports a removed last ledger entry through its snapshot that has no entry', async (ctx) => {
      if (!h.remove) return ctx.skip();
      const { records } = await saveDays(3);
      await h.remove('ledger/0000000003.json');
      const report = await store.verify();
      expect(errorsOf(report).some((p) => p.key === records[2]!.recordKey && /no ledger entry/.test(p.message))).toBe(true);
    });

    it('reports a ledger entry edited with a matching checksum through the next entry', async (ctx) => {
      if (!h.replace) return ctx.skip();
      await saveDays(3);
      const [, e2] = await store.readLedger();
      await h.replace('ledger/0000000002.json', bytes(canonicalJson({ ...e2!, status: 'failed', reason: 'edited' })));
      const report = await store.verify();
      const problem = errorsOf(report).find((p) => p.key === 'ledger/0000000003.json');
      expect(problem?.message).toMatch(/prevHash .* entry 2 .* altered or replaced/);
      expect(errorsOf(report).some((p) => p.key === 'ledger/0000000002.json' && /signature that does not verify/.test(p.message))).toBe(true);
    });

    it('reports a chain rewritten from one entry on and re-signed with another key', async (ctx) => {
      if (!h.replace) return ctx.skip();
      await saveDays(3);
      const entries = await store.readLedger();
      const forger = ephemeralLedgerSigner();
      // The insider edits entry 2 and re-links and re-signs every entry after it: only the key is missing.
      let prevHash = sha256Hex(canonicalJson(entries[0]!));
      for (const e of entries.slice(1)) {
        const { signature: _s, ...unsigned } = e;
        const forged = await signLedgerEntry({ ...unsigned, prevHash, reason: e.seq === 2 ? 'rewritten' : e.reason }, forger);
        const body = bytes(canonicalJson(forged));
        await h.replace(`ledger/${String(e.seq).padStart(10, '0')}.json`, body);
        prevHash = sha256Hex(body);
      }
      const report = await store.verify();
      for (const seq of [2, 3]) {
        expect(errorsOf(report).some((p) => p.key === `ledger/000000000${seq}.json` && /not one of the store's ledger keys/.test(p.message))).toBe(true);
      }
    });

    it('reports a ledger cut off after a recorded head, and a head from another store', async (ctx) => {
      if (!h.remove) return ctx.skip();
      const { records } = await saveDays(3);
      const head = await store.ledgerHead();
      expect(errorsOf(await store.verify(undefined, { against: [{ ...head, label: 'binder A' }] }))).toEqual([]);
      // The newest snapshot, its pack and its ledger entry removed together: the store alone cannot tell.
      await h.remove('ledger/0000000003.json');
      await h.remove(records[2]!.recordKey);
      const cut = await store.verify(undefined, { against: [{ ...head, label: 'binder A' }] });
      expect(errorsOf(cut).some((p) => /binder A: recorded ledger head 3, but the store's ledger ends at 2/.test(p.message))).toBe(true);
      const other = await store.verify(undefined, { against: [{ ...head, storeId: '11111111-1111-4111-8111-111111111111', label: 'binder B' }] });
      expect(errorsOf(other).some((p) => /binder B: was built from store/.test(p.message))).toBe(true);
    });

    it('refuses to call a location without a marker a store', async () => {
      const bare = await makeBackend();
      try {
        const report = await createEvidenceStore(bare.backend, options).verify();
        expect(errorsOf(report).some((p) => p.key === 'binder-store.json' && /not a binder evidence store/.test(p.message))).toBe(true);
        expect(report.head).toBeNull();
      } finally {
        await bare.cleanup();
      }
    });

    it('reports a ledger entry whose snapshot hash disagrees with the record', async (ctx) => {
      if (!h.replace) return ctx.skip();
      await saveDays(2);
      const [, e2] = await store.readLedger();
      await h.replace('ledger/0000000002.json', bytes(canonicalJson({ ...e2!, snapshotSha256: 'f'.repeat(64) })));
      const report = await store.verify();
      expect(errorsOf(report).some((p) => p.key === 'ledger/0000000002.json' && /sha256/.test(p.message))).toBe(true);
    });

    it('reports a removed pack against every snapshot that needs it', async (ctx) => {
      if (!h.remove) return ctx.skip();
      const { records } = await saveDays(3);
      // The first snapshot is a checkpoint: the later deltas are rebuilt from its pack too.
      const packs = (await h.backend.list('packs/')).map((o) => o.key);
      const fresh = createEvidenceStore(h.backend, options);
      const checkpointPack = await findPackOf(h.backend, packs, 'full');
      await h.remove(checkpointPack);
      const report = await fresh.verify();
      for (const r of records) expect(errorsOf(report).some((p) => p.key === r.recordKey && p.message.includes(checkpointPack))).toBe(true);
      await expect(fresh.loadSnapshot(records[1]!.id)).rejects.toBeInstanceOf(ObjectMissingError);
    });

    it('leaves no listed snapshot after a save interrupted before its record, and saves again after', async () => {
      const org = new SyntheticOrg(undefined, { churn: 0.05 });
      const first = org.snapshotFor();
      await store.saveSnapshot(first, 'run-0');
      org.advance();
      const second = org.snapshotFor();
      const crashing = createEvidenceStore(crashBeforeRecords(h.backend), options);
      await expect(crashing.saveSnapshot(second, 'run-1')).rejects.toThrow(/simulated crash/);
      expect((await store.listSnapshots()).map((r) => r.id)).toHaveLength(1);
      const report = await store.verify();
      expect(report.problems.some((p) => p.severity === 'warning' && /interrupted/.test(p.message))).toBe(true);
      expect(errorsOf(report).filter((p) => !/no ledger entry/.test(p.message))).toEqual([]);

      const rec = await store.saveSnapshot(second, 'run-1');
      expect(hashOf(await createEvidenceStore(h.backend, options).loadSnapshot(rec.id))).toBe(hashOf(second));
      expect((await store.listSnapshots()).map((r) => r.id)).toHaveLength(2);
    });

    it('stores artifacts write-once under artifacts/', async () => {
      const info = await store.putArtifact('binders/2026-q1.zip', bytes('zip'));
      expect(info).toMatchObject({ key: 'artifacts/binders/2026-q1.zip', sha256: sha256Hex('zip') });
      await expect(store.putArtifact('binders/2026-q1.zip', bytes('other'))).rejects.toBeInstanceOf(ObjectExistsError);
      await expect(store.putArtifact('../escape.zip', bytes('x'))).rejects.toBeInstanceOf(StoreError);
    });
  });
}

/** A backend that dies (throws) when the store writes a snapshot record: packs land, records do not. */
function crashBeforeRecords(backend: ObjectBackend): ObjectBackend {
  return {
    location: backend.location,
    put: (key, body, opts) => (key.startsWith('snapshots/') ? Promise.reject(new Error('simulated crash before the record')) : backend.put(key, body, opts)),
    get: (key) => backend.get(key),
    getUnchecked: (key) => backend.getUnchecked(key),
    exists: (key) => backend.exists(key),
    list: (prefix) => backend.list(prefix),
    listKeys: (prefix) => backend.listKeys(prefix),
  };
}

async function findPackOf(backend: ObjectBackend, packs: string[], kind: 'full' | 'delta'): Promise<string> {
  const { decodePack } = await import('../../store/pack-codec.ts');
  for (const p of packs) if (decodePack(await backend.get(p), p).kind === kind) return p;
  throw new Error(`no ${kind} pack`);
}
