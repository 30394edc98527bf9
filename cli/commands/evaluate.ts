import { evaluatePeriod } from '../../controls/period/evaluate-period.ts';
import { renderEvaluationText } from '../../controls/report/index.ts';
import { parseCommandArgs, parseDay, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { CONFIG_HELP, CONFIG_OPTION, openWorkspace } from '../setup.ts';

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'evaluate every snapshot of a period: pass rates, exceptions, coverage, drift',
  help: `Usage: binder evaluate --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--config <file>] [--json]

Runs every check on every stored snapshot scheduled in the period (both days included, UTC) and
prints, per criterion in scope: status, how it is evidenced, pass rate over the period, open and
closed exceptions with dates, and collection coverage (expected vs collected runs, gaps).
--json prints the full evaluation (every exception, tally, coverage gap and change record).

Options:
      --from <date>     first day of the period
      --to <date>       last day of the period
${CONFIG_HELP}`,
  async run(argv, { terminal }) {
    const { values } = parseCommandArgs(argv, { ...CONFIG_OPTION, from: { type: 'string' }, to: { type: 'string' } });
    const from = parseDay(values.from, '--from');
    const to = parseDay(values.to, '--to');
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    const ws = await openWorkspace(values.config as string | undefined);
    const evaluation = await evaluatePeriod({
      store: ws.store,
      config: ws.config,
      from,
      to,
      progress: (done, total, what) => terminal.progress(done, total, what),
    });
    terminal.done();
    terminal.result(renderEvaluationText(evaluation, { color: Boolean(process.stdout.isTTY), width: process.stdout.columns ?? 100 }), evaluation);
    return EXIT.ok;
  },
};
