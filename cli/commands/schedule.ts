import { InvalidArgumentError, Option } from 'commander';
import { parseListenAddress } from '../../observability/status-server.ts';
import { parseDuration } from '../../schedule/duration.ts';
import { repeatable } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, type ConfigOptions } from '../setup.ts';

interface ScheduleOptions extends ConfigOptions {
  source?: string[];
  listen?: string;
  stopTimeout: number;
}

function durationArg(value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new InvalidArgumentError('Expected a duration such as 25s, 2m or 1h.');
  return ms;
}

function listenArg(value: string): string {
  try {
    parseListenAddress(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return value;
}

export const scheduleCommand = defineCommand<ScheduleOptions>({
  name: 'schedule',
  summary: 'run collection at every slot of schedule.cron, unattended, until stopped',
  description: [
    'A long-running scheduler: collects every source at each slot of schedule.cron in schedule.timezone (after a random 0..schedule.jitterSeconds delay), exactly once per source and slot even with other schedulers or cron jobs on the same store. Slots it was not running for are recorded as missed; with schedule.catchUp: latest the most recent one is collected late while still within schedule.graceMinutes.',
    'SIGTERM or ^C: between runs it stops at once; a run in progress gets --stop-timeout to finish, then is aborted and recorded as failed. Start it again and it carries on. Run it under systemd, as a Kubernetes Deployment (one replica is enough; more are safe) or any supervisor that restarts it.',
    'With --listen it serves GET /healthz (200 while the scheduler runs) and GET /metrics (Prometheus: binder_last_success_timestamp_seconds, binder_collection_runs_total, binder_missed_slots, binder_api_calls_total, binder_collection_duration_seconds, ...). Alerts on a failed run, a missed slot and the recovery after them go to the config\'s alerts: webhook and/or SNS topic.',
  ].join('\n\n'),
  helpAfter: 'Example: binder schedule --listen 127.0.0.1:9464 --stop-timeout 25s',
  configure(command) {
    addConfigOption(command)
      .option('-s, --source <name>', 'only this source (repeatable)', repeatable)
      .option('--listen <host:port>', 'serve /healthz and /metrics here (e.g. 127.0.0.1:9464)', listenArg)
      .addOption(new Option('--stop-timeout <duration>', 'how long a run in progress may take to finish after SIGTERM').argParser(durationArg).default(25_000, '25s'));
  },
  async run(options, _args, { terminal }) {
    const [{ loadConfig }, { openCollectionStore, unknownSourceMessage }, { systemSchedulerClock }, { runScheduleService }] = await Promise.all([
      import('../../config/load-config.ts'),
      import('../collection-setup.ts'),
      import('../../schedule/run-scheduler.ts'),
      import('../../schedule/schedule-service.ts'),
    ]);
    const loaded = await loadConfig(options.config);
    const wanted = options.source;
    const unknown = unknownSourceMessage(loaded, wanted);
    if (unknown) {
      terminal.error(unknown);
      return EXIT.usage;
    }
    const { store } = await openCollectionStore(loaded, terminal);
    const { cron, timezone, graceMinutes, catchUp, jitterSeconds } = loaded.config.schedule;
    terminal.info(`scheduling collection into ${store.location}`, { cron, timezone, graceMinutes, catchUp, jitterSeconds });
    const stop = new AbortController();
    const onSignal = (name: NodeJS.Signals) => {
      terminal.info(`${name}: stopping`);
      stop.abort(new Error(`stopped by ${name}`));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    try {
      const result = await runScheduleService({
        config: loaded.config,
        store,
        clock: systemSchedulerClock,
        log: terminal,
        stop: stop.signal,
        stopTimeoutMs: options.stopTimeout,
        ...(wanted ? { sources: wanted } : {}),
        ...(options.listen ? { listen: options.listen } : {}),
        progress: (done, total, what) => terminal.progress(done, total, what),
      });
      terminal.done();
      terminal.result(
        `Scheduler stopped: ${result.runs} run(s), ${result.missed} missed slot(s), ${result.alertsSent} alert(s) sent${result.alertsFailed ? `, ${result.alertsFailed} undeliverable` : ''}`,
        result,
      );
      return EXIT.ok;
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  },
});
