import { describe, expect, it } from 'vitest';
import { CONTROLS, CRITERIA } from '../../../controls/catalog/index.ts';
import { targetTypes } from '../../../controls/check.ts';
import { ALL_CHECK_IDS, ALL_CHECKS, CHECK_IDS, checkById } from '../../../controls/checks/index.ts';
import { RESOURCE_TYPES } from '../../../model/resources.ts';
import { CheckSettings } from '../../../config/schema.ts';

describe('ALL_CHECKS', () => {
  it('holds every check once, sorted by id, each id <service>.<what> with its one-line definition', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    expect([...ALL_CHECK_IDS]).toEqual(ids);
    for (const check of ALL_CHECKS) {
      expect(check.id).toMatch(/^(iam|s3|cloudtrail|config|guardduty|kms|ec2)\.[a-z0-9-]+$/);
      expect(CHECK_IDS[check.id as keyof typeof CHECK_IDS]).toBe(check.fails);
      expect(check.fails.length, check.id).toBeGreaterThan(15);
      expect(check.fails).not.toMatch(/\n/);
    }
  });

  it('names an automated control of the catalog, which lists exactly the checks that name it', () => {
    const automated = CONTROLS.filter((c) => c.evidencedBy.includes('automated'));
    for (const check of ALL_CHECKS) {
      const control = CONTROLS.find((c) => c.id === check.control);
      expect(control?.evidencedBy, `${check.id} -> ${check.control}`).toContain('automated');
      expect(control!.checkIds).toContain(check.id);
    }
    for (const c of automated) expect(c.checkIds.length, c.id).toBeGreaterThan(0);
    expect(automated.flatMap((c) => c.checkIds).sort()).toEqual([...ALL_CHECK_IDS].sort());
  });

  it('references only criteria that exist in the catalog', () => {
    const known = new Set(CRITERIA.map((c) => c.id));
    for (const check of ALL_CHECKS) {
      expect(check.criteria.length, check.id).toBeGreaterThan(0);
      for (const id of check.criteria) expect(known.has(id), `${check.id} -> ${id}`).toBe(true);
    }
  });

  it('has every check used by at least one control', () => {
    const used = new Set(CONTROLS.flatMap((c) => c.checkIds));
    for (const check of ALL_CHECKS) expect(used.has(check.id), check.id).toBe(true);
  });

  it('declares only known resource types and settings', () => {
    const types = new Set<string>(RESOURCE_TYPES);
    const settings = new Set(Object.keys(CheckSettings.parse({})));
    for (const check of ALL_CHECKS) {
      for (const t of [...targetTypes(check), ...check.reads])
        expect(types.has(t), `${check.id}: ${t}`).toBe(true);
      for (const s of check.settingsRead) expect(settings.has(s), `${check.id}: ${s}`).toBe(true);
      expect(check.title.length).toBeGreaterThan(10);
      expect(check.rationale.length).toBeGreaterThan(30);
    }
  });

  it('marks as time-dependent exactly the checks that age credentials or findings', () => {
    expect(ALL_CHECKS.filter((c) => c.timeDependent).map((c) => c.id)).toEqual([
      'guardduty.high-findings-triaged',
      'iam.access-key-recently-used',
      'iam.access-key-rotated',
      'iam.password-recently-used',
    ]);
  });

  it('finds checks by id', () => {
    expect(checkById('s3.bucket-versioning')?.target).toBe('aws.s3.bucket');
    expect(checkById('nope')).toBeUndefined();
  });
});
