import { describe, expect, it } from 'vitest';
import {
  DERIVED_FROM_ARN,
  GaadMappingError,
  mapGaadPages,
  RECORDED_AS_NULL,
  type GaadPage,
} from '../../../collectors/aws/gaad-mapper.ts';
import { parseIamArn } from '../../../collectors/aws/iam-arn.ts';
import { PolicyDocumentError } from '../../../collectors/aws/policy-document.ts';
import { Resource } from '../../../model/resources.ts';

const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const adminDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const readDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] };
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const t = new Date('2024-05-06T07:08:09Z');

const page1: GaadPage = {
  UserDetailList: [
    {
      Path: '/eng/',
      UserName: 'alice',
      UserId: 'AIDAALICE',
      Arn: 'arn:aws:iam::123456789012:user/eng/alice',
      CreateDate: t,
      GroupList: ['devs'],
      AttachedManagedPolicies: [
        { PolicyName: 'ReadOnly', PolicyArn: 'arn:aws:iam::123456789012:policy/ReadOnly' },
      ],
      UserPolicyList: [{ PolicyName: 'inline-admin', PolicyDocument: enc(adminDoc) }],
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/Boundary',
      },
      Tags: [{ Key: 'team', Value: 'eng' }],
    },
  ],
  GroupDetailList: [
    {
      Path: '/',
      GroupName: 'devs',
      GroupId: 'AGPADEVS',
      Arn: 'arn:aws:iam::123456789012:group/devs',
      CreateDate: t,
      GroupPolicyList: [],
      AttachedManagedPolicies: [],
    },
  ],
};
const page2: GaadPage = {
  RoleDetailList: [
    {
      Path: '/',
      RoleName: 'app',
      RoleId: 'AROAAPP',
      Arn: 'arn:aws:iam::123456789012:role/app',
      CreateDate: t,
      AssumeRolePolicyDocument: enc(trust),
      RolePolicyList: [],
      AttachedManagedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
      RoleLastUsed: { LastUsedDate: new Date('2026-01-01T00:00:00Z'), Region: 'eu-west-1' },
      Tags: [],
    },
  ],
  Policies: [
    {
      PolicyName: 'ReadOnly',
      PolicyId: 'ANPAREAD',
      Arn: 'arn:aws:iam::123456789012:policy/ReadOnly',
      Path: '/',
      DefaultVersionId: 'v2',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: t,
      UpdateDate: new Date('2025-01-01T00:00:00Z'),
      PolicyVersionList: [
        { VersionId: 'v1', IsDefaultVersion: false, Document: enc(adminDoc), CreateDate: t },
        { VersionId: 'v2', IsDefaultVersion: true, Document: enc(readDoc), CreateDate: t },
      ],
    },
    {
      PolicyName: 'AdministratorAccess',
      PolicyId: 'ANPAADMIN',
      Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: t,
      UpdateDate: t,
      PolicyVersionList: [
        { VersionId: 'v1', IsDefaultVersion: true, Document: JSON.stringify(adminDoc), CreateDate: t },
      ],
    },
  ],
};

