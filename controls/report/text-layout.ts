/**
 * Plain-text layout for terminal reports: word wrapping with a hanging indent (hard-breaking tokens
 * longer than a line, such as ARNs), and optional ANSI colour that never counts toward the width.
 */

export interface TextOptions {
  /** ANSI colours (for a terminal). Default false. */
  color?: boolean;
  /** Maximum line length. Default 100, at least 40. */
  width?: number;
}

export type Tone = 'good' | 'bad' | 'warn' | 'dim' | 'bold';

const ANSI: Record<Tone, [string, string]> = {
  good: ['\u001b[32m', '\u001b[39m'],
  bad: ['\u001b[31m', '\u001b[39m'],
  warn: ['\u001b[33m', '\u001b[39m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  bold: ['\u001b[1m', '\u001b[22m'],
};

export class TextWriter {
  readonly width: number;
  private readonly color: boolean;
  private readonly lines: string[] = [];

  constructor(options: TextOptions = {}) {
    this.width = Math.max(40, Math.floor(options.width ?? 100));
    this.color = options.color ?? false;
  }

  /** Colours a fragment; call only on fragments that fit (colour codes are added after wrapping). */
  paint(text: string, tone: Tone): string {
    if (!this.color) return text;
    const [on, off] = ANSI[tone];
    return `${on}${text}${off}`;
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  /**
   * Writes `text` wrapped to the width: the first line starts with `indent` spaces, later lines
   * with `hang` spaces (defaults to indent). A `tone` colours the whole paragraph.
   */
  line(text: string, indent = 0, hang = indent, tone?: Tone): void {
    for (const l of wrap(text, this.width, indent, hang))
      this.lines.push(tone ? this.paintKeepingIndent(l, tone) : l);
  }

  /** A line made of a fixed-width lead (e.g. "CC6.1  EXCEPTIONS ") and wrapped text hanging after it. */
  columns(lead: string, text: string, leadTone?: Tone, indent = 0): void {
    const pad = indent + lead.length;
    if (pad > this.width - 20) {
      // Too narrow for text beside the lead: the text goes below it.
      this.lines.push(
        `${' '.repeat(indent)}${leadTone ? this.paint(lead.trimEnd(), leadTone) : lead.trimEnd()}`,
      );
      for (const l of wrap(text, this.width, indent + 4, indent + 4)) this.lines.push(l);
      return;
    }
    const wrapped = wrap(text, this.width, pad, pad);
    const body = (wrapped[0] ?? '').slice(pad);
    this.lines.push(`${' '.repeat(indent)}${leadTone ? this.paint(lead, leadTone) : lead}${body}`.trimEnd());
    for (const l of wrapped.slice(1)) this.lines.push(l);
  }

  toString(): string {
    const out = [...this.lines];
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return `${out.join('\n')}\n`;
  }

  private paintKeepingIndent(l: string, tone: Tone): string {
    const n = l.length - l.trimStart().length;
    return l.slice(0, n) + this.paint(l.slice(n), tone);
  }
}

/** Splits `text` into lines of at most `width` characters. */
export function wrap(text: string, width: number, indent = 0, hang = indent): string[] {
  const lines: string[] = [];
  let prefix = ' '.repeat(indent);
  let current = '';
  const room = () => Math.max(10, width - prefix.length);
  const flush = () => {
    lines.push(prefix + current);
    prefix = ' '.repeat(hang);
    current = '';
  };
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    let w = word;
    if (current && current.length + 1 + w.length > room()) flush();
    // A token longer than a whole line (an ARN, a URL) is broken where it must be.
    while (w.length > room()) {
      if (current) flush();
      current = w.slice(0, room());
      w = w.slice(room());
      flush();
    }
    current = current ? `${current} ${w}` : w;
  }
  if (current || lines.length === 0) lines.push(prefix + current);
  return lines.map((l) => l.trimEnd());
}
