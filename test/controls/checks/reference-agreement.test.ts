/**
 * The checks and the sandbox's independent reference evaluation (the scenario's answer key) must
 * agree on legitimate uses too, not only on the scenario's planted violations: both judge one small
 * account holding each legitimate use next to the look-alike that still fails.
 */
import { describe, expect, it } from 'vitest';
import { CheckSettings } from '../../../config/schema.ts';
import { targetTypes } from '../../../controls/check.ts';
import { ALL_CHECKS } from '../../../controls/checks/index.ts';
import { SnapshotIndex } from '../../../controls/snapshot-index.ts';
import type { Resource } from '../../../model/resources.ts';
import { IncrementalReference, evaluateReference } from '../../../sandbox/reference-checks.ts';
import {
  ADMIN,
  AS_OF,
  NO_KEY,
  account,
  accountBpa,
  allow,
  bucket,
  credentials,
  deny,
  doc,
  group,
  managedPolicy,
  role,
  rootCredentials,
  user,
} from '../fixtures.ts';

const bounded = { permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/DevBoundary' };
const putFrom = (service: string, name: string) => ({
  Effect: 'Allow',
  Principal: { Service: service },
  Action: 's3:PutObject',
  Resource: `arn:aws:s3:::${name}/*`,
});
const tlsDeny = (name: string) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});
const sseS3 = [{ sseAlgorithm: 'AES256', kmsMasterKeyId: null, bucketKeyEnabled: false }];
const inlineAdmin = [{ name: 'everything', document: ADMIN }];

