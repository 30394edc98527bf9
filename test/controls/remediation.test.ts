import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholderValues, remediationFor } from '../../controls/remediation.ts';

const TEMPLATE = {
  change: 'Fix <user> in <region>.',
  console: 'IAM > Users > <user>',
  cli: 'aws iam delete-login-profile --user-name <user>\naws iam get-access-key-last-used --access-key-id <access-key-id>',
};

describe('placeholderValues', () => {
  it('gives a user, group or role its name (the last segment of a pathed ARN) and its kind', () => {
    expect(
      placeholderValues({
        resourceType: 'aws.iam.user',
        resourceId: 'arn:aws:iam::111122223333:user/eng/alice',
      }),
    ).toEqual({
      partition: 'aws',
      'account-id': '111122223333',
      user: 'alice',
      'principal-kind': 'user',
      'principal-name': 'alice',
    });
    expect(
      placeholderValues({
        resourceType: 'aws.iam.role',
        resourceId: 'arn:aws:iam::111122223333:role/service-role/deploy',
      }),
    ).toMatchObject({
      role: 'deploy',
      'principal-kind': 'role',
      'principal-name': 'deploy',
    });
    expect(
      placeholderValues({
        resourceType: 'aws.iam.group',
        resourceId: 'arn:aws:iam::111122223333:group/admins',
      }),
    ).toMatchObject({
      group: 'admins',
      'principal-kind': 'group',
    });
  });

  it('names the user of a credential-report row, and no user for the root row', () => {
    expect(
      placeholderValues({
        resourceType: 'aws.iam.credentials',
        resourceId: 'arn:aws:iam::111122223333:user/bob',
      }).user,
    ).toBe('bob');
    const root = placeholderValues({
      resourceType: 'aws.iam.credentials',
      resourceId: 'arn:aws:iam::111122223333:root',
    });
    expect(root.user).toBeUndefined();
    expect(root['account-id']).toBe('111122223333');
  });

  it('gives a managed policy its ARN and name, an AWS-managed one included', () => {
    expect(
      placeholderValues({
        resourceType: 'aws.iam.policy',
        resourceId: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    ).toMatchObject({
      'policy-arn': 'arn:aws:iam::aws:policy/AdministratorAccess',
      policy: 'AdministratorAccess',
    });
    expect(
      placeholderValues({
        resourceType: 'aws.iam.policy',
        resourceId: 'arn:aws:iam::aws:policy/AdministratorAccess',
      })['account-id'],
    ).toBeUndefined();
  });

  it('reads buckets, the account Block Public Access, trails, keys, security groups and region resources', () => {
    expect(placeholderValues({ resourceType: 'aws.s3.bucket', resourceId: 'arn:aws:s3:::logs-1' })).toEqual({
      partition: 'aws',
      bucket: 'logs-1',
    });
    expect(
      placeholderValues({
        resourceType: 'aws.s3.account-public-access-block',
        resourceId: 'arn:aws:s3:::account/111122223333',
      }),
    ).toEqual({
      partition: 'aws',
      'account-id': '111122223333',
    });
    expect(
      placeholderValues({
        resourceType: 'aws.cloudtrail.trail',
        resourceId: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/main',
      }),
    ).toMatchObject({
      trail: 'main',
      region: 'eu-west-1',
    });
    expect(
      placeholderValues({
        resourceType: 'aws.kms.key',
        resourceId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab',
      }),
    ).toMatchObject({
      'key-id': '1234abcd-12ab',
      region: 'us-east-1',
    });
    expect(
      placeholderValues({
        resourceType: 'aws.ec2.security-group',
        resourceId: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-0abc',
      }),
    ).toMatchObject({
      'group-id': 'sg-0abc',
      region: 'us-east-1',
    });
    expect(
      placeholderValues({
        resourceType: 'aws.guardduty.region',
        resourceId: 'arn:aws-us-gov:guardduty:us-gov-west-1:111122223333:region-settings',
      }),
    ).toEqual({
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      'account-id': '111122223333',
    });
  });

  it('gives nothing for an id that is not an ARN, and no name of another type (a bucket is not a user)', () => {
    expect(placeholderValues({ resourceType: 'aws.iam.user', resourceId: 'alice' })).toEqual({});
    expect(
      placeholderValues({ resourceType: 'aws.s3.bucket', resourceId: 'arn:aws:s3:::logs-1' }).user,
    ).toBeUndefined();
  });
});

describe('remediationFor', () => {
  it('fills what the resource gives and leaves every other placeholder for the engineer', () => {
    const r = remediationFor(TEMPLATE, {
      resourceType: 'aws.iam.credentials',
      resourceId: 'arn:aws:iam::111122223333:user/alice',
    });
    expect(r).toEqual({
      change: 'Fix alice in <region>.',
      console: 'IAM > Users > alice',
      cli: 'aws iam delete-login-profile --user-name alice\naws iam get-access-key-last-used --access-key-id <access-key-id>',
    });
  });

  it('fills plain settings by their name, and the resource wins over a setting of the same name', () => {
    const template = {
      change: 'c',
      console: 'c',
      cli: 'aws iam update-account-password-policy --minimum-password-length <minPasswordLength> # <user>',
    };
    const r = remediationFor(
      template,
      { resourceType: 'aws.iam.credentials', resourceId: 'arn:aws:iam::1:user/alice' },
      { minPasswordLength: 16, user: 'x', list: [1] },
    );
    expect(r.cli).toBe('aws iam update-account-password-policy --minimum-password-length 16 # alice');
  });

  it('leaves the template unchanged when the resource gives nothing', () => {
    expect(remediationFor(TEMPLATE, { resourceType: 'aws.iam.user', resourceId: 'not-an-arn' })).toEqual(
      TEMPLATE,
    );
  });
});

describe('fillPlaceholders', () => {
  it('replaces only whole <name> tokens it has values for', () => {
    expect(fillPlaceholders('a <x> <y> <x>y> <-x> x>', { x: '1' })).toBe('a 1 <y> 1y> <-x> x>');
  });
});
