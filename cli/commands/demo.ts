import { runDemo } from '../../demo/run-demo.ts';
import { parseCommandArgs, parseIntFlag, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the whole pipeline on a simulated year, no AWS account needed',
  help: `Usage: binder demo [--out <dir>] [--seed <text>] [--size demo|ci] [--days <n>]

Starts the built-in AWS sandbox (a simulated organization whose users, policies and buckets change
over a year, with planted violations), collects one snapshot a day with a simulated clock into a
local evidence folder, evaluates the year, builds a signed binder with a demo key, verifies it,
and prints where the ZIP and the PDF are. The folder also gets a binder.config.yaml, so you can
then try \`binder evaluate\`, \`binder build\`, \`binder store verify\` ... with --config <dir>/binder.config.yaml.

Options:
      --out <dir>     output folder (default ./binder-demo, or -2, -3 ... when taken); must be empty
      --seed <text>   scenario seed (default "demo")
      --size <name>   demo (default: 40 users, 8 buckets) or ci (1,000 users, 200 buckets: slower)
      --days <n>      length of the simulated period (default 365)`,
  async run(argv, { terminal }) {
    const { values } = parseCommandArgs(argv, {
      out: { type: 'string', short: 'o' },
      seed: { type: 'string' },
      size: { type: 'string' },
      days: { type: 'string' },
    });
    const size = (values.size as string | undefined) ?? 'demo';
    if (size !== 'demo' && size !== 'ci') throw new UsageError(`--size expects demo or ci, got "${size}"`);
    const days = parseIntFlag(values.days, '--days', 2, 366);
    const result = await runDemo({
      ...(values.out ? { out: values.out as string } : {}),
      ...(values.seed ? { seed: values.seed as string } : {}),
      size,
      ...(days ? { days } : {}),
      log: terminal,
      progress: (done, total, what) => terminal.progress(done, total, what),
    });
    terminal.done();
    const ev = result.evaluation;
    const open = ev.checks.reduce((n, c) => n + c.exceptions.filter((e) => e.open).length, 0);
    const closed = ev.checks.reduce((n, c) => n + c.exceptions.filter((e) => !e.open).length, 0);
    const gaps = ev.coverage.reduce((n, c) => n + c.gaps.length, 0);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    terminal.result(
      [
        `Demo finished in ${s(result.timings.totalMs)} (collect ${s(result.timings.collectMs)}, evaluate ${s(result.timings.evaluateMs)}, build ${s(result.timings.buildMs)}, verify ${s(result.timings.verifyMs)})`,
        `  period:      ${ev.period.from} .. ${ev.period.to}`,
        `  snapshots:   ${result.collection.collected} collected, ${result.collection.failed} failed run(s), ${result.collection.skipped} missed day(s); ${result.collection.apiCalls} API calls`,
        `  exceptions:  ${open} open, ${closed} closed; ${gaps} coverage gap(s)`,
        `  binder:      ${result.zipPath}`,
        `  PDF index:   ${result.pdfPath}`,
        `  verify:      ${result.verification.status.toUpperCase()}${result.verification.problems.length ? ` (${result.verification.problems.map((p) => `${p.path}: ${p.message}`).join('; ')})` : ''}`,
        `  config:      ${result.configPath}`,
        '',
        `Next: binder verify ${result.zipPath} --fingerprint ${result.signingFingerprint}`,
        `      binder store verify --config ${result.configPath} --against ${result.zipPath}`,
        `      binder evaluate --config ${result.configPath} --from ${ev.period.from} --to ${ev.period.to}`,
      ].join('\n'),
      { ...result, evaluation: undefined },
    );
    return result.verification.status === 'valid' ? EXIT.ok : EXIT.failed;
  },
};
