/**
 * `binder`: the command line. It wires the parts together and talks to the person; no business
 * logic lives here. Commander parses (cli/program.ts); this file decides the exit codes.
 */
import { CommanderError } from 'commander';
import { isInputError } from '../model/input-error.ts';
import { UsageError } from './args.ts';
import { EXIT, type BinderCommand, type CommonOptions } from './command.ts';
import { COMMAND_GROUPS, COMMANDS } from './commands/index.ts';
import { createProgram, usageMessage } from './program.ts';
import type { Terminal } from './terminal.ts';

export async function main(argv: string[]): Promise<number> {
  // Made once the options are known (--json), or for the first error before that.
  let terminal: Terminal | null = null;
  // The terminal (and pino with it) is loaded only when a command runs or a usage error is printed:
  // `binder --help` and `--version` load commander and the command list alone.
  const terminalFor = async (json: boolean): Promise<Terminal> => {
    const { createTerminal } = await import('./terminal.ts');
    return (terminal ??= createTerminal({ json, jsonLogs: json || !process.stderr.isTTY }));
  };
  let exitCode: number = EXIT.ok;
  // Commander reports a usage error synchronously, then throws: it is printed after the throw.
  let usageError: { message: string; json: boolean } | null = null;
  const program = createProgram(COMMANDS, COMMAND_GROUPS, {
    async run(command, options, args) {
      exitCode = await runCommand(command, options, args, await terminalFor(options.json === true));
    },
    usageError(message, { json }) {
      usageError = { message, json };
    },
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    const pending = usageError as { message: string; json: boolean } | null;
    if (pending) (await terminalFor(pending.json)).error(pending.message);
    return exitCodeOf(err);
  }
  return exitCode;
}

/** Help and --version end in 0; `binder` (or a group) without a command prints help and ends in 2, as does every usage error. */
function exitCodeOf(err: CommanderError): number {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
  if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  return EXIT.usage;
}

async function runCommand(command: BinderCommand, options: CommonOptions, args: string[], terminal: Terminal): Promise<number> {
  try {
    return await command.run(options, args, { terminal });
  } catch (err) {
    terminal.done();
    if (err instanceof UsageError) {
      terminal.error(usageMessage(command.name, err.message));
      return EXIT.usage;
    }
    if (isInputError(err)) {
      terminal.error(err.message);
      return EXIT.usage;
    }
    const e = err as Error;
    terminal.error(`binder ${command.name} failed: ${e.message}`, { error: e.name });
    if (process.env.BINDER_DEBUG) process.stderr.write(`${e.stack ?? ''}\n`);
    return EXIT.failed;
  }
}

// `binder ... | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
