import { runCollection } from '../../collectors/collect-run.ts';
import { systemClock } from '../../model/clock.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { loadConfig } from '../../config/load-config.ts';
import { openStoreForCollection } from '../ledger-key.ts';
import { CONFIG_HELP, CONFIG_OPTION } from '../setup.ts';

export const collectCommand: Command = {
  name: 'collect',
  summary: 'take one snapshot of each source into the evidence store',
  help: `Usage: binder collect [--config <file>] [--source <name>]... [--json]

Takes a point-in-time snapshot of IAM and S3 configuration for each source (AWS account) in the
config, stores it write-once and appends the run to the ledger, each entry signed with the
ledger key (collection.ledgerKeyPath; created with the store at the first collect into an empty
folder). A run killed earlier is recorded as interrupted first. Each source's run is bounded by
collection.timeoutMinutes. Meant to be run on the schedule in
the config (cron, systemd timer, Kubernetes CronJob). Exits 1 when any source failed; the ledger
records which and why.

Options:
${CONFIG_HELP}
  -s, --source <name>   only this source (repeatable)
      --json            JSON result on stdout, JSON log lines on stderr`,
  async run(argv, { terminal }) {
    const { values } = parseCommandArgs(argv, { ...CONFIG_OPTION, source: { type: 'string', short: 's', multiple: true } });
    const loaded = await loadConfig(values.config as string | undefined);
    const wanted = (values.source as string[] | undefined) ?? undefined;
    if (wanted) {
      const known = loaded.config.sources.map((s) => s.name);
      const unknown = wanted.filter((w) => !known.includes(w));
      if (unknown.length) {
        terminal.error(`unknown source ${unknown.map((u) => `"${u}"`).join(', ')}; the config has: ${known.join(', ')}`);
        return EXIT.usage;
      }
    }
    const { store, signer, createdKey, warnings } = await openStoreForCollection(loaded);
    for (const w of warnings) terminal.warn(w);
    if (createdKey) {
      terminal.info(`new evidence store at ${store.location}; its ledger is signed by the new key ${createdKey} (fingerprint ${signer.fingerprint}): keep it, and a copy of it, safe`);
    }
    terminal.info(`collecting into ${store.location}`);
    // A scheduler's stop (systemd, Kubernetes: SIGTERM, then SIGKILL after a grace period) or ^C
    // ends the run in time to record it as failed rather than leave it for the next run to find.
    const stop = new AbortController();
    const onSignal = (name: NodeJS.Signals) => stop.abort(new Error(`the run was stopped by ${name}`));
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    const summary = await runCollection({
      signal: stop.signal,
      config: loaded.config,
      store,
      clock: systemClock,
      ...(wanted ? { sources: wanted } : {}),
      log: terminal,
      progress: (done, total, what) => terminal.progress(done, total, what),
    });
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    terminal.done();
    const lines = summary.outcomes.map((s) =>
      s.status === 'success'
        ? `  ${s.source}: ok  snapshot ${s.snapshotId}  (${s.resourceCount} resources, ${(s.durationMs / 1000).toFixed(1)} s)`
        : `  ${s.source}: FAILED  ${s.reason}`,
    );
    terminal.result(`Collection run for ${summary.scheduledFor}:\n${lines.join('\n')}`, summary);
    return summary.ok ? EXIT.ok : EXIT.failed;
  },
};
