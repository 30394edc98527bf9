/**
 * How the CLI talks: a person at a terminal gets a progress line and short messages on stderr;
 * an unattended run (no TTY, or --json) gets one JSON object per line (structured logs).
 * Never log secrets: fields pass through redactSecrets first.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface Terminal extends Logger {
  readonly json: boolean;
  /** A progress line (overwritten in place on a TTY; a log line every few seconds otherwise). */
  progress(done: number, total: number, what: string): void;
  /** Ends the progress line. */
  done(): void;
  /** Writes a result to stdout (human text, or JSON when --json). */
  result(text: string, json?: unknown): void;
}

const SECRET_KEY = /secret|password|token|credential|private/i;
const SECRET_VALUE = /\b(?:[A-Za-z0-9/+=]{40}|ASIA[A-Z0-9]{16}|IQoJ[A-Za-z0-9/+=]{20,})\b/;

export function redactSecrets(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return fields;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else if (typeof v === 'string' && SECRET_VALUE.test(v)) out[k] = v.replace(SECRET_VALUE, '[redacted]');
    else out[k] = v;
  }
  return out;
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
  const log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => {
    if (jsonLogs) {
      stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...redactSecrets(fields) })}\n`);
      return;
    }
    clearProgress();
    const prefix = level === 'info' ? '' : level === 'warn' ? 'warning: ' : 'error: ';
    const extra = fields && Object.keys(fields).length ? ` ${formatFields(redactSecrets(fields) ?? {})}` : '';
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
