import { Option } from 'commander';
import { intArg } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';

interface DemoOptions {
  out?: string;
  seed: string;
  size: 'demo' | 'ci';
  days?: number;
}

export const demoCommand = defineCommand<DemoOptions>({
  name: 'demo',
  summary: 'the whole pipeline on a simulated year, no AWS account needed',
  description: [
    'Starts the built-in AWS sandbox (a simulated organization whose users, policies and buckets change over a year, with planted violations), collects one snapshot a day with a simulated clock into a local evidence folder, evaluates the year, builds a signed binder with a demo key, verifies it, and prints where the ZIP and the PDF are.',
    'The folder also gets a binder.config.yaml, so you can then try `binder evaluate`, `binder build`, `binder store verify` ... with --config <dir>/binder.config.yaml.',
  ].join('\n\n'),
  configure(command) {
    command
      .option('-o, --out <dir>', 'output folder, which must be empty (default: ./binder-demo, or -2, -3 ... when taken)')
      .option('--seed <text>', 'scenario seed', 'demo')
      .addOption(new Option('--size <name>', 'demo (40 users, 8 buckets) or ci (1,000 users, 200 buckets: slower)').choices(['demo', 'ci']).default('demo'))
      .option('--days <n>', 'days in the simulated period, 2-366 (default: 365)', intArg(2, 366));
  },
  async run(options, _args, { terminal }) {
    const { size, days } = options;
    const { runDemo } = await import('../../demo/run-demo.ts');
    const result = await runDemo({
      ...(options.out ? { out: options.out } : {}),
      seed: options.seed,
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
});