describe('mapGaadPages', () => {
  const resources = mapGaadPages([page1, page2]);

  it('maps every entity of every page to a valid model resource', () => {
    expect(resources.map((r) => `${r.type} ${r.id}`)).toEqual([
      'aws.iam.user arn:aws:iam::123456789012:user/eng/alice',
      'aws.iam.group arn:aws:iam::123456789012:group/devs',
      'aws.iam.role arn:aws:iam::123456789012:role/app',
      'aws.iam.policy arn:aws:iam::123456789012:policy/ReadOnly',
      'aws.iam.policy arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    for (const r of resources) expect(Resource.parse(r)).toEqual(r);
  });

  it('decodes URL-encoded inline and trust policy documents', () => {
    const user = resources[0]!;
    expect(user.type === 'aws.iam.user' && user.inlinePolicies).toEqual([
      { name: 'inline-admin', document: adminDoc },
    ]);
    const role = resources[2]!;
    expect(role.type === 'aws.iam.role' && role.assumeRolePolicy).toEqual(trust);
  });

  it('keeps user groups, attached policies, boundary and tags, with times in UTC ISO form', () => {
    expect(resources[0]).toMatchObject({
      name: 'alice',
      path: '/eng/',
      groups: ['devs'],
      attachedPolicies: [{ arn: 'arn:aws:iam::123456789012:policy/ReadOnly', name: 'ReadOnly' }],
      permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/Boundary',
      tags: [{ key: 'team', value: 'eng' }],
      createDate: '2024-05-06T07:08:09.000Z',
    });
  });

  it('keeps only the default version document of a managed policy and tells AWS-managed apart', () => {
    expect(resources[3]).toMatchObject({
      defaultVersionId: 'v2',
      document: readDoc,
      isAwsManaged: false,
      updateDate: '2025-01-01T00:00:00.000Z',
    });
    expect(resources[4]).toMatchObject({ isAwsManaged: true, document: adminDoc });
  });

  it('records role last use, and null when the role was never used', () => {
    expect(resources[2]).toMatchObject({
      lastUsedDate: '2026-01-01T00:00:00.000Z',
      lastUsedRegion: 'eu-west-1',
    });
    const neverUsed = mapGaadPages([
      { RoleDetailList: [{ ...page2.RoleDetailList![0]!, RoleLastUsed: {} }] },
    ])[0];
    expect(neverUsed).toMatchObject({ lastUsedDate: null, lastUsedRegion: null });
  });

  it('names the entity when a field is missing or a document is not JSON', () => {
    expect(() =>
      mapGaadPages([{ UserDetailList: [{ ...page1.UserDetailList![0]!, UserId: undefined }] }]),
    ).toThrowError(GaadMappingError);
    expect(() =>
      mapGaadPages([{ UserDetailList: [{ ...page1.UserDetailList![0]!, UserId: undefined }] }]),
    ).toThrowError(/user arn:aws:iam::123456789012:user\/eng\/alice: field UserId/);
    expect(() =>
      mapGaadPages([
        {
          UserDetailList: [
            {
              ...page1.UserDetailList![0]!,
              UserPolicyList: [{ PolicyName: 'p', PolicyDocument: '%7Bnope' }],
            },
          ],
        },
      ]),
    ).toThrowError(PolicyDocumentError);
  });

  it('fails when the default version is not in the version list', () => {
    const p = {
      ...page2.Policies![0]!,
      DefaultVersionId: 'v9',
      PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: false, Document: enc(readDoc) }],
    };
    expect(() => mapGaadPages([{ Policies: [p] }])).toThrowError(/no default version \(v9\)/);
  });
});

/** Maps with an anomaly collector, so a test sees what was noted. */
function mapNoting(pages: GaadPage[]) {
  const anomalies: string[] = [];
  const resources = mapGaadPages(pages, (field, resolution, entity) => anomalies.push(`${field} ${resolution}: ${entity}`));
  return { resources, anomalies };
}

