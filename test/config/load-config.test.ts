import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfigText } from '../../config/load-config.ts';

const minimal = `sources:\n  - name: prod\n`;

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, 'binder.config.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('accepts the commented example shipped in config/', async () => {
    const text = await readFile(new URL('../../config/binder.config.example.yaml', import.meta.url), 'utf8');
    const config = parseConfigText(text, 'example');
    expect(config.sources[0]?.name).toBe('prod');
    expect(config.store).toEqual({ type: 'local', path: './evidence' });
    expect(config.schedule.cron).toBe('0 2 * * *');
  });

  it('fills defaults for a minimal file', () => {
    const config = parseConfigText(minimal, 'x');
    expect(config.checks.accessKeyUnusedDays).toBe(90);
    expect(config.categories).toEqual(['security']);
    expect(config.sources[0]?.regions).toEqual(['us-east-1']);
  });

  it('tells sources apart by type: absent means aws, an unknown kind is named with the kinds there are', () => {
    const config = parseConfigText(`sources:\n  - name: prod\n  - name: audit\n    type: aws\n    regions: [eu-west-1]\n`, 'x');
    expect(config.sources.map((s) => [s.name, s.type, s.regions])).toEqual([
      ['prod', 'aws', ['us-east-1']],
      ['audit', 'aws', ['eu-west-1']],
    ]);
    const problems = problemsOf(`sources:\n  - name: code\n    type: gitlab\n`);
    expect(problems.join('\n')).toContain('sources[0].type: expected one of "aws" (the source kinds binder collects from), got "gitlab"');
    // A field of another kind's schema is still refused by name.
    expect(problemsOf(`sources:\n  - name: prod\n    org: acme\n`).join('\n')).toMatch(/org/);
  });

  it('names a missing file and how to make one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'binder-cfg-'));
    await expect(loadConfig(join(dir, 'nope.yaml'))).rejects.toThrow(/nope\.yaml[\s\S]*file not found/);
  });

  it('reports YAML syntax errors with the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'binder-cfg-'));
    const file = join(dir, 'binder.config.yaml');
    await writeFile(file, 'sources:\n  - name: prod\n   regions: [us-east-1\n');
    await expect(loadConfig(file)).rejects.toThrow(/line \d+/);
  });

  it.each([
    ['a missing sources list', 'store: { type: local }\n', /^sources: required/],
    ['an empty sources list', 'sources: []\n', /^sources: at least one source/],
    ['a bad source name', 'sources:\n  - name: Prod_1\n', /^sources\[0\]\.name: .*lowercase/],
    ['a misspelt field', 'sources:\n  - name: prod\n    region: us-east-1\n', /^sources\[0\]: unknown field "region"/],
    ['a bad region', 'sources:\n  - name: prod\n    regions: [useast1]\n', /^sources\[0\]\.regions\[0\]: .*AWS region/],
    ['a bad role ARN', 'sources:\n  - name: prod\n    roleArn: admin\n', /^sources\[0\]\.roleArn: .*role ARN/],
    ['an external id without a role', 'sources:\n  - name: prod\n    externalId: abc\n', /^sources\[0\]\.externalId: .*only used with roleArn/],
    ['an unknown store type', minimal + 'store: { type: ftp }\n', /^store\.type: .*"local", "s3"/],
    ['an S3 store without a bucket', minimal + 'store: { type: s3 }\n', /^store\.bucket: required/],
    ['a four-field cron', minimal + 'schedule: { cron: "0 2 * *" }\n', /^schedule\.cron: .*five-field/],
    ['an impossible cron', minimal + 'schedule: { cron: "99 2 * * *" }\n', /^schedule\.cron: not a valid cron/],
    ['an unknown time zone', minimal + 'schedule: { timezone: Mars/Olympus }\n', /^schedule\.timezone: .*IANA/],
    ['a threshold of the wrong type', minimal + 'checks: { accessKeyUnusedDays: "ninety" }\n', /^checks\.accessKeyUnusedDays: expected number, got "ninety"/],
    ['a negative threshold', minimal + 'checks: { accessKeyMaxAgeDays: -1 }\n', /^checks\.accessKeyMaxAgeDays: /],
    ['an unknown category', minimal + 'categories: [security, safety]\n', /^categories\[1\]: expected one of/],
    ['duplicate source names', 'sources:\n  - name: prod\n  - name: prod\n', /^sources\[1\]\.name: duplicate source name "prod"/],
    ['signing without a key path', minimal + 'signing: {}\n', /^signing\.privateKeyPath: required/],
    ['a zero collection deadline', minimal + 'collection: { timeoutMinutes: 0 }\n', /^collection\.timeoutMinutes: /],
    ['a deadline over a day', minimal + 'collection: { timeoutMinutes: 1441 }\n', /^collection\.timeoutMinutes: /],
    ['a KMS ledger key without a region', minimal + 'collection: { ledgerKms: { keyId: alias/binder-ledger } }\n', /^collection\.ledgerKms\.region: required/],
    ['a KMS ledger key in a bad region', minimal + 'collection: { ledgerKms: { keyId: k, region: useast1 } }\n', /^collection\.ledgerKms\.region: .*AWS region/],
    ['a misspelt collection field', minimal + 'collection: { timeoutMinute: 5 }\n', /^collection: unknown field "timeoutMinute"/],
  ])('names the field for %s', (_what, text, pattern) => {
    const problems = problemsOf(text);
    expect(problems.some((p) => pattern.test(p)), problems.join('\n')).toBe(true);
  });

  it('reports every bad field at once', () => {
    const problems = problemsOf('sources:\n  - name: BAD\n    regions: [nowhere]\nschedule: { timezone: Nowhere/City }\n');
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });

  it('says the file is empty', () => {
    expect(problemsOf('')).toEqual([expect.stringMatching(/empty/)]);
  });
});
