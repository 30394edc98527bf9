/**
 * How the CLI talks: logs go through pino (collectors/log.ts, redacted there) to stderr. An
 * unattended run (no TTY, or --json) gets pino's JSON lines; a person at a terminal gets the same
 * lines as short messages (human-log-destination.ts) and a progress line. Results go to stdout.
 */
import { createLogger, pinoLog, type Log } from '../collectors/log.ts';
import { humanLogDestination } from './human-log-destination.ts';

export interface Terminal extends Log {
  readonly json: boolean;
  /** A progress line (overwritten in place on a TTY; a log line every few seconds otherwise). */
  progress(done: number, total: number, what: string): void;
  /** Ends the progress line. */
  done(): void;
  /** Writes a result to stdout (human text, or JSON when --json). */
  result(text: string, json?: unknown): void;
}

export function createTerminal(options: {
  /** Results as JSON on stdout (--json). */
  json: boolean;
  /** Logs as JSON lines on stderr (--json, or no terminal attached). */
  jsonLogs?: boolean;
  stderr?: NodeJS.WriteStream;
  stdout?: NodeJS.WriteStream;
}): Terminal {
  const stderr = options.stderr ?? process.stderr;
  const stdout = options.stdout ?? process.stdout;
  const json = options.json;
  const jsonLogs = options.jsonLogs ?? json;
  const human = jsonLogs ? null : humanLogDestination(stderr);
  const log = pinoLog(createLogger(human ?? { write: (line: string) => stderr.write(line) }));
  const progressLine = stderr.isTTY ? human : null;
  let lastProgressLog = 0;

  // Object.assign keeps `log` itself, so childLog(terminal, ...) makes real pino children of it.
  return Object.assign(log, {
    json,
    progress(done: number, total: number, what: string) {
      if (progressLine) {
        const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
        progressLine.progress(`[${String(pct).padStart(3)}%] ${done}/${total} ${what}`);
        return;
      }
      const now = Date.now();
      if (done === total || now - lastProgressLog > 5000) {
        lastProgressLog = now;
        log.info('progress', { done, total, what });
      }
    },
    done() {
      human?.clearProgress();
    },
    result(text: string, value?: unknown) {
      human?.clearProgress();
      if (json) stdout.write(`${JSON.stringify(value ?? text, null, 2)}\n`);
      else stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  });
}
