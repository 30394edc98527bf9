/**
 * Canonical-pretty JSON (canonical-pretty-json.ts) of an object one of whose top-level arrays is too large
 * to hold: the rest is rendered whole, the array's elements one at a time. The bytes are exactly
 * canonicalPrettyJson({...value, [key]: [...elements]}).
 */
import { canonicalPrettyJson } from './canonical-pretty-json.ts';

/** Elements are batched into chunks of about this many characters. */
const CHUNK_CHARS = 1 << 20;

export async function* streamedPrettyJson(
  value: Record<string, unknown>,
  key: string,
  elements: AsyncIterable<unknown>,
): AsyncGenerator<string> {
  const whole = canonicalPrettyJson({ ...value, [key]: [] });
  // A top-level key sits on its own line, indented by two spaces.
  const marker = `\n  ${JSON.stringify(key)}: []`;
  const at = whole.indexOf(marker);
  if (at < 0 || whole.indexOf(marker, at + 1) >= 0) throw new Error(`streamedPrettyJson: cannot place "${key}" in the rendered object`);
  const open = at + marker.length - 1; // just before "]"
  let chunk = whole.slice(0, open);
  let count = 0;
  for await (const element of elements) {
    const pretty = canonicalPrettyJson(element).slice(0, -1).replace(/\n/g, '\n    ');
    chunk += `${count++ === 0 ? '\n' : ',\n'}    ${pretty}`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + (count ? '\n  ' : '') + whole.slice(open);
}
