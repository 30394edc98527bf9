/**
 * Builds the audit binder: one reproducible ZIP holding index.pdf, the evidence files, manifest.json,
 * SHA256SUMS, and (when signed) manifest.sig with the public key, plus VERIFY.md.
 * The same evaluation, store contents and key give byte-identical ZIPs (see write-zip.ts and
 * render-index-pdf.ts for how time and order are fixed).
 */
import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { canonicalJson, sha256Hex } from '../model/canonical-json.ts';
import { periodDrift } from '../controls/period/period-drift.ts';
import { DriftTally } from '../controls/period/drift-tally.ts';
import type { DriftEntry, PeriodEvaluation } from '../model/evaluation.ts';
import { TOOL } from '../model/version.ts';
import type { EvidenceStore, ProgressFn, StoreVerifyReport, VerifyScope } from '../store/types.ts';
import type { VerifiedSnapshotSink } from '../store/verify-store.ts';
import { citeSnapshots } from './cite-snapshots.ts';
import { changeLogChunks, checkResultsJson, coverageJson, evaluationJson, exceptionsCsv, canonicalPrettyJson } from './evidence-files.ts';
import { fingerprint } from './keys.ts';
import {
  DIGEST_SCHEME,
  evidenceDigest,
  filesDigest,
  Manifest,
  MANIFEST_FILE,
  MANIFEST_SCHEMA,
  PDF_FILE,
  PUBLIC_KEY_FILE,
  renderSums,
  SIGNATURE_FILE,
  SUMS_FILE,
  VERIFY_FILE,
  comparePaths,
  type CitedSnapshot,
  type ManifestFile,
} from './manifest.ts';
import { DEFAULT_SAMPLE_SIZES, type SamplingConfig } from '../config/schema.ts';
import { attachmentsForPeriod } from '../fieldwork/attachments-for-period.ts';
import { addFieldworkEvidence, type FieldworkSummary } from './fieldwork-evidence.ts';
import { validateManualEvidence, type ManualEvidenceEntry, type ManualEvidenceItem, type ManualEvidenceProblem } from './manual-evidence.ts';
import { renderIndexPdf } from './pdf/render-index-pdf.ts';
import { StagingArea } from './staging-area.ts';
import { renderVerifyMd } from './verify-instructions.ts';
import { writeZipAtomically } from './write-zip.ts';

export interface BuildBinderOptions {
  evaluation: PeriodEvaluation;
  store: EvidenceStore;
  /** The ZIP to write; an existing file is replaced only by a complete new binder. */
  outPath: string;
  /** Ed25519 private key; null builds an unsigned binder (marked UNSIGNED everywhere). */
  signingKey: KeyObject | null;
  manualEvidence?: readonly ManualEvidenceItem[];
  /** The collector's ledger key as this side knows it: the store's marker must list it. */
  ledgerKey?: { fingerprint: string; label: string };
  /** Ledger heads recorded by earlier binders: the store must still hold each. */
  recordedHeads?: VerifyScope['against'];
  progress?: ProgressFn;
  /**
   * The period's drift entries in change-log order, for evidence/change-log.json. Default: streamed
   * from the store again (periodDrift); either way they must add up to the evaluation's driftSummary.
   */
  drift?: AsyncIterable<DriftEntry>;
  /** Sample sizes for the binder's own samples (config sampling.sizes); default: the config's defaults. */
  sampleSizes?: SamplingConfig['sizes'];
}

export interface BuildBinderResult {
  zipPath: string;
  /** Not written separately: index.pdf lives inside the ZIP. */
  pdfPath?: string;
  /** SHA-256 of manifest.json (what the signature covers). */
  manifestSha256: string;
  evidenceDigest: string;
  signingKeyFingerprint: string | null;
  /** The verified ledger head recorded in the manifest. */
  ledger: Manifest['ledger'];
  /** Every file in the ZIP, sorted by path. */
  files: ManifestFile[];
  sizes: { zipBytes: number; pdfBytes: number; pdfPages: number; uncompressedBytes: number };
  /** What the binder carries of the fieldwork, and the documents that do not evidence the period. */
  fieldwork: FieldworkSummary;
  documentProblems: ManualEvidenceProblem[];
}