describe('mapGaadPages as a tolerant reader', () => {
  const awsPolicy = page2.Policies![1]!;
  const customer = { ...page2.Policies![0]!, Arn: 'arn:aws:iam::123456789012:policy/team/eng/ReadOnly', Path: '/team/eng/' };

  it('derives a managed policy name from its ARN and records a missing PolicyId as null, noting both', () => {
    const stripped = [awsPolicy, customer].map(({ PolicyName: _n, PolicyId: _i, ...rest }) => rest);
    const { resources, anomalies } = mapNoting([{ Policies: stripped }]);
    expect(resources).toMatchObject([
      { id: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess', policyId: null, path: '/', isAwsManaged: true, document: adminDoc },
      { id: customer.Arn, name: 'ReadOnly', policyId: null, path: '/team/eng/', document: readDoc },
    ]);
    for (const r of resources) expect(Resource.parse(r)).toEqual(r);
    expect(anomalies).toEqual([
      `Policies[].PolicyId ${RECORDED_AS_NULL}: arn:aws:iam::aws:policy/AdministratorAccess`,
      `Policies[].PolicyName ${DERIVED_FROM_ARN}: arn:aws:iam::aws:policy/AdministratorAccess`,
      `Policies[].PolicyId ${RECORDED_AS_NULL}: ${customer.Arn}`,
      `Policies[].PolicyName ${DERIVED_FROM_ARN}: ${customer.Arn}`,
    ]);
  });

  it('notes nothing for a complete answer', () => {
    expect(mapNoting([page1, page2]).anomalies).toEqual([]);
  });

  it('derives the names of attached policies, principals and a policy path from their ARNs', () => {
    const user = page1.UserDetailList![0]!;
    const role = page2.RoleDetailList![0]!;
    const { resources, anomalies } = mapNoting([
      {
        UserDetailList: [{ ...user, UserName: undefined, AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' }] }],
        RoleDetailList: [{ ...role, RoleName: undefined, AttachedManagedPolicies: [{ PolicyArn: customer.Arn }] }],
        GroupDetailList: [{ ...page1.GroupDetailList![0]!, GroupName: undefined }],
        Policies: [{ ...customer, Path: undefined }],
      },
    ]);
    expect(resources).toMatchObject([
      { name: 'alice', attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', name: 'ViewOnlyAccess' }] },
      { name: 'devs' },
      { name: 'app', attachedPolicies: [{ arn: customer.Arn, name: 'ReadOnly' }] },
      { name: 'ReadOnly', path: '/team/eng/', policyId: 'ANPAREAD' },
    ]);
    expect(anomalies).toHaveLength(6);
    expect(anomalies).toContain(`UserDetailList[].AttachedManagedPolicies[].PolicyName ${DERIVED_FROM_ARN}: arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`);
    expect(anomalies).toContain(`Policies[].Path ${DERIVED_FROM_ARN}: ${customer.Arn}`);
  });

  it('takes a missing DefaultVersionId from the version marked default, and a missing UpdateDate from CreateDate', () => {
    const { resources, anomalies } = mapNoting([{ Policies: [{ ...customer, DefaultVersionId: undefined, UpdateDate: undefined }] }]);
    expect(resources[0]).toMatchObject({ defaultVersionId: 'v2', document: readDoc, updateDate: '2024-05-06T07:08:09.000Z' });
    expect(anomalies).toEqual([
      `Policies[].DefaultVersionId taken from the version marked IsDefaultVersion: ${customer.Arn}`,
      `Policies[].UpdateDate taken from CreateDate: ${customer.Arn}`,
    ]);
  });

  it('still fails for what cannot be evidenced: no ARN, an ARN that gives no name, no default document, no id', () => {
    const { PolicyName: _n, ...noName } = customer;
    expect(() => mapNoting([{ Policies: [{ ...noName, Arn: undefined }] }])).toThrowError(/field Arn is missing/);
    expect(() => mapNoting([{ Policies: [{ ...noName, Arn: 'arn:aws:iam::123456789012:role/ReadOnly' }] }])).toThrowError(
      /field PolicyName is missing and the ARN arn:aws:iam::123456789012:role\/ReadOnly does not give it/,
    );
    expect(() => mapNoting([{ Policies: [{ ...customer, DefaultVersionId: undefined, PolicyVersionList: [] }] }])).toThrowError(
      /no default version \(DefaultVersionId missing\)/,
    );
    expect(() => mapNoting([{ RoleDetailList: [{ ...page2.RoleDetailList![0]!, RoleId: undefined }] }])).toThrowError(GaadMappingError);
  });
});

describe('parseIamArn', () => {
  it('reads partition, account, path and name, and refuses another kind or a malformed ARN', () => {
    expect(parseIamArn('arn:aws-us-gov:iam::aws:policy/service-role/AWSConfigRole', 'policy')).toEqual({
      partition: 'aws-us-gov',
      account: 'aws',
      kind: 'policy',
      path: '/service-role/',
      name: 'AWSConfigRole',
    });
    expect(parseIamArn('arn:aws:iam::123456789012:user/alice', 'user')).toMatchObject({ path: '/', name: 'alice' });
    expect(parseIamArn('arn:aws:iam::123456789012:user/alice', 'policy')).toBeNull();
    expect(parseIamArn('arn:aws:iam::123456789012:policy/', 'policy')).toBeNull();
    expect(parseIamArn('arn:aws:s3:::bucket/policy/x', 'policy')).toBeNull();
  });
});
