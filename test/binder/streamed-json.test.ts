import { describe, expect, it } from 'vitest';
import { canonicalPrettyJson } from '../../binder/canonical-pretty-json.ts';
import { streamedPrettyJson } from '../../binder/streamed-json.ts';

async function render(value: Record<string, unknown>, key: string, elements: unknown[]): Promise<string> {
  async function* each() {
    yield* elements;
  }
  let out = '';
  for await (const chunk of streamedPrettyJson(value, key, each())) out += chunk;
  return out;
}

describe('streamedPrettyJson', () => {
  const value = { schema: 'x/v1', period: { from: '2026-01-01', to: '2026-12-31' }, zz: [1, { b: 2, a: 'line\nbreak' }] };
  const elements = [{ b: [1, { d: null, c: 'x' }], a: { y: [], x: {} } }, 'plain', 3, [], { fields: [{ path: 'p', before: null, after: [1] }] }];

  it('writes exactly the bytes of canonicalPrettyJson of the whole object, in any key position', async () => {
    for (const key of ['entries', 'aa', 'zzz']) {
      expect(await render(value, key, elements)).toBe(canonicalPrettyJson({ ...value, [key]: elements }));
    }
  });

  it('writes an empty array as canonicalPrettyJson does', async () => {
    expect(await render(value, 'entries', [])).toBe(canonicalPrettyJson({ ...value, entries: [] }));
  });

  it('gives the same bytes when the elements span many chunks', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ i, text: 'x'.repeat(80) }));
    expect(await render(value, 'entries', many)).toBe(canonicalPrettyJson({ ...value, entries: many }));
  });
});
