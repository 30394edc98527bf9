import { dayArg } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, type ConfigOptions } from '../setup.ts';

interface ExceptionsListOptions extends ConfigOptions {
  from?: string;
  to?: string;
  open?: boolean;
}

export const exceptionsListCommand = defineCommand<ExceptionsListOptions>({
  name: 'exceptions list',
  summary: 'list the exceptions of a period with their keys, responses and accepted deviations',
  description: [
    'Evaluates the period (by default every stored day) and lists each exception (a run of failures of one check on one resource) with its key, check, resource, first failing day, and whether it was fixed or is still open, with the management responses (`binder respond`) and accepted deviations (`binder accept`) the fieldwork journal holds for it.',
    'A key is EX- and 10 hex digits derived from the check, source, resource and first failing day: the same exception has the same key in any period that contains that day.',
  ].join('\n\n'),
  configure(command) {
    command
      .option('--from <date>', 'first day, YYYY-MM-DD (default: the first stored snapshot\'s)', dayArg)
      .option('--to <date>', 'last day, YYYY-MM-DD (default: the last stored snapshot\'s)', dayArg)
      .option('--open', 'only the exceptions still open at the end of the period');
    addConfigOption(command);
  },
  async run(options, _args, { terminal }) {
    const [{ openFieldwork, periodOf, exceptionsOf }, { annotateException }] = await Promise.all([
      import('../fieldwork-setup.ts'),
      import('../../fieldwork/exception-annotations.ts'),
    ]);
    const ws = await openFieldwork(options.config, terminal, 'read');
    const period = await periodOf(ws.store, options.from, options.to);
    const all = await exceptionsOf(ws, period, (done, total, what) => terminal.progress(done, total, what));
    terminal.done();
    const journal = await ws.store.readJournal();
    const listed = all
      .filter((e) => !options.open || e.open)
      .map((e) => {
        const { responses, acceptances } = annotateException(e, journal);
        return { ...e, responses, acceptances };
      });
    const lines = listed.map((e) => {
      const state = e.acceptance?.whole ? `ACCEPTED (${e.open ? 'still failing' : `fixed ${e.fixedAt!.slice(0, 10)}`})` : e.open ? 'OPEN' : `fixed ${e.fixedAt!.slice(0, 10)}`;
      const out = [`${e.key}  ${e.checkId}  ${e.source} ${e.resourceType} ${e.resourceId}  first seen ${e.firstSeen.slice(0, 10)}  ${state}`];
      const r = e.responses[e.responses.length - 1];
      if (r) {
        const more = e.responses.length > 1 ? ` (latest of ${e.responses.length})` : '';
        out.push(`    response${more} by ${r.recordedBy} on ${r.recordedAt.slice(0, 10)}: ${r.response.text}${r.response.remediatedAt ? ` (remediated ${r.response.remediatedAt})` : ''}`);
      }
      for (const a of e.acceptances) {
        out.push(`    accepted ${a.acceptance.from}..${a.acceptance.until} by ${a.acceptance.approvedBy} (journal entry ${a.seq}): ${a.acceptance.reason}`);
      }
      const cover = e.acceptance;
      if (cover && !cover.whole) {
        out.push(
          cover.exceptionAgainFrom
            ? `    an exception again from ${cover.exceptionAgainFrom.slice(0, 10)}: the acceptance ran out while it still failed (${cover.acceptedSnapshots} of ${cover.failingSnapshots} failing snapshots accepted)`
            : `    still an exception: only ${cover.acceptedSnapshots} of ${cover.failingSnapshots} failing snapshots fall inside an acceptance`,
        );
      }
      return out.join('\n');
    });
    const heading = `${listed.length} exception(s)${options.open ? ' open' : ''} in ${period.from}..${period.to}`;
    terminal.result([heading, ...lines].join('\n'), { period, exceptions: listed });
    return EXIT.ok;
  },
});
