/**
 * The shape of one CLI command: its words, help texts, how it declares its options, and a run
 * function returning the exit code. cli/program.ts turns each into a commander command.
 */
import type { Command as CommanderCommand } from 'commander';
import type { Terminal } from './terminal.ts';

export interface CommandContext {
  terminal: Terminal;
}

/** Options every command has. */
export interface CommonOptions {
  /** JSON result on stdout and JSON log lines on stderr. */
  json?: boolean;
}

export interface BinderCommand<Options extends object = object> {
  /** The words after `binder`: "collect", or "store verify" for a command in a group. */
  name: string;
  /** One line, for the command lists of `binder --help` and `binder <group> --help`. */
  summary: string;
  /** What the command does, in paragraphs (one line each: help wraps them to the terminal). */
  description: string;
  /** Shown after the options (exit codes, examples); printed as written. */
  helpAfter?: string;
  /** Declares the command's positional arguments, options and usage line; `--json` and `--help` are added for it. */
  configure?(command: CommanderCommand): void;
  /** Runs with the parsed options and positional arguments; returns the exit code. */
  run(options: Options & CommonOptions, args: string[], ctx: CommandContext): Promise<number>;
}

/** Identity, so a command's options type is checked against its run function where it is written. */
export function defineCommand<Options extends object>(command: BinderCommand<Options>): BinderCommand<Options> {
  return command;
}

/** Exit codes used across commands. */
export const EXIT = {
  ok: 0,
  /** A source failed to collect, verification found tampering, or the period has open exceptions where asked. */
  failed: 1,
  /** Usage error, bad config, unreadable input. */
  usage: 2,
} as const;
