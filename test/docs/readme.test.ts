import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_IAM_POLICY } from '../../collectors/aws/least-privilege-policy.ts';

describe('README', () => {
  it('gives exactly the IAM policy the collectors are tested against', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- collector-policy:start -->\s*```json\n([\s\S]*?)```\s*<!-- collector-policy:end -->/.exec(readme);
    expect(block, 'README has the collector policy block').not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(COLLECTOR_IAM_POLICY);
  });

  it('gives the test command that .ci/run runs', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const ci = await readFile(new URL('../../.ci/run', import.meta.url), 'utf8');
    expect(readme).toContain('scripts/install-test-tools.sh && npm test');
    expect(ci).toMatch(/scripts\/install-test-tools\.sh[\s\S]*npm test/);
  });
});
