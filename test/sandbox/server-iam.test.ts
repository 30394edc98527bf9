import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  ListServerCertificatesCommand,
  ListUsersCommand,
  NoSuchEntityException,
  paginateGetAccountAuthorizationDetails,
  paginateListVirtualMFADevices,
  GetAccountAuthorizationDetailsCommand,
} from '@aws-sdk/client-iam';
import type { GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IamAccount, IamCredentials, Resource } from '../../model/resources.ts';
import { CREDENTIAL_REPORT_HEADER } from '../../sandbox/credential-report.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { startSandbox } from '../../sandbox/server.ts';
import type { SandboxHandle } from '../../sandbox/server.ts';
import { editedScenario } from './edited-scenario.ts';
import { iamClient, stsClient } from './sdk-clients.ts';

const scenario = buildScenario({ seed: 'iam-wire', size: 'demo' });
// A day on which AdministratorAccess is attached to a user (so it shows among the policies).
const DAY = (scenario.plantedViolations.find((p) => p.id === 'admin-attached-to-user')?.startDay as number) + 1;
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day: DAY });
});
afterAll(async () => {
  await sandbox.close();
});

const ofType = <T extends Resource['type']>(day: number, t: T) => scenario.stateOn(day).resources.filter((r): r is Extract<Resource, { type: T }> => r.type === t);

describe('STS', () => {
  it('GetCallerIdentity names the collecting user of the scenario account', async () => {
    const out = await stsClient(sandbox).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(scenario.accountId);
    expect(out.Arn).toBe(scenario.callerArn);
    expect(out.UserId).toBe(scenario.callerUserId);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GetAccountAuthorizationDetails', () => {
  it('returns every entity exactly once across pages, as the state has them', async () => {
    const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
    for await (const p of paginateGetAccountAuthorizationDetails({ client: iamClient(sandbox), pageSize: 7 }, {})) pages.push(p);
    expect(pages.length).toBeGreaterThan(5);
    expect(pages.slice(0, -1).every((p) => p.IsTruncated === true && !!p.Marker)).toBe(true);
    expect(pages.at(-1)?.IsTruncated).toBe(false);
    const ids = (sel: (p: GetAccountAuthorizationDetailsCommandOutput) => { Arn?: string }[] | undefined): string[] => pages.flatMap((p) => sel(p) ?? []).map((x) => x.Arn as string);
    const users = ids((p) => p.UserDetailList);
    expect(new Set(users).size).toBe(users.length);
    expect(users.sort()).toEqual(ofType(DAY, 'aws.iam.user').map((u) => u.id).sort());
    expect(ids((p) => p.GroupDetailList).sort()).toEqual(ofType(DAY, 'aws.iam.group').map((g) => g.id).sort());
    expect(ids((p) => p.RoleDetailList).sort()).toEqual(ofType(DAY, 'aws.iam.role').map((r) => r.id).sort());
    const policies = ids((p) => p.Policies);
    expect(policies.sort()).toEqual(ofType(DAY, 'aws.iam.policy').map((p) => p.id).sort());
    expect(policies).toContain('arn:aws:iam::aws:policy/AdministratorAccess');
  });

  it('carries URL-encoded documents, boundaries, role last use and policy versions', async () => {
    const out = await iamClient(sandbox).send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000 }));
    expect(out.IsTruncated).toBe(false);
    const role = out.RoleDetailList?.find((r) => r.RoleName === 's3-replication');
    expect(JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? ''))).toEqual(ofType(DAY, 'aws.iam.role').find((r) => r.name === 's3-replication')?.assumeRolePolicy);
    expect(role?.RoleLastUsed?.LastUsedDate).toBeInstanceOf(Date);
    const user = out.UserDetailList?.[0];
    expect(user?.PermissionsBoundary?.PermissionsBoundaryArn).toMatch(/:policy\/UserPermissionsBoundary$/);
    const policy = out.Policies?.find((p) => p.PolicyName === 'UserPermissionsBoundary');
    const version = policy?.PolicyVersionList?.find((v) => v.IsDefaultVersion);
    expect(version?.VersionId).toBe(policy?.DefaultVersionId);
    expect(JSON.parse(decodeURIComponent(version?.Document ?? ''))).toEqual(ofType(DAY, 'aws.iam.policy').find((p) => p.name === 'UserPermissionsBoundary')?.document);
    expect(policy?.PermissionsBoundaryUsageCount).toBe(ofType(DAY, 'aws.iam.user').length);
  });

  it('filters by entity type', async () => {
    const out = await iamClient(sandbox).send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'], MaxItems: 1000 }));
    expect(out.UserDetailList ?? []).toEqual([]);
    expect((out.Policies ?? []).length).toBeGreaterThan(0);
    expect(out.Policies?.every((p) => p.Arn?.startsWith('arn:aws:iam::aws:policy/'))).toBe(true);
  });

  it('rejects MaxItems above 1000 with a ValidationError', async () => {
    await expect(iamClient(sandbox).send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1001 }))).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
  });
});

