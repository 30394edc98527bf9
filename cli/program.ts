/**
 * The `binder` program on commander: one commander command per BinderCommand, nested under its
 * group ("store verify" is `verify` under `store`), with generated help. Commander never exits
 * the process or prints its own errors: exitOverride and configureOutput hand them to the caller,
 * which logs them and chooses the exit code.
 */
import { Command, Help } from 'commander';
import { TOOL } from '../model/version.ts';
import type { BinderCommand, CommonOptions } from './command.ts';

export interface ProgramHooks {
  /** Runs a parsed command: its options (commander's camelCase names) and positional arguments. */
  run(command: BinderCommand, options: CommonOptions & Record<string, unknown>, args: string[]): Promise<void>;
  /** A usage error commander found (unknown option or command, missing or bad value): the message names it and says where help is. */
  usageError(message: string, options: { json: boolean }): void;
}

const JSON_OPTION_HELP = 'JSON result on stdout, JSON log lines on stderr';

export function createProgram(commands: readonly BinderCommand[], groups: Readonly<Record<string, string>>, hooks: ProgramHooks): Command {
  const program = new Command('binder')
    .description(`binder ${TOOL.version}: SOC 2 Type II evidence collection and signed audit binders`)
    .usage('<command> [options]')
    // Before or after the command's name, as `binder --json collect` or `binder collect --json`:
    // the program's --json takes it wherever it is; each command lists it too, for its --help.
    .option('--json', JSON_OPTION_HELP)
    .version(TOOL.version, '-v, --version', 'print the version')
    .helpCommand('help [command]', 'show help for a command')
    .addHelpText('after', '\nRun `binder <command> --help` for its options.\nStart here: `binder demo` runs the whole pipeline against the built-in AWS sandbox.');
  settle(program, hooks);

  for (const spec of commands) {
    const words = spec.name.split(' ');
    let parent = program;
    for (const word of words.slice(0, -1)) parent = group(parent, word, groups[word], hooks);
    const command = new Command(words[words.length - 1]).summary(spec.summary).description(spec.description);
    spec.configure?.(command);
    command.option('--json', JSON_OPTION_HELP);
    if (spec.helpAfter) command.addHelpText('after', `\n${spec.helpAfter}`);
    settle(command, hooks);
    command.action(async (...received: unknown[]) => {
      const self = received[received.length - 1] as Command;
      await hooks.run(spec, self.optsWithGlobals(), self.processedArgs as string[]);
    });
    parent.addCommand(command);
  }
  listEveryCommand(program);
  return program;
}

/** The group command for `word` under `parent` ("store", "snapshots", "keys"), created on first use. */
function group(parent: Command, word: string, summary: string | undefined, hooks: ProgramHooks): Command {
  const existing = parent.commands.find((c) => c.name() === word);
  if (existing) return existing;
  const line = summary ?? `${word} commands`;
  const created = new Command(word)
    .summary(line)
    .description(`${line[0]!.toUpperCase()}${line.slice(1)}.`)
    .usage('<command> [options]')
    .helpCommand(false);
  settle(created, hooks);
  parent.addCommand(created);
  return created;
}

/** What every command shares: our help flag, errors and exits handed to the hooks. */
function settle(command: Command, hooks: ProgramHooks): void {
  command
    .helpOption('-h, --help', 'show this help')
    .showSuggestionAfterError(true)
    // Long-only options line up with the long part of `-c, --config`.
    .configureHelp({ optionTerm: (option) => (option.short ? option.flags : `    ${option.flags}`) })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      outputError: (text) => {
        // The path is read when it fails: by then the command sits under its parent.
        hooks.usageError(usageMessage(commandPath(command), text.replace(/^error: /, '')), { json: command.optsWithGlobals().json === true });
      },
    });
}

/** A usage error as one line: which command, what is wrong, where its help is. */
export function usageMessage(path: string, message: string): string {
  const where = path ? `binder ${path}` : 'binder';
  const what = message.trim().replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
  return `${where}: ${what}; see \`${where} --help\``;
}

/** "store verify" for the command `verify` under `store`; "" for the program itself. */
export function commandPath(command: Command): string {
  const words: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) words.unshift(c.name());
  return words.join(' ');
}

/** `binder --help` lists every command by its full words ("store verify", "snapshots show <id>"), not just the groups. */
function listEveryCommand(program: Command): void {
  const plain = new Help();
  program.configureHelp({
    ...program.configureHelp(),
    visibleCommands: (cmd) => plain.visibleCommands(cmd).flatMap((sub) => (sub.commands.length ? plain.visibleCommands(sub) : [sub])),
    subcommandTerm: (sub) => {
      const args = sub.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
      const words = sub.parent && sub.parent !== program ? commandPath(sub) : sub.name();
      return [words, ...args].join(' ');
    },
  });
}
