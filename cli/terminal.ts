/**
 * How the CLI talks: a person at a terminal gets a progress line and short messages on stderr;
 * an unattended run (no TTY, or --json) gets one JSON object per line (structured logs).
 * Never log secrets: messages and fields are redacted (model/redact-secrets.ts) before they are written.
 */
import type { Log } from '../collectors/log.ts';
import { redactFields, redactSecrets } from '../model/redact-secrets.ts';

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
  const tty = !jsonLogs && Boolean(stderr.isTTY);
  let progressShown = false;
  let lastProgressLog = 0;

  const clearProgress = () => {
    if (tty && progressShown) {
      stderr.write('\r\x1b[2K');
      progressShown = false;
    }
  };
  const log = (level: 'info' | 'warn' | 'error', text: string, fields?: Record<string, unknown>) => {
    const message = redactSecrets(text);
    if (jsonLogs) {
      stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...redactFields(fields) })}\n`);
      return;
    }
    clearProgress();
    const prefix = level === 'info' ? '' : level === 'warn' ? 'warning: ' : 'error: ';
    const extra = fields && Object.keys(fields).length ? ` ${formatFields(redactFields(fields) ?? {})}` : '';
    stderr.write(`${prefix}${message}${extra}\n`);
  };

  return {
    json,
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    progress(done, total, what) {
      if (tty) {
        const width = Math.max(20, (stderr.columns ?? 80) - 1);
        const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
        const line = `[${String(pct).padStart(3)}%] ${done}/${total} ${what}`;
        stderr.write(`\r\x1b[2K${line.slice(0, width)}`);
        progressShown = true;
      } else {
        const now = Date.now();
        if (done === total || now - lastProgressLog > 5000) {
          lastProgressLog = now;
          log('info', 'progress', { done, total, what });
        }
      }
    },
    done() {
      clearProgress();
    },
    result(text, value) {
      clearProgress();
      if (json) stdout.write(`${JSON.stringify(value ?? text, null, 2)}\n`);
      else stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}
