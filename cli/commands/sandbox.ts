import { runSandboxForeground } from '../../sandbox/run-sandbox.ts';
import { parseCommandArgs, parseIntFlag, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';

const SIZES = ['demo', 'ci', 'bench'] as const;

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'run the local AWS sandbox (IAM, STS, S3, S3 Control) in the foreground',
  help: `Usage: binder sandbox [--seed <text>] [--size demo|ci|bench] [--day <0-364>] [--port <n>]

Starts a local endpoint on 127.0.0.1 that speaks the real AWS wire protocols the collectors use,
serving a simulated organization (deterministic from the seed) as it is on the given day of its
year. Prints the endpoint and the credentials to export, so the collectors or any AWS client can
be pointed at it. Stops on Ctrl-C.

Options:
      --seed <text>   scenario seed (default "demo")
      --size <name>   demo (40 users, 8 buckets), ci (1,000 users, 200 buckets), bench (10,000 users, 2,000 buckets)
      --day <n>       day of the simulated year to serve (default 0)
      --port <n>      port (default 4566; 0 picks a free one)`,
  async run(argv, { terminal }) {
    const { values } = parseCommandArgs(argv, {
      seed: { type: 'string' },
      size: { type: 'string' },
      day: { type: 'string' },
      port: { type: 'string' },
    });
    const size = (values.size as string | undefined) ?? 'demo';
    if (!(SIZES as readonly string[]).includes(size)) throw new UsageError(`--size expects one of ${SIZES.join(', ')}, got "${size}"`);
    await runSandboxForeground({
      seed: (values.seed as string | undefined) ?? 'demo',
      size: size as (typeof SIZES)[number],
      day: parseIntFlag(values.day, '--day', 0, 364) ?? 0,
      port: parseIntFlag(values.port, '--port', 0, 65535) ?? 4566,
      log: (line: string) => process.stdout.write(`${line}\n`),
    });
    void terminal;
    return EXIT.ok;
  },
};
