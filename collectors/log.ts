/**
 * The structured logger the collectors and the CLI write to: pino, one JSON object per line.
 * Callers pass operation names, counts and error codes, never credentials; every line is
 * redacted anyway, because an AWS error message may echo what the request carried: pino masks
 * secret field paths (REDACT_PATHS), and before that the message, every field and every child
 * binding go through model/redact-secrets.ts (registered secret values, credential shapes and
 * secret-named fields at any depth).
 */
import pino from 'pino';
import { REDACTED, redactFields, redactSecrets } from '../model/redact-secrets.ts';

export type LogFields = Record<string, unknown>;

export interface Log {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export const silentLog: Log = { info() {}, warn() {}, error() {} };

/** Where pino writes each line (ending in a newline): a stream, or a formatter such as the CLI's human one. */
export type LogDestination = pino.DestinationStream;

const SECRET_FIELDS = ['credentials', 'secretAccessKey', 'sessionToken', 'password', 'privateKey', 'privateKeyPem', 'apiKey', 'token', 'authorization'];
const SECRET_HEADERS = ['authorization', 'Authorization', 'x-amz-security-token', 'X-Amz-Security-Token', 'cookie'];

/** Field paths pino masks whatever their value: secret fields at the top and one level down, request headers. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]),
  ...SECRET_HEADERS.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`]),
];

/** The one pino configuration binder logs with: level labels, ISO times, no pid/hostname, redaction by path and by value. */
export function createLogger(destination: LogDestination): pino.Logger {
  return pino(
    {
      level: 'info',
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactFields(fields) ?? {},
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a: unknown) => (typeof a === 'string' ? redactSecrets(a) : a)) as Parameters<pino.LogFn>;
          method.apply(this, redacted);
        },
      },
    },
    destination,
  );
}

const pinoLoggers = new WeakMap<Log, pino.Logger>();

/** A Log writing through the given pino logger (childLog then makes real pino children of it). */
export function pinoLog(logger: pino.Logger): Log {
  const log: Log = {
    info: (msg, fields) => logger.info(fields ?? {}, msg),
    warn: (msg, fields) => logger.warn(fields ?? {}, msg),
    error: (msg, fields) => logger.error(fields ?? {}, msg),
  };
  pinoLoggers.set(log, logger);
  return log;
}

/** The pino logger behind a Log made by pinoLog, if it is one. */
export function pinoLoggerOf(log: Log): pino.Logger | undefined {
  return pinoLoggers.get(log);
}

/**
 * A Log whose every line carries `bindings` (a run's source and runId): a pino child when the log
 * is pino-backed, otherwise a wrapper that adds them to each line's fields (a line's own fields win).
 */
export function childLog(log: Log, bindings: LogFields): Log {
  const logger = pinoLoggers.get(log);
  // A child does not run the root's bindings formatter (pino resets it): redact the bindings here.
  if (logger) return pinoLog(logger.child(redactFields(bindings) ?? {}));
  const merged = (fields?: LogFields): LogFields => ({ ...bindings, ...fields });
  return {
    info: (msg, fields) => log.info(msg, merged(fields)),
    warn: (msg, fields) => log.warn(msg, merged(fields)),
    error: (msg, fields) => log.error(msg, merged(fields)),
  };
}

/** Pino JSON lines (without the trailing newline) handed to `write`; stderr by default. */
export function jsonLineLog(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Log {
  return pinoLog(createLogger({ write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) }));
}
