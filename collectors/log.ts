/**
 * The structured logger the collectors write to. Fields are plain data (no secrets: callers pass
 * operation names, counts and error codes, never credentials).
 */
export type LogFields = Record<string, unknown>;

export interface Log {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export const silentLog: Log = { info() {}, warn() {}, error() {} };

/** One JSON object per line on stderr, for the CLI and scheduled runs. */
export function jsonLineLog(write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Log {
  const emit = (level: string) => (msg: string, fields?: LogFields) =>
    write(JSON.stringify({ level, msg, ...fields }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
