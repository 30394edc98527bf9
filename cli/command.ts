/** The shape of one CLI command: name, help text and a run function returning the exit code. */
import type { Terminal } from './terminal.ts';

export interface CommandContext {
  terminal: Terminal;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help: usage line, options, examples. */
  help: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

/** Exit codes used across commands. */
export const EXIT = {
  ok: 0,
  /** A source failed to collect, verification found tampering, or the period has open exceptions where asked. */
  failed: 1,
  /** Usage error, bad config, unreadable input. */
  usage: 2,
} as const;
