/**
 * Collects IAM in bulk: one paginated GetAccountAuthorizationDetails stream (users, groups, roles,
 * local and AWS-managed policies), the credential report, and a handful of account-level calls.
 * IAM calls = ceil(entities / 1000) + (report polls) + 5 or so, whatever the number of users.
 * Never calls an operation that returns a secret.
 */
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListServerCertificates,
  paginateListVirtualMFADevices,
} from '@aws-sdk/client-iam';
import { iamAccountSettingsId, type IamAccount, type IamCredentials, type Resource } from '../../model/resources.ts';
import type { Log } from '../log.ts';
import { AwsCallError } from './aws-call-error.ts';
import type { AwsClients } from './clients.ts';
import { parseCredentialReport } from './credential-report.ts';
import { mapGaadPages, type IamEntity } from './gaad-mapper.ts';
import { toIsoUtc } from './iso-time.ts';
import type { ProvenanceRecorder } from './provenance-recorder.ts';
import { retryOperation, type OperationRetryPolicy } from './retry-operation.ts';

export const GAAD_PAGE_SIZE = 1000;

export interface ReportPollPolicy {
  /** GenerateCredentialReport calls at most, before giving up. */
  maxPolls: number;
  initialDelayMs: number;
  maxDelayMs: number;
}
export const DEFAULT_REPORT_POLL: ReportPollPolicy = { maxPolls: 8, initialDelayMs: 1000, maxDelayMs: 8000 };

export interface IamCollectorContext {
  clients: AwsClients;
  recorder: ProvenanceRecorder;
  accountId: string;
  partition: string;
  log: Log;
  retry: OperationRetryPolicy;
  reportPoll: ReportPollPolicy;
  /** Aborts the collection's calls and waits (its deadline, or another operation's failure). */
  signal: AbortSignal;
  /** The wait between report polls, ending early when the signal aborts; injectable so tests and the demo do not wait. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Jitter source in [0,1); injectable for deterministic tests. */
  random?: () => number;
}

export interface IamCollection {
  resources: Resource[];
  credentialReportGeneratedAt: string | null;
}

export async function collectIam(ctx: IamCollectorContext): Promise<IamCollection> {
  const [entities, report, account] = await Promise.all([
    readAuthorizationDetails(ctx),
    readCredentialReport(ctx),
    readAccount(ctx),
  ]);
  ctx.log.info('iam collected', { entities: entities.length, credentialRows: report.rows.length });
  return {
    resources: [...entities, ...report.rows, account],
    credentialReportGeneratedAt: report.generatedAt,
  };
}

/** Every user, group, role and managed policy, in one paginated stream with no filter. */
export function readAuthorizationDetails(ctx: IamCollectorContext): Promise<IamEntity[]> {
  const region = ctx.clients.homeRegion;
  const operation = 'GetAccountAuthorizationDetails';
  return retryOperation(
    `iam:${operation}`,
    () =>
      ctx.recorder.run(
        { service: 'iam', operation, region, params: { MaxItems: GAAD_PAGE_SIZE }, paginated: true },
        async (handle) => {
          // A fresh accumulator per attempt: a restarted pagination cannot duplicate or lose entities.
          const entities: IamEntity[] = [];
          let truncated = true;
          const pages = paginateGetAccountAuthorizationDetails(
            { client: ctx.clients.iam(), pageSize: GAAD_PAGE_SIZE },
            { MaxItems: GAAD_PAGE_SIZE },
          );
          for await (const page of pages) {
            entities.push(...mapGaadPages([page]));
            truncated = page.IsTruncated === true;
            handle.pageFinal(!truncated);
          }
          if (truncated)
            throw new AwsCallError(
              'iam',
              operation,
              region,
              'IncompletePagination',
              null,
              'the last page said IsTruncated=true but gave no Marker',
            );
          return entities;
        },
      ),
    ctx.retry,
    ctx.log,
    ctx.signal,
  );
}

