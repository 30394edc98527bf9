import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dayArg, UsageError } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { problemLine } from './store.ts';
import { addConfigOption, openWorkspace, type ConfigOptions } from '../setup.ts';

interface BuildOptions extends ConfigOptions {
  from: string;
  to: string;
  out?: string;
  unsigned?: boolean;
  upload?: boolean;
}

export const buildCommand = defineCommand<BuildOptions>({
  name: 'build',
  summary: 'build the signed audit binder (PDF index + evidence ZIP) for a period',
  description: [
    'First verifies the evidence store (every object, every snapshot up to the end of the period, the signed ledger chain) and refuses to build when anything fails: no flag signs a damaged store.',
    'Then evaluates the period and writes one ZIP: index.pdf (control-indexed), evidence/ (snapshots cited, change log, check results), manifest.json, SHA256SUMS, manifest.sig (Ed25519) and the public key. Documents listed in the config\'s manualEvidence folder (manual-evidence.yaml) are included and indexed by criterion with the date they took effect. The same evidence, period, settings and key give byte-identical output.',
  ].join('\n\n'),
  configure(command) {
    command
      .usage('--from <YYYY-MM-DD> --to <YYYY-MM-DD> [options]')
      .requiredOption('--from <date>', 'first day of the period (UTC), YYYY-MM-DD', dayArg)
      .requiredOption('--to <date>', 'last day of the period, YYYY-MM-DD', dayArg)
      .option('-o, --out <file>', 'output ZIP (default: binder-<from>_<to>.zip)')
      .option('--unsigned', 'build without a signing key (the cover then says UNSIGNED)')
      .option('--upload', 'also store the finished ZIP in the evidence store (S3: locked like evidence)');
    addConfigOption(command);
  },
  async run(options, _args, { terminal }) {
    const { from, to } = options;
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    const [{ buildBinder, StoreNotVerifiedError }, { loadPrivateKey }, { loadManualEvidence }, { evaluatePeriod }, { knownLedgerKey }, { headsOfUploadedBinders }] = await Promise.all([
      import('../../binder/build-binder.ts'),
      import('../../binder/keys.ts'),
      import('../../binder/load-manual-evidence.ts'),
      import('../../controls/period/evaluate-period.ts'),
      import('../ledger-key.ts'),
      import('../recorded-heads.ts'),
    ]);
    const ws = await openWorkspace(options.config);
    let signingKey = null;
    if (!options.unsigned) {
      const keyPath = ws.config.signing?.privateKeyPath;
      if (!keyPath) {
        terminal.error(
          `no signing key configured: set signing.privateKeyPath in ${ws.file} (create one with \`binder keys generate\`), or pass --unsigned to build an unsigned binder`,
        );
        return EXIT.usage;
      }
      const loaded = await loadPrivateKey(resolve(ws.dir, keyPath));
      for (const w of loaded.warnings) terminal.warn(w);
      signingKey = loaded.privateKey;
    }
    const outPath = resolve(options.out ?? `binder-${from}_${to}.zip`);
    terminal.info(`evaluating ${from} .. ${to}`);
    const evaluation = await evaluatePeriod({
      store: ws.store,
      config: ws.config,
      from,
      to,
      progress: (done, total, what) => terminal.progress(done, total, `evaluate ${what}`),
    });
    terminal.done();
    let manualEvidence: Awaited<ReturnType<typeof loadManualEvidence>>['items'] = [];
    if (ws.config.manualEvidence) {
      const loaded = await loadManualEvidence(resolve(ws.dir, ws.config.manualEvidence), to);
      manualEvidence = loaded.items;
      terminal.info(`manual evidence: ${loaded.items.length} document(s)`);
      for (const n of loaded.notYetEffective) terminal.warn(`manual evidence not yet in effect at the end of the period, left out: ${n}`);
    }
    terminal.info('verifying the evidence store, then building the binder');
    let built;
    const ledgerKey = await knownLedgerKey(ws);
    const recorded = await headsOfUploadedBinders(ws.store);
    if (recorded.errors.length) {
      for (const e of recorded.errors) terminal.error(e);
      terminal.result(`NOT BUILT: binders uploaded into the store do not verify`, { built: false, errors: recorded.errors });
      return EXIT.failed;
    }
    try {
      built = await buildBinder({
        ...(ledgerKey ? { ledgerKey } : {}),
        recordedHeads: recorded.heads,
        evaluation,
        store: ws.store,
        outPath,
        signingKey,
        manualEvidence,
        sampleSizes: ws.config.sampling.sizes,
        progress: (done, total, what) => terminal.progress(done, total, `build ${what}`),
      });
    } catch (err) {
      if (!(err instanceof StoreNotVerifiedError)) throw err;
      terminal.done();
      const lines = err.report.problems.map(problemLine);
      terminal.result([`NOT BUILT: ${err.message}`, ...lines, 'Run `binder store verify` for the full report.'].join('\n'), { built: false, report: err.report });
      return EXIT.failed;
    }
    terminal.done();
    for (const p of built.documentProblems) terminal.warn(`document "${p.title}" (${p.criteria.join(', ')}): ${p.detail}; it does not evidence this period`);
    for (const g of built.fieldwork.gaps) terminal.warn(`population ${g.population} (${g.source}) not in the binder: ${g.reason}`);
    let uploaded: string | null = null;
    if (options.upload) {
      const info = await ws.store.putArtifact(`binders/${outPath.split('/').pop()}`, await readFile(built.zipPath));
      uploaded = `${ws.store.location}/${info.key}${info.versionId ? ` (version ${info.versionId})` : ''}`;
    }
    terminal.result(
      [
        `Binder written: ${built.zipPath}`,
        `  manifest SHA-256: ${built.manifestSha256}`,
        signingKey ? '  signed (Ed25519)' : '  UNSIGNED',
        ...(uploaded ? [`  uploaded to ${uploaded}`] : []),
        `  ledger head: entry ${built.ledger.headSeq} (${built.ledger.headSha256 ?? 'empty'})`,
        `  fieldwork: ${built.fieldwork.populations.length} populations, ${built.fieldwork.samples.length} samples, ${built.fieldwork.journal?.entries ?? 0} journal entries (${built.fieldwork.journal?.responses ?? 0} responses, ${built.fieldwork.journal?.acceptances ?? 0} accepted deviations, ${built.fieldwork.journal?.attachments ?? 0} documents)`,
        built.signingKeyFingerprint
          ? `Verify: binder verify ${built.zipPath} --fingerprint ${built.signingKeyFingerprint}`
          : `Verify: binder verify ${built.zipPath}`,
      ].join('\n'),
      { ...built, uploaded },
    );
    return EXIT.ok;
  },
});
