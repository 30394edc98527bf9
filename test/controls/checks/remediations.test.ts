import { describe, expect, it } from 'vitest';
import { targetTypes } from '../../../controls/check.ts';
import { ALL_CHECKS } from '../../../controls/checks/index.ts';
import { fillPlaceholders, remediationFor } from '../../../controls/remediation.ts';
import { CheckSettings } from '../../../config/schema.ts';

/** The AWS CLI service each check family is fixed with (other services may appear beside it). */
const CLI_SERVICE: Record<string, readonly string[]> = {
  iam: ['iam'],
  s3: ['s3api', 's3control'],
  cloudtrail: ['cloudtrail'],
  config: ['configservice'],
  guardduty: ['guardduty'],
  kms: ['kms'],
  ec2: ['ec2'],
};

/** A sample id per resource type, and what of it a filled remediation must show. */
const SAMPLES: Record<string, { id: string; shows: readonly string[] }> = {
  'aws.iam.user': { id: 'arn:aws:iam::111122223333:user/eng/alice-sample', shows: ['alice-sample'] },
  'aws.iam.group': { id: 'arn:aws:iam::111122223333:group/admins-sample', shows: ['admins-sample'] },
  'aws.iam.role': { id: 'arn:aws:iam::111122223333:role/deploy-sample', shows: ['deploy-sample'] },
  'aws.iam.policy': {
    id: 'arn:aws:iam::111122223333:policy/policy-sample',
    shows: ['arn:aws:iam::111122223333:policy/policy-sample'],
  },
  'aws.iam.credentials': { id: 'arn:aws:iam::111122223333:user/bob-sample', shows: ['bob-sample'] },
  'aws.iam.account': { id: 'arn:aws:iam::111122223333:account-settings', shows: [] },
  'aws.s3.bucket': { id: 'arn:aws:s3:::bucket-sample', shows: ['--bucket bucket-sample'] },
  'aws.s3.account-public-access-block': {
    id: 'arn:aws:s3:::account/111122223333',
    shows: ['--account-id 111122223333'],
  },
  'aws.cloudtrail.trail': {
    id: 'arn:aws:cloudtrail:eu-west-3:111122223333:trail/trail-sample',
    shows: ['trail-sample', '--region eu-west-3'],
  },
  'aws.kms.key': {
    id: 'arn:aws:kms:eu-west-3:111122223333:key/key-sample',
    shows: ['--key-id key-sample', '--region eu-west-3'],
  },
  'aws.ec2.security-group': {
    id: 'arn:aws:ec2:eu-west-3:111122223333:security-group/sg-sample',
    shows: ['--group-id sg-sample', '--region eu-west-3'],
  },
};
for (const service of ['cloudtrail', 'config', 'guardduty', 'ec2'])
  SAMPLES[`aws.${service}.region`] = {
    id: `arn:aws:${service}:eu-west-3:111122223333:region-settings`,
    shows: ['--region eu-west-3'],
  };

/** Root-only checks judge the root row, which names no user. */
const ROOT_ONLY = new Set(['iam.root-mfa', 'iam.root-hardware-mfa', 'iam.root-no-access-keys']);

describe('every check has a remediation', () => {
  it('with a change, a console path and CLI lines that are AWS CLI commands of its service (or "# " comments)', () => {
    expect(ALL_CHECKS).toHaveLength(61);
    for (const check of ALL_CHECKS) {
      const { change, console, cli } = check.remediation;
      expect(change.length, check.id).toBeGreaterThan(20);
      expect(change, check.id).not.toMatch(/\n/);
      expect(console, check.id).toMatch(/ > /);
      // Per-principal commands are written for any kind: delete-<principal-kind>-policy.
      const lines = fillPlaceholders(cli, { 'principal-kind': 'user' }).split('\n');
      expect(lines[0], check.id).toMatch(/^aws /);
      for (const line of lines) expect(line, check.id).toMatch(/^(aws [a-z0-9-]+ [a-z0-9-]+( |$)|# \S)/);
      const services = new Set(lines.filter((l) => l.startsWith('aws ')).map((l) => l.split(' ')[1]));
      const expected = CLI_SERVICE[check.id.split('.')[0]!]!;
      expect(
        expected.some((s) => services.has(s)),
        `${check.id}: ${[...services].join(', ')}`,
      ).toBe(true);
      // Options are spelled --lower-case-words; an option never ends in a placeholder's bracket.
      for (const option of lines.join('\n').match(/ --[^\s=]+/g) ?? [])
        expect(option, check.id).toMatch(/^ --[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('fills the failing resource in: its name or id, and its region where the service is regional', () => {
    const settings = CheckSettings.parse({});
    for (const check of ALL_CHECKS) {
      for (const type of targetTypes(check)) {
        const sample = SAMPLES[type];
        expect(sample, `${check.id}: no sample for ${type}`).toBeDefined();
        const filled = remediationFor(
          check.remediation,
          { resourceType: type, resourceId: sample!.id },
          settings,
        );
        const shows = type === 'aws.iam.credentials' && ROOT_ONLY.has(check.id) ? [] : sample!.shows;
        for (const s of shows) expect(filled.cli, `${check.id} on ${type}`).toContain(s);
        // The resource's own placeholder never survives in its own check's commands.
        const own = ownPlaceholder(type);
        if (own && shows.length > 0) expect(filled.cli, `${check.id} on ${type}`).not.toContain(own);
      }
    }
  });

  it('fills the thresholds the check reads from the settings', () => {
    const settings = CheckSettings.parse({
      minPasswordLength: 16,
      passwordReusePrevention: 12,
      maxPasswordAgeDays: 60,
    });
    const check = ALL_CHECKS.find((c) => c.id === 'iam.password-policy-strong')!;
    const filled = remediationFor(
      check.remediation,
      { resourceType: 'aws.iam.account', resourceId: 'arn:aws:iam::111122223333:account-settings' },
      settings,
    );
    expect(filled.cli).toContain('--minimum-password-length 16');
    expect(filled.cli).toContain('--password-reuse-prevention 12');
    expect(filled.cli).toContain('--max-password-age 60');
    expect(filled.cli).not.toMatch(/<[A-Za-z]/);
  });
});

function ownPlaceholder(type: string): string | null {
  const own: Record<string, string> = {
    'aws.iam.user': '<user>',
    'aws.iam.credentials': '<user>',
    'aws.iam.group': '<group>',
    'aws.iam.role': '<role>',
    'aws.iam.policy': '<policy-arn>',
    'aws.s3.bucket': '<bucket>',
    'aws.cloudtrail.trail': '<trail>',
    'aws.kms.key': '<key-id>',
    'aws.ec2.security-group': '<group-id>',
  };
  return own[type] ?? null;
}