function account0(): Resource[] {
  return [
    account(),
    accountBpa(),
    rootCredentials(),
    user({ ...bounded }),
    credentials(),
    group({ attachedPolicies: [{ arn: 'arn:aws:iam::123456789012:policy/ReadData', name: 'ReadData' }] }),
    // Empty groups: one holding nothing (legitimate), one holding a policy (fails).
    group({ name: 'placeholder' }),
    group({ name: 'break-glass', attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', name: 'ReadOnlyAccess' }] }),
    role({ attachedPolicies: [{ arn: 'arn:aws:iam::123456789012:policy/ReadData', name: 'ReadData' }] }),
    managedPolicy(),
    // A boundary allowing "*" (legitimate) and the same document attached to nothing (fails).
    managedPolicy({ name: 'DevBoundary', document: doc(allow('*', '*'), deny('iam:*', '*')), attachmentCount: 0, permissionsBoundaryUsageCount: 3 }),
    managedPolicy({ name: 'Leftover', document: doc(allow('*', '*')), attachmentCount: 0, permissionsBoundaryUsageCount: 0 }),
    // Inline admin on a service-linked role (AWS-owned), on an Identity Center role and on our own role.
    role({ name: 'AWSServiceRoleForExample', path: '/aws-service-role/example.amazonaws.com/', inlinePolicies: inlineAdmin }),
    role({ name: 'AWSReservedSSO_Admins_1', path: '/aws-reserved/sso.amazonaws.com/', inlinePolicies: inlineAdmin }),
    role({ name: 'app-lambda', path: '/service-role/', inlinePolicies: inlineAdmin }),
    // Delegated permission management: confined to a boundary (legitimate), and with an escape (fails).
    role({ name: 'platform-admin', inlinePolicies: [{ name: 'delegate', document: doc(allow(['iam:AttachRolePolicy', 'iam:PutRolePolicy'], '*', { Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::123456789012:policy/DevBoundary' } } })) }] }),
    role({ name: 'platform-escape', inlinePolicies: [{ name: 'delegate', document: doc(allow(['iam:AttachRolePolicy', 'iam:DeleteRolePermissionsBoundary'], '*', { Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::123456789012:policy/DevBoundary' } } })) }] }),
    // A user with no credential at all, and an API-only user without MFA.
    user({ name: 'placeholder', ...bounded }),
    credentials({ user: 'placeholder', passwordEnabled: false, mfaActive: false, accessKey1: NO_KEY }),
    user({ name: 'ci', ...bounded }),
    credentials({ user: 'ci', passwordEnabled: false, mfaActive: false }),
    // Buckets: a source and its replica, a server access log destination, an ELB log bucket on
    // SSE-S3, an access-point delegating bucket, and a data bucket with neither logging nor replication.
    bucket({ name: 'records' }),
    bucket({ name: 'records-dr', replication: null }),
    bucket({ name: 'access-logs', logging: null, policy: doc(tlsDeny('access-logs'), putFrom('logging.s3.amazonaws.com', 'access-logs')) }),
    bucket({ name: 'alb-logs', encryption: sseS3, policy: doc(tlsDeny('alb-logs'), putFrom('logdelivery.elasticloadbalancing.amazonaws.com', 'alb-logs')) }),
    bucket({
      name: 'shared',
      policy: doc(tlsDeny('shared'), {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: '*',
        Resource: ['arn:aws:s3:::shared', 'arn:aws:s3:::shared/*'],
        Condition: { StringEquals: { 's3:DataAccessPointAccount': '123456789012' } },
      }),
    }),
    bucket({ name: 'scratch', logging: null, replication: null, encryption: sseS3 }),
  ];
}

function checkFailures(resources: readonly Resource[]): string[] {
  const index = new SnapshotIndex(resources);
  const ctx = { asOf: AS_OF, settings: CheckSettings.parse({ requirePermissionsBoundary: true }), index };
  const out: string[] = [];
  for (const check of ALL_CHECKS) {
    for (const type of targetTypes(check)) {
      for (const r of index.ofType(type)) if (check.evaluate(r as never, ctx).outcome === 'fail') out.push(`${check.id} ${r.id}`);
    }
  }
  return out.sort();
}

describe('checks and the reference evaluation on legitimate uses', () => {
  it('fail exactly the same resources', () => {
    const resources = account0();
    const reference = evaluateReference(resources, AS_OF.getTime()).map((f) => `${f.checkId} ${f.resourceId}`);
    expect(checkFailures(resources)).toEqual([...new Set(reference)].sort());
  });

  it('the incremental reference agrees with the full one, also after the replica source stops replicating', () => {
    const resources = account0();
    const key = (r: Resource): string => `${r.type} ${r.id}`;
    const byKey = new Map(resources.map((r) => [key(r), r]));
    const incremental = new IncrementalReference();
    incremental.update(byKey.keys(), (k) => byKey.get(k));
    const keysOf = (fs: { checkId: string; resourceId: string }[]): string[] => fs.map((f) => `${f.checkId} ${f.resourceId}`).sort();
    expect(keysOf(incremental.failuresAt(AS_OF.getTime()))).toEqual(keysOf(evaluateReference(resources, AS_OF.getTime())));

    const source = byKey.get('aws.s3.bucket arn:aws:s3:::records')!;
    byKey.set(key(source), { ...source, replication: null } as Resource);
    incremental.update([key(source)], (k) => byKey.get(k));
    const after = keysOf(incremental.failuresAt(AS_OF.getTime()));
    expect(after).toEqual(keysOf(evaluateReference([...byKey.values()], AS_OF.getTime())));
    expect(after).toContain('s3.bucket-replication arn:aws:s3:::records-dr');
  });

  it('and the look-alikes do fail (the agreement is not on an empty list)', () => {
    const failures = checkFailures(account0());
    expect(failures).toEqual(
      expect.arrayContaining([
        'iam.group-has-members arn:aws:iam::123456789012:group/break-glass',
        'iam.customer-policy-no-admin arn:aws:iam::123456789012:policy/Leftover',
        'iam.inline-policy-no-admin arn:aws:iam::123456789012:role/AWSReservedSSO_Admins_1',
        'iam.no-inline-policies arn:aws:iam::123456789012:role/app-lambda',
        'iam.inline-policy-no-privesc arn:aws:iam::123456789012:role/platform-escape',
        'iam.user-mfa arn:aws:iam::123456789012:user/ci',
        's3.bucket-access-logging arn:aws:s3:::scratch',
        's3.bucket-replication arn:aws:s3:::scratch',
        's3.bucket-kms-encryption arn:aws:s3:::scratch',
      ]),
    );
    for (const legit of [
      'iam.group-has-members arn:aws:iam::123456789012:group/placeholder',
      'iam.customer-policy-no-admin arn:aws:iam::123456789012:policy/DevBoundary',
      'iam.no-inline-policies arn:aws:iam::123456789012:role/AWSReservedSSO_Admins_1',
      'iam.inline-policy-no-admin arn:aws:iam::123456789012:role/AWSServiceRoleForExample',
      'iam.user-mfa arn:aws:iam::123456789012:user/placeholder',
      'iam.inline-policy-no-privesc arn:aws:iam::123456789012:role/platform-admin',
      's3.bucket-access-logging arn:aws:s3:::access-logs',
      's3.bucket-replication arn:aws:s3:::records-dr',
      's3.bucket-kms-encryption arn:aws:s3:::alb-logs',
      's3.bucket-policy-no-wildcard-principal arn:aws:s3:::shared',
    ]) expect(failures).not.toContain(legit);
  });
});
