import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadManualEvidence } from '../../binder/load-manual-evidence.ts';

describe('loadManualEvidence', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'binder-manual-'));
    await mkdir(join(dir, 'docs'));
    await writeFile(join(dir, 'docs', 'policy.md'), '# Policy\n');
    await writeFile(join(dir, 'minutes.txt'), 'minutes');
  });
  const index = (yaml: string) => writeFile(join(dir, 'docs', 'manual-evidence.yaml'), yaml);

  it('loads documents with their criteria and effective date, leaving out those not yet in effect', async () => {
    await index(`documents:
  - { file: policy.md, title: Policy, criteria: [CC1.1, CC5.3], effective: 2026-01-10, sourceUrl: "https://intranet.example.com/p" }
  - { file: policy.md, title: Policy v5, criteria: [CC1.1], effective: 2027-02-01 }
`);
    const loaded = await loadManualEvidence(join(dir, 'docs'), '2026-12-31');
    expect(loaded.items).toHaveLength(1);
    expect(loaded.items[0]).toMatchObject({ title: 'Policy', criteria: ['CC1.1', 'CC5.3'], effectiveDate: '2026-01-10', fileName: 'policy.md' });
    expect(Buffer.from(loaded.items[0]!.body).toString()).toBe('# Policy\n');
    expect(loaded.notYetEffective).toEqual(['Policy v5 (effective 2027-02-01)']);
  });

  it.each([
    ['an unknown criterion', 'documents:\n  - { file: policy.md, title: P, criteria: [CC9.9], effective: 2026-01-10 }\n', /documents\[0\]\.criteria\[0\]: a criterion id/],
    ['no criteria', 'documents:\n  - { file: policy.md, title: P, criteria: [], effective: 2026-01-10 }\n', /documents\[0\]\.criteria: name at least one/],
    ['an impossible date', 'documents:\n  - { file: policy.md, title: P, criteria: [CC1.1], effective: 2026-02-30 }\n', /documents\[0\]\.effective: a calendar date/],
    ['a missing file', 'documents:\n  - { file: nope.pdf, title: P, criteria: [CC1.1], effective: 2026-01-10 }\n', /documents\[0\]\.file: nope\.pdf does not exist/],
    ['a file outside the folder', 'documents:\n  - { file: ../minutes.txt, title: P, criteria: [CC1.1], effective: 2026-01-10 }\n', /outside the manual evidence folder/],
    ['a misspelt field', 'documents:\n  - { file: policy.md, title: P, criteria: [CC1.1], efective: 2026-01-10 }\n', /documents\[0\]/],
  ])('names the problem for %s', async (_what, yaml, pattern) => {
    await index(yaml);
    await expect(loadManualEvidence(join(dir, 'docs'), '2026-12-31')).rejects.toThrow(pattern);
  });

  it('says which index file is missing', async () => {
    await expect(loadManualEvidence(join(dir, 'docs'), '2026-12-31')).rejects.toThrow(/manual-evidence\.yaml: cannot be read/);
  });
});
