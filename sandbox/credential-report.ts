/**
 * The IAM credential report as AWS renders it: a CSV with the real header, the <root_account> row
 * first, booleans as true/false, dates as 2026-01-01T10:00:00+00:00, and the sentinels N/A,
 * no_information and not_supported.
 */
import type { AccessKeyStatus, IamCredentials, ReportDate } from '../model/resources.ts';

export const CREDENTIAL_REPORT_HEADER = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
].join(',');

export function reportTime(isoTime: string): string {
  return isoTime.replace(/(\.\d{3})?Z$/, '+00:00');
}

function date(d: ReportDate): string {
  return d.kind === 'date' ? reportTime(d.value) : d.kind;
}

function key(k: AccessKeyStatus): string[] {
  return [String(k.active), date(k.lastRotated), date(k.lastUsedDate), k.lastUsedRegion ?? 'N/A', k.lastUsedService ?? 'N/A'];
}

const rowCache = new WeakMap<IamCredentials, string>();

export function credentialReportRow(c: IamCredentials): string {
  const hit = rowCache.get(c);
  if (hit !== undefined) return hit;
  const row = [
    c.user,
    c.id,
    reportTime(c.userCreationTime),
    c.passwordEnabled === null ? 'not_supported' : String(c.passwordEnabled),
    date(c.passwordLastUsed),
    date(c.passwordLastChanged),
    date(c.passwordNextRotation),
    String(c.mfaActive),
    ...key(c.accessKey1),
    ...key(c.accessKey2),
    String(c.cert1Active),
    'N/A',
    String(c.cert2Active),
    'N/A',
  ].join(',');
  rowCache.set(c, row);
  return row;
}

/** The whole report; rows must start with the root row. */
export function renderCredentialReport(rows: readonly IamCredentials[]): string {
  return [CREDENTIAL_REPORT_HEADER, ...rows.map(credentialReportRow)].join('\n');
}
