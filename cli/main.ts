/**
 * `binder`: the command line. It wires the parts together and talks to the person; no business
 * logic lives here.
 */
import { KeyFileError } from '../binder/keys.ts';
import { ConfigError } from '../config/load-config.ts';
import { KmsLedgerKeyError } from '../store/kms-ledger-signer.ts';
import { StorePathError } from '../store/types.ts';
import { TOOL } from '../model/version.ts';
import { UsageError } from './args.ts';
import { EXIT, type Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { createTerminal } from './terminal.ts';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `binder ${TOOL.version}: SOC 2 Type II evidence collection and signed audit binders`,
    '',
    'Usage: binder <command> [options]      (binder <command> --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options: --json (structured output and JSON logs), --help, --version',
    'Start here: `binder demo` runs the whole pipeline against the built-in AWS sandbox.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const terminal = createTerminal({ json, jsonLogs: json || !process.stderr.isTTY });
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${TOOL.version}\n`);
    return EXIT.ok;
  }
  // Two-word commands ("store verify", "snapshots list", "keys generate").
  const twoWord = rest[0] && !rest[0].startsWith('-') ? `${name} ${rest[0]}` : null;
  let command: Command | undefined = twoWord ? COMMANDS.find((c) => c.name === twoWord) : undefined;
  let args = command ? rest.slice(1) : rest;
  if (!command) {
    command = COMMANDS.find((c) => c.name === name);
    args = rest;
  }
  if (!command) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${name} `));
    if (group.length > 0) {
      process.stderr.write(`binder ${name}: choose one of: ${group.map((c) => c.name).join(', ')}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`binder: unknown command "${name}"\n\n${mainHelp()}\n`);
    return EXIT.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args.filter((a) => a !== '--json'), { terminal });
  } catch (err) {
    terminal.done();
    if (err instanceof UsageError) {
      process.stderr.write(`binder ${command.name}: ${err.message}\n\n${command.help}\n`);
      return EXIT.usage;
    }
    if (err instanceof ConfigError || err instanceof StorePathError || err instanceof KeyFileError || err instanceof KmsLedgerKeyError) {
      terminal.error(err.message);
      return EXIT.usage;
    }
    const e = err as Error;
    terminal.error(`binder ${command.name} failed: ${e.message}`, { error: e.name });
    if (process.env.BINDER_DEBUG) process.stderr.write(`${e.stack ?? ''}\n`);
    return EXIT.failed;
  }
}

process.exitCode = await main(process.argv.slice(2));
