/** validateInPlace: what Snapshot.safeParse gives (value and issues), without a second copy of the resources. */
import { describe, expect, it } from 'vitest';
import { SnapshotValidationError, validateInPlace } from '../../collectors/collect-snapshot.ts';
import { Snapshot } from '../../model/snapshot.ts';
import { SyntheticOrg } from '../store/fixtures.ts';

describe('validateInPlace', () => {
  it('returns what Snapshot.parse returns, reusing the array', () => {
    const s = new SyntheticOrg().snapshotFor();
    const expected = Snapshot.parse(structuredClone(s));
    const resources = [...s.resources];
    const out = validateInPlace('prod', { ...s, resources });
    expect(out).toEqual(expected);
    expect(Object.keys(out)).toEqual(Object.keys(expected));
    expect(out.resources).toBe(resources);
  });

  it('reports the same issues as Snapshot.safeParse, with their paths', () => {
    const s = structuredClone(new SyntheticOrg().snapshotFor()) as unknown as { provenance: Record<string, unknown>; resources: Record<string, unknown>[] };
    s.provenance.accountId = 7;
    s.resources[3]!.id = 42;
    s.resources[9]!.type = 'aws.nope';
    const expected = Snapshot.safeParse(structuredClone(s)).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    const err = (() => {
      try {
        validateInPlace('prod', s as never);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(SnapshotValidationError);
    expect([...(err as SnapshotValidationError).issues].sort()).toEqual([...expected].sort());
    expect(expected.length).toBeGreaterThanOrEqual(3);
  });
});
