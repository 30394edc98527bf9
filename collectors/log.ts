/**
 * The structured logger the collectors write to. Callers pass operation names, counts and error
 * codes, never credentials; every line is redacted anyway (model/redact-secrets.ts), because an
 * AWS error message may echo what the request carried.
 */
import { redactFields, redactSecrets } from '../model/redact-secrets.ts';

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
    write(JSON.stringify({ level, msg: redactSecrets(msg), ...redactFields(fields) }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
