/**
 * IAM and STS over the Query protocol: the operations the collectors call, with AWS's XML shapes,
 * pagination (Marker / IsTruncated / MaxItems) and errors.
 */
import type { IamGroup, IamManagedPolicy, IamRole, IamUser, InlinePolicy, PolicyDocument } from '../model/resources.ts';
import { renderCredentialReport } from './credential-report.ts';
import type { DayView } from './day-view.ts';
import type { Scenario } from './scenario.ts';
import { el, esc, members, queryError, queryOk, queryTime } from './wire-format.ts';
import type { RequestIdSet, WireResponse } from './wire-format.ts';

export const IAM_OPERATIONS = [
  'GetAccountAuthorizationDetails',
  'GenerateCredentialReport',
  'GetCredentialReport',
  'GetAccountPasswordPolicy',
  'GetAccountSummary',
  'ListVirtualMFADevices',
  'ListServerCertificates',
] as const;
export const STS_OPERATIONS = ['GetCallerIdentity'] as const;

const GAAD_FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type GaadFilter = (typeof GAAD_FILTERS)[number];
const REPORT_MAX_AGE_MS = 4 * 3_600_000;

/** Server-side state of the credential report (per sandbox). */
export interface CredentialReportState {
  day: number;
  generatedAtMs: number;
  complete: boolean;
}

export interface QueryContext {
  scenario: Scenario;
  view: DayView;
  params: URLSearchParams;
  ids: RequestIdSet;
  nowMs: number;
  report: { current: CredentialReportState | null };
  /** Views of other days (markers carry the day of their first page). */
  viewOf: (day: number) => DayView;
}

const urlDoc = (doc: PolicyDocument): string => esc(encodeURIComponent(JSON.stringify(doc)));

const renderCache = new WeakMap<object, string>();
function cached<T extends object>(r: T, render: (r: T) => string): string {
  let s = renderCache.get(r);
  if (s === undefined) {
    s = render(r);
    renderCache.set(r, s);
  }
  return s;
}

const attached = (list: { arn: string; name: string }[]): string => members('AttachedManagedPolicies', list.map((p) => `${el('PolicyName', p.name)}${el('PolicyArn', p.arn)}`));
const inline = (name: string, list: InlinePolicy[]): string => members(name, list.map((p) => `${el('PolicyName', p.name)}<PolicyDocument>${urlDoc(p.document)}</PolicyDocument>`));
const tags = (list: { key: string; value: string }[]): string => (list.length ? members('Tags', list.map((t) => `${el('Key', t.key)}${el('Value', t.value)}`)) : '');
const boundary = (arn: string | null): string => (arn ? `<PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType>${el('PermissionsBoundaryArn', arn)}</PermissionsBoundary>` : '');

const renderUser = (u: IamUser): string =>
  `${el('Path', u.path)}${el('UserName', u.name)}${el('UserId', u.userId)}${el('Arn', u.id)}${el('CreateDate', queryTime(u.createDate))}${inline('UserPolicyList', u.inlinePolicies)}${members('GroupList', u.groups.map(esc))}${attached(u.attachedPolicies)}${boundary(u.permissionsBoundaryArn)}${tags(u.tags)}`;

const renderGroup = (g: IamGroup): string =>
  `${el('Path', g.path)}${el('GroupName', g.name)}${el('GroupId', g.groupId)}${el('Arn', g.id)}${el('CreateDate', queryTime(g.createDate))}${inline('GroupPolicyList', g.inlinePolicies)}${attached(g.attachedPolicies)}`;

const renderRole = (r: IamRole): string =>
  `${el('Path', r.path)}${el('RoleName', r.name)}${el('RoleId', r.roleId)}${el('Arn', r.id)}${el('CreateDate', queryTime(r.createDate))}<AssumeRolePolicyDocument>${urlDoc(r.assumeRolePolicy)}</AssumeRolePolicyDocument><InstanceProfileList/>${inline('RolePolicyList', r.inlinePolicies)}${attached(r.attachedPolicies)}${boundary(r.permissionsBoundaryArn)}${tags(r.tags)}${
    r.lastUsedDate ? `<RoleLastUsed>${el('LastUsedDate', queryTime(r.lastUsedDate))}${el('Region', r.lastUsedRegion)}</RoleLastUsed>` : '<RoleLastUsed/>'
  }`;