export class BinderBuildError extends Error {
  constructor(
    message: string,
    readonly detail?: { snapshotId?: string; path?: string },
  ) {
    super(message);
    this.name = 'BinderBuildError';
  }
}

/** The store does not verify: nothing is signed. `report` names every problem. */
export class StoreNotVerifiedError extends BinderBuildError {
  constructor(
    readonly report: StoreVerifyReport,
    location: string,
  ) {
    const errors = report.problems.filter((p) => p.severity === 'error');
    super(`refusing to build: the evidence store ${location} does not verify (${errors.length} problem(s)); a binder is only signed over evidence that verifies`);
    this.name = 'StoreNotVerifiedError';
  }
}

const DAY_MS = 86_400_000;

/** What differs between the drift the evaluation counted and the drift streamed into the binder, or null. */
function compareDriftSummaries(evaluated: PeriodEvaluation['driftSummary'], streamed: PeriodEvaluation['driftSummary']): string | null {
  if (canonicalJson(evaluated) === canonicalJson(streamed)) return null;
  return `${streamed.entries} entries streamed, ${evaluated.entries} evaluated`;
}

export async function buildBinder(options: BuildBinderOptions): Promise<BuildBinderResult> {
  const { evaluation: ev, store, signingKey } = options;
  const progress = options.progress ?? (() => undefined);
  if (signingKey && (signingKey.type !== 'private' || signingKey.asymmetricKeyType !== 'ed25519')) {
    throw new BinderBuildError(`signingKey must be an Ed25519 private key, got a ${signingKey.asymmetricKeyType ?? '?'} ${signingKey.type} key`);
  }
  const outPath = resolve(options.outPath);
  await mkdir(dirname(outPath), { recursive: true });
  const citations = citeSnapshots(ev);
  const manual = options.manualEvidence ?? [];
  manual.forEach(validateManualEvidence);
  if (citations.length === 0) {
    throw new BinderBuildError(`no snapshot of any source in ${ev.period.from} .. ${ev.period.to} in ${store.location}: there is no evidence to sign`);
  }
  const totalSteps = citations.length + 6;
  let done = 0;

  const staging = await StagingArea.create(dirname(outPath));
  try {
    // 0. The store, from the start of its ledger to the end of the period: every object, snapshot and
    //    signed ledger entry. Each cited snapshot is written while verification holds it, proven, so
    //    it is not rebuilt a second time; nothing is signed unless the whole store verifies.
    progress(done++, totalSteps, 'verifying the evidence store');
    const through = new Date(Date.parse(`${ev.period.to}T00:00:00.000Z`) + DAY_MS - 1);
    const citedById = new Map(citations.map((c) => [c.ref.snapshotId, c]));
    const mismatched: { id: string; actual: string }[] = [];
    const scope: VerifyScope & VerifiedSnapshotSink = {
      through,
      ...(options.ledgerKey ? { ledgerKey: options.ledgerKey } : {}),
      ...(options.recordedHeads ? { against: options.recordedHeads } : {}),
      onVerifiedSnapshot: async (id, canonical) => {
        const c = citedById.get(id);
        if (!c || staging.get(c.path)) return;
        const staged = await staging.addStream(c.path, canonical());
        if (staged.sha256 !== c.ref.snapshotSha256) mismatched.push({ id, actual: staged.sha256 });
      },
    };
    const report = await store.verify(undefined, scope);
    if (report.head === null || report.problems.some((p) => p.severity === 'error')) throw new StoreNotVerifiedError(report, store.location);
    const ledger: Manifest['ledger'] = { ...report.head, journalHead: report.journalHead };
    // The fieldwork journal as verified: an entry appended since is not in this binder.
    const journal = (await store.readJournal()).filter((e) => report.journalHead !== null && e.seq <= report.journalHead.seq);

    // 1. Full snapshots, each proven identical to the hash taken at collection time (and recorded by
    //    the evaluation). A store whose verify hands none on is read again here.
    const cited: CitedSnapshot[] = [];
    for (const c of citations) {
      progress(done++, totalSteps, `snapshot ${c.ref.snapshotId}`);
      let actual = mismatched.find((m) => m.id === c.ref.snapshotId)?.actual ?? staging.get(c.path)?.sha256;
      if (actual === undefined) {
        const canonical = canonicalJson(await store.loadSnapshot(c.ref.snapshotId));
        actual = sha256Hex(canonical);
        if (actual === c.ref.snapshotSha256) await staging.add(c.path, canonical);
      }
      if (actual !== c.ref.snapshotSha256) {
        throw new BinderBuildError(
          `snapshot ${c.ref.snapshotId} from ${store.location} hashes to ${actual}, but the evaluation recorded ${c.ref.snapshotSha256}; ` +
            'the store returned different evidence than was evaluated',
          { snapshotId: c.ref.snapshotId },
        );
      }
      cited.push({
        snapshotId: c.ref.snapshotId,
        source: c.ref.source,
        accountId: c.ref.accountId,
        scheduledFor: c.ref.scheduledFor,
        capturedAt: c.ref.capturedAt,
        recordKey: c.ref.recordKey,
        snapshotSha256: c.ref.snapshotSha256,
        path: c.path,
        citedFor: c.reasons,
      });
    }

    // 2. The evaluation as data.
    progress(done++, totalSteps, 'evidence files');
    const streamed = new DriftTally();
    const drift = options.drift ?? periodDrift(store, ev);
    async function* tallied(): AsyncGenerator<DriftEntry> {
      for await (const d of drift) {
        streamed.add(d);
        yield d;
      }
    }
    await staging.addStream('evidence/change-log.json', changeLogChunks(ev, tallied()));
    const driftMismatch = compareDriftSummaries(ev.driftSummary, streamed.summary());
    if (driftMismatch) {
      throw new BinderBuildError(
        `the change log read from ${store.location} does not match the evaluation (${driftMismatch}); the store returned different changes than were evaluated`,
        { path: 'evidence/change-log.json' },
      );
    }
    await staging.add('evidence/check-results.json', checkResultsJson(ev));
    await staging.add('evidence/coverage.json', coverageJson(ev));
    await staging.add('evidence/evaluation.json', evaluationJson(ev));
    await staging.add('evidence/exceptions.csv', exceptionsCsv(ev, journal));
    // Documents: those attached in the store's fieldwork journal (in effect for the period, bytes
    // proven against their hash), then the config's folder; a file name taken twice gets its hash.
    const attached = await attachmentsForPeriod(store, ev.period.from, ev.period.to, journal);
    const documentProblems: ManualEvidenceProblem[] = [
      ...attached.notYetEffective.map((e) => ({
        title: e.attachment.title,
        criteria: [...e.attachment.criteria],
        problem: 'effective-after-period' as const,
        detail: `effective ${e.attachment.effective}, after the period (journal entry ${e.seq})`,
      })),
      ...attached.missing.map((m) => ({ title: m.entry.attachment.title, criteria: [...m.entry.attachment.criteria], problem: 'missing-from-store' as const, detail: m.problem })),
    ];
    if (attached.missing.length) {
      // verify above would have failed on a missing document; a read that fails now is not signed over.
      throw new BinderBuildError(`attached documents cannot be read from ${store.location}: ${attached.missing.map((m) => m.problem).join('; ')}`);
    }
    const manualEntries: ManualEvidenceEntry[] = [];
    const taken = new Set<string>();
    for (const m of [...attached.items, ...manual]) {
      let fileName = m.fileName;
      if (taken.has(fileName)) fileName = `${sha256Hex(m.body).slice(0, 12)}-${fileName}`;
      taken.add(fileName);
      const f = await staging.add(`evidence/manual/${fileName}`, m.body);
      const expires = m.expires ?? null;
      manualEntries.push({
        title: m.title,
        criteria: [...m.criteria],
        effectiveDate: m.effectiveDate,
        path: f.path,
        size: f.size,
        sha256: f.sha256,
        description: m.description ?? null,
        sourceUrl: m.sourceUrl ?? null,
        expires,
        standing: expires !== null && expires < ev.period.to ? 'expired-during-period' : 'in-effect',
        from: m.journalSeq !== undefined ? { journalSeq: m.journalSeq, attachedBy: m.attachedBy ?? '', attachedAt: m.attachedAt ?? '' } : { folder: true },
      });
    }
    if (manualEntries.length) await staging.add('evidence/manual/index.json', canonicalPrettyJson({ manualEvidence: manualEntries }));

    // 2b. Fieldwork: populations, seeded samples with their evidence, the journal as verified.
    progress(done++, totalSteps, 'populations and samples');
    const fieldwork = await addFieldworkEvidence({
      store,
      evaluation: ev,
      journal,
      sizes: options.sampleSizes ?? DEFAULT_SAMPLE_SIZES,
      seed: ledger.headSha256 ?? 'empty ledger',
      add: (path, body) => staging.add(path, body),
    });

    const evidenceFiles = staging
      .list()
      .map(({ path, size, sha256 }) => ({ path, size, sha256 }))
      .sort((a, b) => comparePaths(a.path, b.path));
    const digest = evidenceDigest(evidenceFiles);
    const keyFingerprint = signingKey ? fingerprint(signingKey) : null;

    // 3. The PDF index (it shows the evidence digest; the manifest then covers the PDF).
    progress(done++, totalSteps, 'index.pdf');
    const pdf = await renderIndexPdf({
      evaluation: ev,
      builtWith: { name: TOOL.name, version: TOOL.version },
      evidenceDigest: digest,
      signingFingerprint: keyFingerprint,
      citations,
      evidenceFiles,
      manualEvidence: manualEntries,
      documentProblems,
      fieldwork,
      journal,
    });
    const pdfFile = await staging.add(PDF_FILE, pdf.bytes);

    // 4. Manifest, VERIFY.md, key, checksums, signature.
    progress(done++, totalSteps, 'manifest and signature');
    const header: Omit<Manifest, 'files' | 'filesDigest'> = {
      schema: MANIFEST_SCHEMA,
      tool: { name: TOOL.name, version: TOOL.version },
      organization: ev.organization,
      system: ev.system,
      period: ev.period,
      evaluatedAsOf: ev.evaluatedAsOf,
      categories: ev.categories,
      sources: ev.sources,
      evidenceDigest: digest,
      digestScheme: DIGEST_SCHEME,
      signing: keyFingerprint
        ? { algorithm: 'Ed25519', publicKeyFile: PUBLIC_KEY_FILE, signatureFile: SIGNATURE_FILE, publicKeyFingerprint: keyFingerprint }
        : null,
      snapshots: cited,
      ledger,
    };
    await staging.add(VERIFY_FILE, renderVerifyMd(header));
    if (signingKey) {
      await staging.add(PUBLIC_KEY_FILE, createPublicKey(signingKey).export({ type: 'spki', format: 'pem' }) as string);
    }
    const listed = staging
      .list()
      .map(({ path, size, sha256 }) => ({ path, size, sha256 }))
      .sort((a, b) => comparePaths(a.path, b.path));
    const manifest: Manifest = Manifest.parse({ ...header, filesDigest: filesDigest(listed), files: listed });
    const manifestFile = await staging.add(MANIFEST_FILE, canonicalPrettyJson(manifest));
    await staging.add(SUMS_FILE, renderSums(staging.list()));
    if (signingKey) {
      const manifestBytes = Buffer.from(canonicalPrettyJson(manifest), 'utf8');
      await staging.add(SIGNATURE_FILE, sign(null, manifestBytes, signingKey));
    }

    // 5. The ZIP, renamed into place only when complete.
    progress(done++, totalSteps, 'zip');
    const all = staging.list().sort((a, b) => comparePaths(a.path, b.path));
    await writeZipAtomically(outPath, all, new Date(ev.evaluatedAsOf));
    const zipBytes = (await stat(outPath)).size;
    progress(totalSteps, totalSteps, 'done');
    return {
      zipPath: outPath,
      manifestSha256: manifestFile.sha256,
      evidenceDigest: digest,
      signingKeyFingerprint: keyFingerprint,
      ledger,
      files: all.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
      sizes: { zipBytes, pdfBytes: pdfFile.size, pdfPages: pdf.pageCount, uncompressedBytes: all.reduce((n, f) => n + f.size, 0) },
      fieldwork,
      documentProblems,
    };
  } finally {
    await staging.dispose();
  }
}
