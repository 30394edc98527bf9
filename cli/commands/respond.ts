import { dayArg, UsageError } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, type ConfigOptions } from '../setup.ts';

interface RespondOptions extends ConfigOptions {
  text: string;
  by: string;
  remediatedAt?: string;
  from?: string;
  to?: string;
}

export const respondCommand = defineCommand<RespondOptions>({
  name: 'respond',
  summary: 'record management\'s response to an exception (write-once, signed)',
  description: [
    'Records management\'s response to one exception, named by its key (`binder exceptions list`), in the fieldwork journal of the evidence store: write-once, hash-chained and signed with the ledger key, with who recorded it and when. A later response to the same key is added beside it, never over it.',
    'The key must be an exception of the period (by default every stored day): an unknown key is refused with exit 2 and nothing is stored.',
  ].join('\n\n'),
  configure(command) {
    command
      .usage('<key> --text <text> --by <name> [options]')
      .argument('<key>', 'the exception key, EX-<10 hex digits>')
      .requiredOption('--text <text>', 'the response')
      .requiredOption('--by <name>', 'who responds (recorded with the entry)')
      .option('--remediated-at <date>', 'the day it was remediated, YYYY-MM-DD', dayArg)
      .option('--from <date>', 'first day of the period to find the exception in (default: the first stored)', dayArg)
      .option('--to <date>', 'last day (default: the last stored)', dayArg);
    addConfigOption(command);
  },
  async run(options, [key], { terminal }) {
    const [{ openFieldwork, periodOf, exceptionsOf, nameOf }, { ExceptionKeyText }, { systemClock }] = await Promise.all([
      import('../fieldwork-setup.ts'),
      import('../../store/journal-types.ts'),
      import('../../model/clock.ts'),
    ]);
    if (!ExceptionKeyText.safeParse(key).success) throw new UsageError(`"${key}" is not an exception key (EX- and 10 hex digits, as \`binder exceptions list\` shows)`);
    const by = nameOf(options.by, '--by');
    const text = options.text.trim();
    if (!text) throw new UsageError('--text is empty');
    const ws = await openFieldwork(options.config, terminal, 'record');
    try {
      const period = await periodOf(ws.store, options.from, options.to);
      const exceptions = await exceptionsOf(ws, period, (done, total, what) => terminal.progress(done, total, what));
      terminal.done();
      const e = exceptions.find((x) => x.key === key);
      if (!e) throw new UsageError(`no exception has key ${key} in ${period.from}..${period.to} (${exceptions.length} exception(s) there; \`binder exceptions list\` shows their keys)`);
      if (options.remediatedAt && options.remediatedAt < e.firstSeen.slice(0, 10)) {
        throw new UsageError(`--remediated-at ${options.remediatedAt} is before ${key} was first seen (${e.firstSeen.slice(0, 10)})`);
      }
      const entry = await ws.store.appendJournal({
        kind: 'response',
        recordedAt: systemClock.now().toISOString(),
        recordedBy: by,
        response: { exceptionKey: e.key, checkId: e.checkId, source: e.source, resourceId: e.resourceId, text, remediatedAt: options.remediatedAt ?? null },
      });
      terminal.result(`Recorded response to ${key} (${e.checkId} on ${e.resourceId}) as journal entry ${entry.seq}, by ${by}`, entry);
      return EXIT.ok;
    } finally {
      ws.close();
    }
  },
});
