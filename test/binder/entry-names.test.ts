import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ENTRY_NAME_PATTERN, MAX_ENTRY_NAME_LENGTH, unsafeEntryNameReason } from '../../binder/manifest.ts';

const SAFE = [
  'index.pdf',
  'SHA256SUMS',
  'manifest.sig',
  'evidence/snapshots/prod/20251001T020000Z.json',
  'evidence/snapshots/prod/20251001T020000Z-0a1b2c3d4e5f.json',
  'evidence/manual/code-of-conduct_v3.pdf',
  '-leading-dash',
  `evidence/${'a'.repeat(MAX_ENTRY_NAME_LENGTH - 'evidence/'.length)}`,
];

const UNSAFE: [string, RegExp][] = [
  ['', /empty/],
  ['/etc/passwd', /absolute path/],
  ['C:/evil', /drive letter/],
  ['evidence\\..\\evil', /backslash/],
  ['../evil', /climbs out/],
  ['evidence/../../evil', /climbs out/],
  ['evidence/x\n  manifest.json', /control characters/],
  ['evidence/tab\there', /control characters/],
  ['evidence/', /directory entry/],
  ['evidence//x', /empty or "\." segments/],
  ['./index.pdf', /empty or "\." segments/],
  ['evidence/.hidden', /starts with "\."/],
  ['evidence/extra  manifest.json', /contains a space/],
  ['evidence/caf\u00e9.pdf', /characters other than/],
  ['evidence/a:b', /characters other than/],
  ['evidence/*', /characters other than/],
  [`evidence/${'a'.repeat(MAX_ENTRY_NAME_LENGTH)}`, /more than 255/],
];

describe('unsafeEntryNameReason: the one rule for binder entry names', () => {
  it('accepts names of letters, digits, ".", "_", "-" in "/"-joined segments not starting with "."', () => {
    for (const name of SAFE) expect(unsafeEntryNameReason(name), name).toBeNull();
  });

  it('refuses everything else, saying why', () => {
    for (const [name, why] of UNSAFE) expect(unsafeEntryNameReason(name), JSON.stringify(name)).toMatch(why);
  });

  it("agrees with VERIFY.md's grep -E on every name a line can hold", () => {
    const names = [...SAFE, ...UNSAFE.map(([n]) => n)].filter((n) => n !== '' && !n.includes('\n') && n.length <= MAX_ENTRY_NAME_LENGTH);
    const out = execFileSync('grep', ['-xE', ENTRY_NAME_PATTERN], { input: `${names.join('\n')}\n`, env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' });
    expect(out.split('\n').filter(Boolean)).toEqual(names.filter((n) => unsafeEntryNameReason(n) === null));
  });
});
