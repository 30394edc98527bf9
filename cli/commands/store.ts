import { parseCommandArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { CONFIG_HELP, CONFIG_OPTION, openWorkspace } from '../setup.ts';
import { loadConfig } from '../../config/load-config.ts';
import { openEvidenceStore } from '../../store/open-store.ts';

export const storeVerifyCommand: Command = {
  name: 'store verify',
  summary: 're-hash all evidence, rebuild every snapshot, check the ledger chain',
  help: `Usage: binder store verify [--config <file>] [--json]

Reads every stored object and checks its SHA-256, rebuilds every snapshot and compares it with
the hash taken at collection time, and walks the ledger's hash chain. On S3 it also reports extra
object versions, delete markers and objects without retention. Exits 1 and names each problem
when anything is wrong.

Options:
${CONFIG_HELP}`,
  async run(argv, { terminal }) {
    const { values } = parseCommandArgs(argv, { ...CONFIG_OPTION });
    const ws = await openWorkspace(values.config as string | undefined);
    terminal.info(`verifying ${ws.store.location}`);
    const report = await ws.store.verify((done, total, what) => terminal.progress(done, total, what));
    terminal.done();
    const errors = report.problems.filter((p) => p.severity === 'error');
    const lines = [
      `Checked ${report.objectsChecked} objects, ${report.snapshotsChecked} snapshots, ${report.ledgerEntries} ledger entries in ${ws.store.location}`,
      ...report.problems.map((p) => `  ${p.severity.toUpperCase()}: ${p.key ? `${p.key}: ` : ''}${p.message}`),
      errors.length === 0 ? 'OK: evidence intact' : `FAILED: ${errors.length} problem(s)`,
    ];
    terminal.result(lines.join('\n'), report);
    return errors.length === 0 ? EXIT.ok : EXIT.failed;
  },
};

export const storeInitCommand: Command = {
  name: 'store init',
  summary: 'create or inspect the S3 evidence bucket (versioning, Object Lock, retention, BPA, encryption)',
  help: `Usage: binder store init [--config <file>] [--json]

For an S3 store: creates the bucket with Object Lock, versioning, default retention, Block Public
Access and default encryption, or inspects an existing bucket and reports each setting that is
wrong and how to fix it. For a local store: creates the folder.

Options:
${CONFIG_HELP}`,
  async run(argv, { terminal }) {
    const { values } = parseCommandArgs(argv, { ...CONFIG_OPTION });
    const loaded = await loadConfig(values.config as string | undefined);
    if (loaded.config.store.type === 'local') {
      const store = await openEvidenceStore(loaded.config.store, loaded.dir);
      terminal.result(`Local evidence store ready at ${store.location}`, { location: store.location });
      return EXIT.ok;
    }
    const { initS3Store } = await import('../../store/s3-bucket-setup.ts');
    const result = await initS3Store(loaded.config.store, {});
    const lines = result.findings.map(
      (f) =>
        `  ${f.ok ? 'ok ' : f.unsupported ? 'n/a' : 'FIX'}  ${f.what}: ${f.detail}${f.ok || !f.fix ? '' : `\n         fix: ${f.fix}`}`,
    );
    terminal.result(
      [
        `S3 evidence store ${result.location}${result.created ? ' (bucket created)' : ''}`,
        ...lines,
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
};
