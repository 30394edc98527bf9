/**
 * A pino destination for a person at a terminal: each JSON line becomes `warning: <msg> k=v ...`
 * (`error: ` for errors, no prefix for info), and a progress line kept at the bottom is cleared
 * before each message. It reads the lines pino wrote, so it shows exactly what was redacted there.
 */
import type { LogDestination } from '../collectors/log.ts';

export interface HumanLogDestination extends LogDestination {
  /** Shows `line` as the progress line, in place of the previous one (cut to the terminal's width). */
  progress(line: string): void;
  /** Removes the progress line, if one is shown. */
  clearProgress(): void;
}

const PREFIX: Record<string, string> = { warn: 'warning: ', error: 'error: ', fatal: 'error: ' };

export function humanLogDestination(stderr: NodeJS.WriteStream): HumanLogDestination {
  let progressShown = false;
  const clearProgress = () => {
    if (!progressShown) return;
    stderr.write('\r\x1b[2K');
    progressShown = false;
  };
  return {
    write(line: string) {
      clearProgress();
      stderr.write(`${humanLine(line)}\n`);
    },
    progress(line: string) {
      const width = Math.max(20, (stderr.columns ?? 80) - 1);
      stderr.write(`\r\x1b[2K${line.slice(0, width)}`);
      progressShown = true;
    },
    clearProgress,
  };
}

/** One pino JSON line as a person reads it: level prefix, message, then the fields as key=value. */
export function humanLine(jsonLine: string): string {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.trimEnd(); // not ours to reformat
  }
  const { level, time: _time, msg, ...fields } = parsed;
  const prefix = PREFIX[String(level)] ?? '';
  const extra = Object.entries(fields)
    .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('');
  return `${prefix}${typeof msg === 'string' ? msg : ''}${extra}`;
}