describe('credential report', () => {
  it('is absent, then STARTED, in progress, COMPLETE, with the real CSV layout', async () => {
    const s = await startSandbox({ scenario, day: DAY });
    try {
      const iam = iamClient(s);
      await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({ name: 'CredentialReportNotPresentException', $metadata: { httpStatusCode: 410 } });
      expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
      await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({ name: 'CredentialReportNotReadyException', $metadata: { httpStatusCode: 404 } });
      expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
      const report = await iam.send(new GetCredentialReportCommand({}));
      expect(report.ReportFormat).toBe('text/csv');
      expect(report.GeneratedTime?.toISOString()).toBe(scenario.snapshotTime(DAY).toISOString());
      const lines = Buffer.from(report.Content as Uint8Array).toString('utf8').split('\n');
      expect(lines[0]).toBe(CREDENTIAL_REPORT_HEADER);
      expect(lines[1]).toMatch(/^<root_account>,arn:aws:iam::\d{12}:root,[^,]+\+00:00,not_supported,/);
      const rows = ofType(DAY, 'aws.iam.credentials');
      expect(lines.length - 1).toBe(rows.length);
      const apiOnly = rows.find((r) => !r.isRoot && r.passwordEnabled === false) as IamCredentials;
      const line = lines.find((l) => l.startsWith(`${apiOnly.user},`)) as string;
      expect(line.split(',').slice(3, 7)).toEqual(['false', 'N/A', 'N/A', 'N/A']);
      expect(line.split(',')).toHaveLength(22);
    } finally {
      await s.close();
    }
  });

  it('expires when the served day moves on', async () => {
    const s = await startSandbox({ scenario, day: 10 });
    try {
      const iam = iamClient(s);
      await iam.send(new GenerateCredentialReportCommand({}));
      await iam.send(new GenerateCredentialReportCommand({}));
      await iam.send(new GetCredentialReportCommand({}));
      s.setDay(11);
      await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({ name: 'CredentialReportExpiredException' });
      expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    } finally {
      await s.close();
    }
  });
});

describe('account-level IAM calls', () => {
  it('GetAccountSummary and GetAccountPasswordPolicy serve the account resource', async () => {
    const account = ofType(DAY, 'aws.iam.account')[0] as IamAccount;
    const iam = iamClient(sandbox);
    expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap).toEqual(account.summary);
    const policy = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
    expect(policy?.MinimumPasswordLength).toBe(14);
    expect(policy?.PasswordReusePrevention).toBe(24);
    expect(policy?.MaxPasswordAge).toBe(90);
  });

  it('answers NoSuchEntity (404) when no password policy is set', async () => {
    const noPolicy = editedScenario(scenario, (rs) => rs.map((r) => (r.type === 'aws.iam.account' ? { ...r, passwordPolicy: null } : r)));
    const s = await startSandbox({ scenario: noPolicy, day: 3 });
    try {
      const err = await iamClient(s).send(new GetAccountPasswordPolicyCommand({})).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NoSuchEntityException);
      expect((err as NoSuchEntityException).$metadata.httpStatusCode).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('lists assigned virtual MFA devices page by page', async () => {
    const serials: string[] = [];
    for await (const p of paginateListVirtualMFADevices({ client: iamClient(sandbox), pageSize: 4 }, { AssignmentStatus: 'Assigned' })) serials.push(...(p.VirtualMFADevices ?? []).map((d) => d.SerialNumber as string));
    const expected = ofType(DAY, 'aws.iam.credentials').filter((c) => !c.isRoot && c.mfaActive && scenario.hasVirtualMfa(c.user));
    expect(serials.length).toBe(expected.length);
    expect(new Set(serials).size).toBe(serials.length);
    expect(serials.length).toBeGreaterThan(5);
    expect(serials.every((s) => !s.endsWith(':mfa/root-account-mfa-device'))).toBe(true);
  });

  it('lists no server certificates and rejects operations it does not implement', async () => {
    expect((await iamClient(sandbox).send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList).toEqual([]);
    await expect(iamClient(sandbox).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
  });
});
