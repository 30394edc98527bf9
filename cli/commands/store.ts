import type { StoreProblem, StoreVerifyReport } from '../../store/types.ts';
import { repeatable } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, openWorkspace, type ConfigOptions } from '../setup.ts';

/** One store problem as a report line: severity, key, message. */
export function problemLine(p: StoreProblem): string {
  return `  ${p.severity.toUpperCase()}: ${p.key ? `${p.key}: ` : ''}${p.message}`;
}

function renderReport(location: string, report: StoreVerifyReport): string {
  const errors = report.problems.filter((p) => p.severity === 'error');
  return [
    `Checked ${report.objectsChecked} objects, ${report.snapshotsChecked} snapshots, ${report.ledgerEntries} ledger entries in ${location}`,
    ...(report.head ? [`  ledger head: entry ${report.head.headSeq}, sha256 ${report.head.headSha256 ?? '(empty)'}; signed by ${report.head.keyFingerprints.join(', ')}`] : []),
    ...(report.journalHead ? [`  fieldwork journal: ${report.journalEntries} entries, head entry ${report.journalHead.seq}, sha256 ${report.journalHead.sha256}`] : []),
    ...report.problems.map(problemLine),
    errors.length === 0 ? 'OK: evidence intact' : `FAILED: ${errors.length} problem(s)`,
  ].join('\n');
}

interface StoreVerifyOptions extends ConfigOptions {
  against?: string[];
}

export const storeVerifyCommand = defineCommand<StoreVerifyOptions>({
  name: 'store verify',
  summary: 're-hash all evidence, rebuild every snapshot, check the signed ledger chain',
  description: [
    'Reads every stored object and checks its SHA-256, rebuilds every snapshot and compares it with the hash taken at collection time, and walks the ledger\'s hash chain and the fieldwork journal\'s (responses, accepted deviations, attached documents, each document re-hashed), checking each entry\'s signature with the ledger keys named in the store marker. On S3 it also reports extra object versions, delete markers and objects without retention.',
    'The store must still hold the ledger head recorded by every binder uploaded into it (build --upload) and by each binder given with --against: entries cut off or rewritten since fail.',
    'Exits 1 and names every problem when anything is wrong; 2 when the location is not a store.',
  ].join('\n\n'),
  configure(command) {
    addConfigOption(command).option('--against <zip>', 'a binder built from this store (repeatable)', repeatable);
  },
  async run(options, _args, { terminal }) {
    const [{ headsOfBinderFiles, headsOfUploadedBinders }, { knownLedgerKey }] = await Promise.all([import('../recorded-heads.ts'), import('../ledger-key.ts')]);
    const ws = await openWorkspace(options.config, 'verify');
    const given = await headsOfBinderFiles(options.against ?? []);
    for (const e of given.errors) terminal.error(e);
    if (given.errors.length) return EXIT.usage;
    terminal.info(`verifying ${ws.store.location}`);
    const uploaded = await headsOfUploadedBinders(ws.store);
    const ledgerKey = await knownLedgerKey(ws);
    const report = await ws.store.verify((done, total, what) => terminal.progress(done, total, what), {
      against: [...given.heads, ...uploaded.heads],
      ...(ledgerKey ? { ledgerKey } : {}),
    });
    for (const e of uploaded.errors) report.problems.push({ severity: 'error', key: null, message: e });
    terminal.done();
    const errors = report.problems.filter((p) => p.severity === 'error');
    terminal.result(renderReport(ws.store.location, report), report);
    return errors.length === 0 ? EXIT.ok : EXIT.failed;
  },
});

export const storeInitCommand = defineCommand<ConfigOptions>({
  name: 'store init',
  summary: 'create or inspect the S3 evidence bucket (versioning, Object Lock, retention, BPA, encryption)',
  description: [
    'For an S3 store: creates the bucket with Object Lock, versioning, default retention, Block Public Access and default encryption, or inspects an existing bucket and reports each setting that is wrong and how to fix it.',
    'For a local store: creates the folder. Either way the store marker and the ledger key are created once the store can hold evidence.',
  ].join('\n\n'),
  configure(command) {
    addConfigOption(command);
  },
  async run(options, _args, { terminal }) {
    const [{ loadConfig }, { openStoreForCollection }] = await Promise.all([import('../../config/load-config.ts'), import('../ledger-key.ts')]);
    const loaded = await loadConfig(options.config);
    if (loaded.config.store.type === 'local') {
      const { store, signer, createdKey } = await openStoreForCollection(loaded);
      const keyNote = createdKey ? ` (new ledger key ${createdKey}, fingerprint ${signer.fingerprint})` : ` (ledger key ${signer.fingerprint})`;
      terminal.result(`Local evidence store ready at ${store.location}${keyNote}`, { location: store.location, ledgerKeyFingerprint: signer.fingerprint });
      return EXIT.ok;
    }
    const { initS3Store } = await import('../../store/s3-bucket-setup.ts');
    const result = await initS3Store(loaded.config.store, {});
    // The marker (and the ledger key) once the bucket can hold evidence.
    const opened = result.ready || result.usable ? await openStoreForCollection(loaded) : null;
    const lines = result.findings.map(
      (f) =>
        `  ${f.ok ? 'ok ' : f.unsupported ? 'n/a' : 'FIX'}  ${f.what}: ${f.detail}${f.ok || !f.fix ? '' : `\n         fix: ${f.fix}`}`,
    );
    terminal.result(
      [
        `S3 evidence store ${result.location}${result.created ? ' (bucket created)' : ''}`,
        ...lines,
        ...(opened ? [`  ok   store marker: ledger signed by ${opened.signer.fingerprint}${opened.createdKey ? ` (new key ${opened.createdKey})` : ''}`] : []),
        result.ready
          ? 'Ready: evidence written here is versioned and locked.'
          : result.usable
            ? 'Usable: evidence is versioned and locked, but the settings marked n/a are not supported by this server (AWS S3 supports them).'
            : 'NOT READY: fix the settings marked FIX before collecting.',
      ].join('\n'),
      result,
    );
    return result.ready || result.usable ? EXIT.ok : EXIT.failed;
  },
});