/** Generates the credential report (polling with jittered exponential backoff), reads and parses it. */
export function readCredentialReport(
  ctx: IamCollectorContext,
): Promise<{ rows: IamCredentials[]; generatedAt: string | null }> {
  const region = ctx.clients.homeRegion;
  const random = ctx.random ?? Math.random;
  return retryOperation(
    'iam:credential-report',
    async () => {
      let delay = ctx.reportPoll.initialDelayMs;
      for (let poll = 1; ; poll++) {
        const out = await ctx.recorder.run(
          { service: 'iam', operation: 'GenerateCredentialReport', region, params: {} },
          () => ctx.clients.iam().send(new GenerateCredentialReportCommand({})),
        );
        if (out.State === 'COMPLETE') break;
        if (poll >= ctx.reportPoll.maxPolls) {
          throw new AwsCallError(
            'iam',
            'GenerateCredentialReport',
            region,
            'CredentialReportNotReady',
            null,
            `report still ${out.State ?? 'not complete'} after ${poll} polls`,
          );
        }
        const wait = Math.round(delay * (0.5 + random() / 2));
        await ctx.recorder.waitBefore('iam:GenerateCredentialReport', () => ctx.sleep(wait, ctx.signal));
        ctx.signal.throwIfAborted(); // an injected sleep may not listen to the signal
        delay = Math.min(delay * 2, ctx.reportPoll.maxDelayMs);
      }
      const report = await ctx.recorder.run(
        { service: 'iam', operation: 'GetCredentialReport', region, params: {} },
        () => ctx.clients.iam().send(new GetCredentialReportCommand({})),
      );
      if (!report.Content)
        throw new AwsCallError(
          'iam',
          'GetCredentialReport',
          region,
          'IncompleteResponse',
          null,
          'no Content in the answer',
        );
      const csv = new TextDecoder('utf-8').decode(report.Content);
      return {
        rows: parseCredentialReport(csv, ctx.accountId, ctx.partition),
        generatedAt: toIsoUtc(report.GeneratedTime),
      };
    },
    ctx.retry,
    ctx.log,
    ctx.signal,
  );
}

/** Password policy, account summary, root's virtual MFA devices, server certificate count. */
export async function readAccount(ctx: IamCollectorContext): Promise<IamAccount> {
  const region = ctx.clients.homeRegion;
  const iam = ctx.clients.iam();
  const rootArn = `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
  const once = <T>(what: string, fn: () => Promise<T>) =>
    retryOperation(`iam:${what}`, fn, ctx.retry, ctx.log, ctx.signal);

  const passwordPolicy = once('GetAccountPasswordPolicy', () =>
    ctx.recorder.runOptional(
      {
        service: 'iam',
        operation: 'GetAccountPasswordPolicy',
        region,
        params: {},
        notConfigured: ['NoSuchEntity'],
      },
      async () => {
        const p = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
        if (!p)
          throw new AwsCallError(
            'iam',
            'GetAccountPasswordPolicy',
            region,
            'IncompleteResponse',
            null,
            'no PasswordPolicy in the answer',
          );
        return {
          minimumPasswordLength: p.MinimumPasswordLength ?? null,
          requireSymbols: p.RequireSymbols ?? false,
          requireNumbers: p.RequireNumbers ?? false,
          requireUppercaseCharacters: p.RequireUppercaseCharacters ?? false,
          requireLowercaseCharacters: p.RequireLowercaseCharacters ?? false,
          allowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
          expirePasswords: p.ExpirePasswords ?? false,
          maxPasswordAge: p.MaxPasswordAge ?? null,
          passwordReusePrevention: p.PasswordReusePrevention ?? null,
          hardExpiry: p.HardExpiry ?? false,
        };
      },
    ),
  );
  const summary = once('GetAccountSummary', () =>
    ctx.recorder.run({ service: 'iam', operation: 'GetAccountSummary', region, params: {} }, async () => {
      const map = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
      return Object.fromEntries(
        Object.entries(map).filter((e): e is [string, number] => typeof e[1] === 'number'),
      );
    }),
  );
  const rootVirtualMfaSerials = once('ListVirtualMFADevices', () =>
    ctx.recorder.run(
      {
        service: 'iam',
        operation: 'ListVirtualMFADevices',
        region,
        params: { AssignmentStatus: 'Assigned', MaxItems: 1000 },
        paginated: true,
      },
      async (handle) => {
        const serials: string[] = [];
        for await (const page of paginateListVirtualMFADevices(
          { client: iam, pageSize: 1000 },
          { AssignmentStatus: 'Assigned', MaxItems: 1000 },
        )) {
          for (const d of page.VirtualMFADevices ?? [])
            if (d.User?.Arn === rootArn && d.SerialNumber) serials.push(d.SerialNumber);
          handle.pageFinal(page.IsTruncated !== true);
        }
        return serials.sort();
      },
    ),
  );
  const serverCertificateCount = once('ListServerCertificates', () =>
    ctx.recorder.run(
      {
        service: 'iam',
        operation: 'ListServerCertificates',
        region,
        params: { MaxItems: 1000 },
        paginated: true,
      },
      async (handle) => {
        let count = 0;
        for await (const page of paginateListServerCertificates(
          { client: iam, pageSize: 1000 },
          { MaxItems: 1000 },
        )) {
          count += page.ServerCertificateMetadataList?.length ?? 0;
          handle.pageFinal(page.IsTruncated !== true);
        }
        return count;
      },
    ),
  );
  const [pp, sm, mfa, certs] = await Promise.all([
    passwordPolicy,
    summary,
    rootVirtualMfaSerials,
    serverCertificateCount,
  ]);
  return {
    type: 'aws.iam.account',
    id: iamAccountSettingsId(ctx.partition, ctx.accountId),
    accountId: ctx.accountId,
    passwordPolicy: pp,
    summary: sm,
    rootVirtualMfaSerials: mfa,
    serverCertificateCount: certs,
  };
}
