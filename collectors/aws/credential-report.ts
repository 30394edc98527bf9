/**
 * Parses the IAM credential report (CSV) into aws.iam.credentials resources. Pure: header-driven
 * (columns are found by name, so added or reordered columns do not shift values), and strict
 * about values: an unexpected value raises a CredentialReportParseError naming row and column.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { AccessKeyStatus, IamCredentials, ReportDate } from '../../model/resources.ts';
import { toIsoUtc } from './iso-time.ts';

export class CredentialReportParseError extends Error {
  constructor(
    message: string,
    readonly row: number | null,
    readonly column: string | null,
  ) {
    super(
      `credential report${row !== null ? ` row ${row}` : ''}${column ? ` column ${column}` : ''}: ${message}`,
    );
    this.name = 'CredentialReportParseError';
  }
}

export const ROOT_USER = '<root_account>';

const REQUIRED_COLUMNS = [
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
  'cert_2_active',
] as const;

/**
 * The report's rows as fields (csv-parse: RFC 4180 quoting, CRLF or LF, a BOM, blank lines
 * skipped). Rows may differ in length here: a short row is reported with its row and column below.
 */
export function parseCsv(text: string): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  } catch (err) {
    if (err instanceof CsvError) {
      const records = (err as CsvError & { records?: number }).records;
      throw new CredentialReportParseError(`not CSV: ${err.message}`, typeof records === 'number' ? records + 1 : null, null);
    }
    throw err;
  }
}

/** Parses the report into one credentials resource per row; the root row gets `accountRootArn`. */
export function parseCredentialReport(csv: string, accountId: string, partition = 'aws'): IamCredentials[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new CredentialReportParseError('empty report', null, null);
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  for (const col of REQUIRED_COLUMNS)
    if (!index.has(col))
      throw new CredentialReportParseError(`missing column (header: ${header.join(',')})`, 1, col);
  const rootArn = `arn:${partition}:iam::${accountId}:root`;

  return rows.map((cells, r) => {
    const rowNo = r + 2; // 1-based, after the header
    const get = (col: (typeof REQUIRED_COLUMNS)[number]): string => {
      const v = cells[index.get(col)!];
      if (v === undefined)
        throw new CredentialReportParseError(
          `row has ${cells.length} fields, fewer than the header`,
          rowNo,
          col,
        );
      return v.trim();
    };
    const bool = (col: (typeof REQUIRED_COLUMNS)[number]): boolean => {
      const v = get(col).toLowerCase();
      if (v === 'true') return true;
      if (v === 'false') return false;
      throw new CredentialReportParseError(`expected true or false, got "${get(col)}"`, rowNo, col);
    };
    const date = (col: (typeof REQUIRED_COLUMNS)[number]): ReportDate =>
      parseReportDate(get(col), rowNo, col);
    const text = (col: (typeof REQUIRED_COLUMNS)[number]): string | null => {
      const v = get(col);
      return v === '' || v === 'N/A' || v === 'no_information' || v === 'not_supported' ? null : v;
    };
    const key = (n: 1 | 2): AccessKeyStatus => ({
      active: bool(`access_key_${n}_active`),
      lastRotated: date(`access_key_${n}_last_rotated`),
      lastUsedDate: date(`access_key_${n}_last_used_date`),
      lastUsedRegion: text(`access_key_${n}_last_used_region`),
      lastUsedService: text(`access_key_${n}_last_used_service`),
    });

    const user = get('user');
    const isRoot = user === ROOT_USER;
    const created = parseReportDate(get('user_creation_time'), rowNo, 'user_creation_time');
    if (created.kind !== 'date')
      throw new CredentialReportParseError(
        `expected a date, got "${get('user_creation_time')}"`,
        rowNo,
        'user_creation_time',
      );
    const pw = get('password_enabled').toLowerCase();
    if (!['true', 'false', 'not_supported', 'n/a'].includes(pw)) {
      throw new CredentialReportParseError(
        `expected true, false or not_supported, got "${get('password_enabled')}"`,
        rowNo,
        'password_enabled',
      );
    }
    return {
      type: 'aws.iam.credentials',
      id: isRoot ? rootArn : get('arn'),
      user,
      isRoot,
      userCreationTime: created.value,
      passwordEnabled: pw === 'true' ? true : pw === 'false' ? false : null,
      passwordLastUsed: date('password_last_used'),
      passwordLastChanged: date('password_last_changed'),
      passwordNextRotation: date('password_next_rotation'),
      mfaActive: bool('mfa_active'),
      accessKey1: key(1),
      accessKey2: key(2),
      cert1Active: bool('cert_1_active'),
      cert2Active: bool('cert_2_active'),
    } satisfies IamCredentials;
  });
}

/** A report date cell: an ISO time, or one of the sentinels N/A, no_information, not_supported. */
export function parseReportDate(
  value: string,
  row: number | null = null,
  column: string | null = null,
): ReportDate {
  if (value === 'N/A' || value === 'no_information' || value === 'not_supported') return { kind: value };
  if (value === '') return { kind: 'N/A' };
  const iso = toIsoUtc(value);
  if (!iso)
    throw new CredentialReportParseError(
      `expected a date or N/A, no_information, not_supported; got "${value}"`,
      row,
      column,
    );
  return { kind: 'date', value: iso };
}
