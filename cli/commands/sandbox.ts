import { Option } from 'commander';
import { intArg } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';

const SIZES = ['demo', 'ci', 'bench', 'estate'] as const;

interface SandboxOptions {
  seed: string;
  size: (typeof SIZES)[number];
  day: number;
  port: number;
}

export const sandboxCommand = defineCommand<SandboxOptions>({
  name: 'sandbox',
  summary: 'run the local AWS sandbox (IAM, STS, S3, CloudTrail, Config, GuardDuty, KMS, EC2) in the foreground',
  description: [
    'Starts a local endpoint on 127.0.0.1 that speaks the real AWS wire protocols the collectors use, serving a simulated organization (deterministic from the seed) as it is on the given day of its year.',
    'Prints the endpoint and the credentials to export, so the collectors or any AWS client can be pointed at it. Stops on Ctrl-C.',
  ].join('\n\n'),
  configure(command) {
    command
      .option('--seed <text>', 'scenario seed', 'demo')
      .addOption(
        new Option('--size <name>', 'demo (40 users, 8 buckets), ci (1,000 users, 200 buckets), bench (10,000 users, 2,000 buckets), estate (50,000 users, 10,000 buckets)').choices(SIZES).default('demo'),
      )
      .option('--day <n>', 'day of the simulated year to serve, 0-364', intArg(0, 364), 0)
      .option('--port <n>', 'port (0 picks a free one)', intArg(0, 65535), 4566);
  },
  async run(options) {
    const { runSandboxForeground } = await import('../../sandbox/run-sandbox.ts');
    await runSandboxForeground({
      seed: options.seed,
      size: options.size,
      day: options.day,
      port: options.port,
      log: (line: string) => process.stdout.write(`${line}\n`),
    });
    return EXIT.ok;
  },
});
