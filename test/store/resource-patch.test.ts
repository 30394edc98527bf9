import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/canonical-json.ts';
import { applyFields, diffFields } from '../../store/resource-patch.ts';

describe('field patches', () => {
  it('records only changed, added and dropped top-level fields, and applying them gives the new version', () => {
    const before = { type: 't', id: 'a', groups: ['x'], tags: [{ key: 'k', value: 'v' }], logging: { target: 'b' }, gone: 1 };
    const after = { type: 't', id: 'a', groups: ['x', 'y'], tags: [{ key: 'k', value: 'v' }], logging: { target: 'b' }, added: null };
    const patch = diffFields(before, after);
    expect(patch).toEqual({ set: { groups: ['x', 'y'], added: null }, unset: ['gone'] });
    expect(canonicalJson(applyFields(before, patch))).toBe(canonicalJson(after));
  });

  it('treats key order as no change and leaves the original object untouched', () => {
    const before = { a: { x: 1, y: 2 }, b: 1 };
    const after = { b: 1, a: { y: 2, x: 1 } };
    expect(diffFields(before, after)).toEqual({ set: {}, unset: [] });
    applyFields(before, { set: { b: 2 }, unset: ['a'] });
    expect(before).toEqual({ a: { x: 1, y: 2 }, b: 1 });
  });
});
