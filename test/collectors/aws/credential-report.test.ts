import { describe, expect, it } from 'vitest';
import {
  CredentialReportParseError,
  parseCredentialReport,
  parseCsv,
  parseReportDate,
} from '../../../collectors/aws/credential-report.ts';
import { IamCredentials } from '../../../model/resources.ts';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT =
  '<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,2026-02-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const ALICE =
  'alice,arn:aws:iam::123456789012:user/alice,2024-03-04T05:06:07+00:00,true,no_information,2024-03-04T05:07:00+00:00,N/A,false,true,2024-03-04T05:06:30+00:00,2026-01-30T12:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

describe('parseCredentialReport', () => {
  it('maps the root row to the account root ARN with not_supported password as null', () => {
    const [root] = parseCredentialReport(`${HEADER}\n${ROOT}\n`, '123456789012');
    expect(root).toMatchObject({
      type: 'aws.iam.credentials',
      id: 'arn:aws:iam::123456789012:root',
      user: '<root_account>',
      isRoot: true,
      passwordEnabled: null,
      passwordLastUsed: { kind: 'date', value: '2026-02-01T10:00:00.000Z' },
      passwordLastChanged: { kind: 'not_supported' },
      mfaActive: true,
    });
    expect(IamCredentials.parse(root)).toEqual(root);
  });

  it('reads sentinels, booleans, dates in UTC and key usage of a user row', () => {
    const [, alice] = parseCredentialReport(`${HEADER}\r\n${ROOT}\r\n${ALICE}\r\n`, '123456789012');
    expect(alice).toEqual({
      type: 'aws.iam.credentials',
      id: 'arn:aws:iam::123456789012:user/alice',
      user: 'alice',
      isRoot: false,
      userCreationTime: '2024-03-04T05:06:07.000Z',
      passwordEnabled: true,
      passwordLastUsed: { kind: 'no_information' },
      passwordLastChanged: { kind: 'date', value: '2024-03-04T05:07:00.000Z' },
      passwordNextRotation: { kind: 'N/A' },
      mfaActive: false,
      accessKey1: {
        active: true,
        lastRotated: { kind: 'date', value: '2024-03-04T05:06:30.000Z' },
        lastUsedDate: { kind: 'date', value: '2026-01-30T12:00:00.000Z' },
        lastUsedRegion: 'us-east-1',
        lastUsedService: 's3',
      },
      accessKey2: {
        active: false,
        lastRotated: { kind: 'N/A' },
        lastUsedDate: { kind: 'N/A' },
        lastUsedRegion: null,
        lastUsedService: null,
      },
      cert1Active: false,
      cert2Active: false,
    });
  });

  it('finds columns by header name, so reordered columns give the same result', () => {
    const cols = HEADER.split(',');
    const order = cols.map((_, i) => i).reverse();
    const reorder = (line: string) => order.map((i) => line.split(',')[i]).join(',');
    const a = parseCredentialReport([HEADER, ROOT, ALICE].join('\n'), '123456789012');
    const b = parseCredentialReport([HEADER, ROOT, ALICE].map(reorder).join('\n'), '123456789012');
    expect(b).toEqual(a);
  });

  it('rejects an unexpected boolean naming the row and column', () => {
    const bad = ALICE.replace(',false,true,2024', ',maybe,true,2024');
    expect(() => parseCredentialReport(`${HEADER}\n${bad}`, '123456789012')).toThrowError(
      /row 2 column mfa_active: expected true or false, got "maybe"/,
    );
  });

  it('rejects a report missing a required column', () => {
    const header = HEADER.replace('mfa_active,', '');
    const row = ALICE.replace(',false,true,2024', ',true,2024');
    expect(() => parseCredentialReport(`${header}\n${row}`, '123456789012')).toThrow(
      CredentialReportParseError,
    );
  });

  it('parses an empty report (header only) to no rows', () => {
    expect(parseCredentialReport(`${HEADER}\n`, '123456789012')).toEqual([]);
  });
});

describe('parseCsv', () => {
  it('handles quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,b\n"x,1","say ""hi"""\n"multi\nline",z')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
      ['multi\nline', 'z'],
    ]);
  });

  it('strips a BOM, skips blank lines and keeps a short row short (for the row/column error)', () => {
    expect(parseCsv('\uFEFFa,b\r\n\r\nc\r\n')).toEqual([['a', 'b'], ['c']]);
  });

  it('reports an unterminated quote as a parse error naming the row', () => {
    expect(() => parseCsv('a,b\nc,d\n"open,x\n')).toThrowError(CredentialReportParseError);
    expect(() => parseCsv('a,b\nc,d\n"open,x\n')).toThrowError(/^credential report row 3: not CSV: Quote Not Closed/);
  });
});

describe('parseCredentialReport on odd input', () => {
  it('names the row and column of a row shorter than the header', () => {
    const short = ALICE.split(',').slice(0, 5).join(',');
    expect(() => parseCredentialReport(`${HEADER}\n${ROOT}\n${short}\n`, '123456789012')).toThrowError(
      /row 3 column password_last_changed: row has 5 fields, fewer than the header/,
    );
  });

  it('reads a report with a BOM and quoted cells', () => {
    const quoted = ALICE.split(',').map((v) => `"${v}"`).join(',');
    const [, alice] = parseCredentialReport(`\uFEFF${HEADER}\n${ROOT}\n${quoted}\n`, '123456789012');
    expect(alice).toMatchObject({ user: 'alice', mfaActive: false, passwordEnabled: true });
  });
});

describe('parseReportDate', () => {
  it('rejects text that is neither a date nor a sentinel', () => {
    expect(() => parseReportDate('yesterday', 3, 'password_last_used')).toThrowError(
      /row 3 column password_last_used/,
    );
  });
  it('keeps the three sentinels apart', () => {
    expect(['N/A', 'no_information', 'not_supported'].map((v) => parseReportDate(v).kind)).toEqual([
      'N/A',
      'no_information',
      'not_supported',
    ]);
  });
});
