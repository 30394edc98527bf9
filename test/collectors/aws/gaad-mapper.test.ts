import { describe, expect, it } from 'vitest';
import { GaadMappingError, mapGaadPages, type GaadPage } from '../../../collectors/aws/gaad-mapper.ts';
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