/** A managed policy with its default version (edits replace the version: one version is kept). */
const renderPolicy = (p: IamManagedPolicy): string =>
  `${el('PolicyName', p.name)}${el('PolicyId', p.policyId)}${el('Arn', p.id)}${el('Path', p.path)}${el('DefaultVersionId', p.defaultVersionId)}${el('AttachmentCount', p.attachmentCount)}${el('PermissionsBoundaryUsageCount', p.permissionsBoundaryUsageCount)}${el('IsAttachable', p.isAttachable)}${el('CreateDate', queryTime(p.createDate))}${el('UpdateDate', queryTime(p.updateDate))}${members(
    'PolicyVersionList',
    [`<Document>${urlDoc(p.document)}</Document>${el('VersionId', p.defaultVersionId)}<IsDefaultVersion>true</IsDefaultVersion>${el('CreateDate', queryTime(p.updateDate))}`],
  )}`;

function validationError(ctx: QueryContext, message: string): WireResponse {
  return queryError('iam', 400, 'ValidationError', message, ctx.ids);
}

function maxItems(ctx: QueryContext, fallback: number, limit: number): number | WireResponse {
  const raw = ctx.params.get('MaxItems');
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > limit) {
    return validationError(ctx, `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must have value ${n < 1 ? 'greater than or equal to 1' : `less than or equal to ${limit}`}`);
  }
  return n;
}

interface Marker {
  d: number; // day of the first page, so a walk stays on one day's state
  o: number; // offset
  k: string; // what is being listed
}

const encodeMarker = (m: Marker): string => Buffer.from(JSON.stringify(m)).toString('base64');

function decodeMarker(ctx: QueryContext, kind: string): Marker | null | WireResponse {
  const raw = ctx.params.get('Marker');
  if (raw === null) return null;
  try {
    const m = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Marker;
    if (m.k !== kind || !Number.isInteger(m.o) || m.o < 0 || !Number.isInteger(m.d) || m.d < 0 || m.d >= ctx.scenario.days) throw new Error('bad');
    return m;
  } catch {
    return validationError(ctx, 'Invalid Marker: the marker does not come from a previous page of this call.');
  }
}

function getAccountAuthorizationDetails(ctx: QueryContext): WireResponse {
  const filters: GaadFilter[] = [];
  for (let i = 1; ctx.params.has(`Filter.member.${i}`); i++) {
    const f = ctx.params.get(`Filter.member.${i}`) as string;
    if (!(GAAD_FILTERS as readonly string[]).includes(f)) {
      return validationError(ctx, `1 validation error detected: Value '[${f}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${GAAD_FILTERS.join(', ')}]]`);
    }
    if (!filters.includes(f as GaadFilter)) filters.push(f as GaadFilter);
  }
  const want = (f: GaadFilter): boolean => filters.length === 0 || filters.includes(f);
  const limit = maxItems(ctx, 100, 1000);
  if (typeof limit !== 'number') return limit;
  const kind = `gaad:${[...filters].sort().join(',')}`;
  const marker = decodeMarker(ctx, kind);
  if (marker && !('d' in marker)) return marker;
  const view = marker ? ctx.viewOf(marker.d) : ctx.view;
  const offset = marker ? marker.o : 0;

  const sections: { kind: 'u' | 'g' | 'r' | 'p'; items: object[] }[] = [];
  if (want('User')) sections.push({ kind: 'u', items: view.users });
  if (want('Group')) sections.push({ kind: 'g', items: view.groups });
  if (want('Role')) sections.push({ kind: 'r', items: view.roles });
  if (want('LocalManagedPolicy') || want('AWSManagedPolicy')) {
    sections.push({ kind: 'p', items: view.policies.filter((p) => (p.isAwsManaged ? want('AWSManagedPolicy') : want('LocalManagedPolicy'))) });
  }
  const total = sections.reduce((n, s) => n + s.items.length, 0);
  const out = { u: [] as string[], g: [] as string[], r: [] as string[], p: [] as string[] };
  let index = 0;
  const end = Math.min(total, offset + limit);
  for (const s of sections) {
    for (const item of s.items) {
      if (index >= offset && index < end) {
        const xml =
          s.kind === 'u' ? cached(item as IamUser, renderUser) : s.kind === 'g' ? cached(item as IamGroup, renderGroup) : s.kind === 'r' ? cached(item as IamRole, renderRole) : cached(item as IamManagedPolicy, renderPolicy);
        out[s.kind].push(xml);
      }
      index++;
      if (index >= end) break;
    }
    if (index >= end) break;
  }
  const truncated = end < total;
  const result =
    `<IsTruncated>${truncated}</IsTruncated>` +
    (truncated ? el('Marker', encodeMarker({ d: view.day, o: end, k: kind })) : '') +
    members('UserDetailList', out.u) +
    members('GroupDetailList', out.g) +
    members('RoleDetailList', out.r) +
    members('Policies', out.p);
  return queryOk('iam', 'GetAccountAuthorizationDetails', result, ctx.ids);
}

