import { dayArg, UsageError } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, openWorkspace, type ConfigOptions } from '../setup.ts';

interface EvaluateOptions extends ConfigOptions {
  from: string;
  to: string;
}

export const evaluateCommand = defineCommand<EvaluateOptions>({
  name: 'evaluate',
  summary: 'evaluate every snapshot of a period: pass rates, exceptions, coverage, drift',
  description: [
    'Runs every check on every stored snapshot scheduled in the period (both days included, UTC) and prints, per criterion in scope: status, how it is evidenced, pass rate over the period, open and closed exceptions with dates, and collection coverage (expected vs collected runs, gaps).',
    '--json prints the full evaluation (every exception, tally, coverage gap and change record).',
  ].join('\n\n'),
  configure(command) {
    command
      .usage('--from <YYYY-MM-DD> --to <YYYY-MM-DD> [options]')
      .requiredOption('--from <date>', 'first day of the period, YYYY-MM-DD', dayArg)
      .requiredOption('--to <date>', 'last day of the period, YYYY-MM-DD', dayArg);
    addConfigOption(command);
  },
  async run(options, _args, { terminal }) {
    const { from, to } = options;
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    const [{ evaluatePeriod }, { renderEvaluationText }] = await Promise.all([import('../../controls/period/evaluate-period.ts'), import('../../controls/report/index.ts')]);
    const ws = await openWorkspace(options.config);
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
});
