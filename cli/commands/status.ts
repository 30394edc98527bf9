import { InvalidArgumentError } from 'commander';
import { formatDuration, parseDuration } from '../../schedule/duration.ts';
import type { SourceStatus } from '../../schedule/source-status.ts';
import { dayArg } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, openWorkspace, type ConfigOptions } from '../setup.ts';

interface StatusOptions extends ConfigOptions {
  maxAge?: number;
  from?: string;
}

function durationArg(value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new InvalidArgumentError('Expected a duration such as 26h, 90m, 2d or 1h30m.');
  return ms;
}

export const statusCommand = defineCommand<StatusOptions>({
  name: 'status',
  summary: 'how collection stands: last success and failure, next slot, missed slots, store health',
  description: [
    'Reads the signed ledger of the evidence store and prints, per source: the last successful run, the last failed one with its reason, a run in progress, the next schedule slot, and how many slots were filled, missed, failed or pending since --from (default: the last 365 days), with the off-schedule snapshots. Store health is a quick look (the ledger reads and has no holes, no run is past its deadline unfinished); `binder store verify` is the full check.',
    'With --max-age it is a dead man\'s switch for any monitor (cron, Nagios, a Kubernetes probe): it exits 1 when a source has no success newer than that, or the store is unhealthy.',
  ].join('\n\n'),
  helpAfter: 'Exit codes: 0 all well, 1 a source is stale (--max-age) or the store is unhealthy, 2 usage or config error.\n\nExample: binder status --max-age 26h     (daily collection, two hours of slack)',
  configure(command) {
    addConfigOption(command)
      .option('--max-age <duration>', 'exit 1 when a source has no success newer than this (e.g. 26h)', durationArg)
      .option('--from <date>', 'count slots from this day (YYYY-MM-DD, UTC; default: 365 days ago)', dayArg);
  },
  async run(options, _args, { terminal }) {
    const { collectionStatus } = await import('../../schedule/source-status.ts');
    const ws = await openWorkspace(options.config);
    const now = new Date();
    const status = await collectionStatus({
      config: ws.config,
      store: ws.store,
      now,
      ...(options.from ? { from: new Date(`${options.from}T00:00:00Z`) } : {}),
      ...(options.maxAge !== undefined ? { maxAgeMs: options.maxAge } : {}),
    });
    const lines = [
      `Collection status at ${status.now} (slots since ${status.from.slice(0, 10)}; schedule "${ws.config.schedule.cron}" ${ws.config.schedule.timezone}, grace ${formatDuration(ws.config.schedule.graceMinutes * 60_000)})`,
      ...status.sources.flatMap((s) => sourceLines(s, now)),
      `store ${status.store.location}: ${status.store.ok ? 'healthy' : 'PROBLEMS'} (${status.store.ledgerEntries} ledger entries read, head seq ${status.store.headSeq})`,
      ...status.store.problems.map((p) => `  ${p}`),
    ];
    if (!status.ok) lines.push(status.sources.some((s) => s.stale) ? `NOT OK: ${status.sources.filter((s) => s.stale).map((s) => s.source).join(', ')} without a success in the last ${formatDuration(options.maxAge ?? 0)}` : 'NOT OK: the store needs attention');
    terminal.result(lines.join('\n'), status);
    return status.ok ? EXIT.ok : EXIT.failed;
  },
});

function ago(iso: string, now: Date): string {
  return `${formatDuration(Math.max(0, now.getTime() - Date.parse(iso)))} ago`;
}

function sourceLines(s: SourceStatus, now: Date): string[] {
  const c = s.counts;
  const out = [
    `${s.source}${s.stale ? '  STALE' : ''}`,
    `  last success  ${s.lastSuccess ? `${s.lastSuccess.finishedAt} (${ago(s.lastSuccess.finishedAt, now)})  run ${s.lastSuccess.runId}${s.lastSuccess.slot ? '' : '  off-schedule'}` : 'none'}`,
    `  last failure  ${s.lastFailure ? `${s.lastFailure.finishedAt} (${ago(s.lastFailure.finishedAt, now)})  run ${s.lastFailure.runId} ${s.lastFailure.status}: ${s.lastFailure.reason ?? 'no reason recorded'}` : 'none'}`,
  ];
  if (s.running) out.push(`  running       run ${s.running.runId} since ${s.running.startedAt} on ${s.running.host ?? '?'} (pid ${s.running.pid ?? '?'}), deadline ${s.running.deadline ?? 'none'}`);
  out.push(`  next slot     ${s.nextSlot}`);
  out.push(`  slots         ${c.filled} filled, ${c.missed} missed, ${c.failed} failed of ${c.expected}; ${c.pending} pending; ${c.offSchedule} off-schedule snapshot(s)`);
  for (const g of s.recentGaps.slice(0, 5)) out.push(`    ${g.kind.padEnd(6)} ${g.slot}${g.reason ? `  ${g.reason}` : ''}`);
  if (s.recentGaps.length > 5) out.push(`    … ${s.recentGaps.length - 5} more recent gap(s) (--json lists up to 20)`);
  return out;
}