function reportUsable(ctx: QueryContext): boolean {
  const r = ctx.report.current;
  return !!r && r.day === ctx.view.day && ctx.nowMs - r.generatedAtMs < REPORT_MAX_AGE_MS;
}

/** First call starts a report (STARTED); the next call, or a poll of GetCredentialReport, completes it. */
function generateCredentialReport(ctx: QueryContext): WireResponse {
  let state: 'STARTED' | 'COMPLETE';
  let description: string;
  if (!reportUsable(ctx)) {
    ctx.report.current = { day: ctx.view.day, generatedAtMs: ctx.nowMs, complete: false };
    state = 'STARTED';
    description = 'No report exists. Starting a new report generation task';
  } else {
    (ctx.report.current as CredentialReportState).complete = true;
    state = 'COMPLETE';
    description = '';
  }
  return queryOk('iam', 'GenerateCredentialReport', `${el('State', state)}${description ? el('Description', description) : ''}`, ctx.ids);
}

const reportCache = new WeakMap<DayView, string>();

function getCredentialReport(ctx: QueryContext): WireResponse {
  const r = ctx.report.current;
  if (!r) return queryError('iam', 410, 'ReportNotPresent', 'Credential report not present. Use GenerateCredentialReport to generate a new report.', ctx.ids);
  if (!reportUsable(ctx)) return queryError('iam', 410, 'ReportExpired', 'The credential report has expired. Use GenerateCredentialReport to generate a new report.', ctx.ids);
  if (!r.complete) {
    r.complete = true; // ready on the next poll
    return queryError('iam', 404, 'ReportInProgress', 'Report is in progress. Try again later.', ctx.ids);
  }
  let csv = reportCache.get(ctx.view);
  if (csv === undefined) {
    csv = renderCredentialReport(ctx.view.credentials);
    reportCache.set(ctx.view, csv);
  }
  const generated = new Date(r.generatedAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return queryOk('iam', 'GetCredentialReport', `${el('Content', Buffer.from(csv).toString('base64'))}${el('ReportFormat', 'text/csv')}${el('GeneratedTime', generated)}`, ctx.ids);
}

function getAccountPasswordPolicy(ctx: QueryContext): WireResponse {
  const p = ctx.view.account.passwordPolicy;
  if (!p) return queryError('iam', 404, 'NoSuchEntity', `The Password Policy with domain name ${ctx.scenario.accountId} cannot be found.`, ctx.ids);
  const xml =
    `<PasswordPolicy>${el('AllowUsersToChangePassword', p.allowUsersToChangePassword)}${el('RequireLowercaseCharacters', p.requireLowercaseCharacters)}${el('RequireUppercaseCharacters', p.requireUppercaseCharacters)}` +
    `${el('MinimumPasswordLength', p.minimumPasswordLength)}${el('RequireNumbers', p.requireNumbers)}${el('PasswordReusePrevention', p.passwordReusePrevention)}${el('ExpirePasswords', p.expirePasswords)}${el('MaxPasswordAge', p.maxPasswordAge)}${el('HardExpiry', p.hardExpiry)}${el('RequireSymbols', p.requireSymbols)}</PasswordPolicy>`;
  return queryOk('iam', 'GetAccountPasswordPolicy', xml, ctx.ids);
}

function getAccountSummary(ctx: QueryContext): WireResponse {
  const entries = Object.entries(ctx.view.account.summary).map(([k, v]) => `<entry>${el('key', k)}${el('value', v)}</entry>`);
  return queryOk('iam', 'GetAccountSummary', `<SummaryMap>${entries.join('')}</SummaryMap>`, ctx.ids);
}

function listVirtualMfaDevices(ctx: QueryContext): WireResponse {
  const status = ctx.params.get('AssignmentStatus') ?? 'Any';
  if (!['Assigned', 'Unassigned', 'Any'].includes(status)) return validationError(ctx, `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]`);
  const limit = maxItems(ctx, 100, 1000);
  if (typeof limit !== 'number') return limit;
  const kind = `mfa:${status}`;
  const marker = decodeMarker(ctx, kind);
  if (marker && !('d' in marker)) return marker;
  const view = marker ? ctx.viewOf(marker.d) : ctx.view;
  const devices: string[] = [];
  if (status !== 'Unassigned') {
    const root = view.credentials[0];
    for (const serial of view.account.rootVirtualMfaSerials) {
      devices.push(`${el('SerialNumber', serial)}<User>${el('Arn', `arn:aws:iam::${ctx.scenario.accountId}:root`)}${el('UserId', ctx.scenario.accountId)}${el('CreateDate', queryTime(root?.userCreationTime ?? ''))}</User>`);
    }
    for (const c of view.credentials) {
      if (c.isRoot || !c.mfaActive || !ctx.scenario.hasVirtualMfa(c.user)) continue;
      const u = view.userByArn.get(c.id);
      if (!u) continue;
      devices.push(
        `${el('SerialNumber', `arn:aws:iam::${ctx.scenario.accountId}:mfa/${u.name}`)}<User>${el('Path', u.path)}${el('UserName', u.name)}${el('UserId', u.userId)}${el('Arn', u.id)}${el('CreateDate', queryTime(u.createDate))}</User>${el('EnableDate', queryTime(u.createDate))}`,
      );
    }
  }
  const offset = marker ? marker.o : 0;
  const page = devices.slice(offset, offset + limit);
  const truncated = offset + limit < devices.length;
  const xml = `${members('VirtualMFADevices', page)}<IsTruncated>${truncated}</IsTruncated>${truncated ? el('Marker', encodeMarker({ d: view.day, o: offset + limit, k: kind })) : ''}`;
  return queryOk('iam', 'ListVirtualMFADevices', xml, ctx.ids);
}

function listServerCertificates(ctx: QueryContext): WireResponse {
  const n = ctx.view.account.serverCertificateCount ?? 0;
  const certs: string[] = [];
  for (let i = 1; i <= n; i++) {
    certs.push(
      `${el('Path', '/')}${el('ServerCertificateName', `legacy-cert-${i}`)}${el('ServerCertificateId', `ASCA${String(i).padStart(17, 'X')}`)}${el('Arn', `arn:aws:iam::${ctx.scenario.accountId}:server-certificate/legacy-cert-${i}`)}${el('UploadDate', '2024-03-01T10:00:00Z')}${el('Expiration', '2027-03-01T10:00:00Z')}`,
    );
  }
  return queryOk('iam', 'ListServerCertificates', `${members('ServerCertificateMetadataList', certs)}<IsTruncated>false</IsTruncated>`, ctx.ids);
}

export function handleIam(action: string, ctx: QueryContext): WireResponse {
  switch (action) {
    case 'GetAccountAuthorizationDetails':
      return getAccountAuthorizationDetails(ctx);
    case 'GenerateCredentialReport':
      return generateCredentialReport(ctx);
    case 'GetCredentialReport':
      return getCredentialReport(ctx);
    case 'GetAccountPasswordPolicy':
      return getAccountPasswordPolicy(ctx);
    case 'GetAccountSummary':
      return getAccountSummary(ctx);
    case 'ListVirtualMFADevices':
      return listVirtualMfaDevices(ctx);
    case 'ListServerCertificates':
      return listServerCertificates(ctx);
    default:
      return queryError('iam', 400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`, ctx.ids);
  }
}

export function handleSts(action: string, ctx: QueryContext): WireResponse {
  if (action !== 'GetCallerIdentity') return queryError('sts', 400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`, ctx.ids);
  const s = ctx.scenario;
  return queryOk('sts', 'GetCallerIdentity', `${el('Arn', s.callerArn)}${el('UserId', s.callerUserId)}${el('Account', s.accountId)}`, ctx.ids);
}
