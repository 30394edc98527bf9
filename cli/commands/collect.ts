import type { SourceOutcome } from '../../collectors/collect-run.ts';
import { repeatable } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, type ConfigOptions } from '../setup.ts';

interface CollectOptions extends ConfigOptions {
  source?: string[];
  offSchedule?: boolean;
}

export const collectCommand = defineCommand<CollectOptions>({
  name: 'collect',
  summary: 'take one snapshot of each source into the evidence store',
  description: [
    'Takes a point-in-time snapshot of IAM and S3 configuration for each source (AWS account) in the config, stores it write-once and appends the run to the ledger, each entry signed with the ledger key (collection.ledgerKeyPath; created with the store at the first collect into an empty folder). A run killed earlier is recorded as interrupted first. Each source\'s run is bounded by collection.timeoutMinutes.',
    'Meant to be run on the schedule in the config (cron, systemd timer, Kubernetes CronJob): each run fills the slot it starts in, once per source; a source whose slot another run already filled is skipped. With --off-schedule the run takes an extra snapshot on purpose that fills no slot.',
    'Exits 1 when any source failed; the ledger records which and why.',
  ].join('\n\n'),
  configure(command) {
    addConfigOption(command)
      .option('-s, --source <name>', 'only this source (repeatable)', repeatable)
      .option('--off-schedule', 'an extra snapshot on purpose, filling no schedule slot');
  },
  async run(options, _args, { terminal }) {
    const [{ runCollection }, { systemClock }, { loadConfig }, { openCollectionStore, unknownSourceMessage }] = await Promise.all([
      import('../../collectors/collect-run.ts'),
      import('../../model/clock.ts'),
      import('../../config/load-config.ts'),
      import('../collection-setup.ts'),
    ]);
    const loaded = await loadConfig(options.config);
    const wanted = options.source;
    const unknown = unknownSourceMessage(loaded, wanted);
    if (unknown) {
      terminal.error(unknown);
      return EXIT.usage;
    }
    const { store } = await openCollectionStore(loaded, terminal);
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
      ...(options.offSchedule ? { offSchedule: true } : {}),
      log: terminal,
      progress: (done, total, what) => terminal.progress(done, total, what),
    });
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    terminal.done();
    const heading = summary.offSchedule ? `Off-schedule collection run at ${summary.scheduledFor}` : `Collection run for ${summary.scheduledFor}`;
    terminal.result(`${heading}:\n${summary.outcomes.map(outcomeLine).join('\n')}`, summary);
    return summary.ok ? EXIT.ok : EXIT.failed;
  },
});

/** One source's line of the run summary. */
export function outcomeLine(s: SourceOutcome): string {
  switch (s.status) {
    case 'success': {
      const offSchedule = s.offSchedule ? `  off-schedule: ${s.offScheduleReason ?? 'fills no schedule slot'}` : '';
      return `  ${s.source}: ok  snapshot ${s.snapshotId}  (${s.resourceCount} resources, ${(s.durationMs / 1000).toFixed(1)} s)${offSchedule}`;
    }
    case 'failed':
      return `  ${s.source}: FAILED  ${s.reason}`;
    case 'skipped': {
      const by = s.filledBy;
      const holder = by ? `run ${by.runId} (${by.host}, pid ${by.pid}, claimed ${by.claimedAt})${by.snapshotId ? `; snapshot ${by.snapshotId}` : ''}` : 'another run';
      return `  ${s.source}: slot ${s.slot} already filled by ${holder}; nothing collected`;
    }
  }
}
