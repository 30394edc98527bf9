import { describe, expect, it } from 'vitest';
import { exceptionsCsv } from '../../binder/evidence-files.ts';
import { buildFixture } from './fixtures.ts';

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted || (ch !== ',' && ch !== '\r')) {
      cell += ch;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return rows;
}

describe('exceptionsCsv', () => {
  const evaluation = buildFixture().evaluation;
  const [header, ...rows] = parseCsv(exceptionsCsv(evaluation));
  const col = (name: string) => header!.indexOf(name);

  it('ends the header with the three remediation columns', () => {
    expect(header!.slice(-3)).toEqual(['remediationChange', 'remediationConsole', 'remediationCli']);
    for (const r of rows) expect(r).toHaveLength(header!.length);
  });

  it("fills each row's remediation for its resource: the console user's name in the console path and the CLI", () => {
    const row = rows.find((r) => r[col('checkId')] === 'iam.console-user-mfa')!;
    expect(row[col('resourceId')]).toBe('arn:aws:iam::444455556666:user/contractors/jane.doe');
    expect(row[col('remediationChange')]).toMatch(/MFA/);
    expect(row[col('remediationConsole')]).toBe(
      'IAM > Users > jane.doe > Security credentials > Multi-factor authentication (MFA) > Assign MFA device (or Console sign-in > Manage console access > Disable)',
    );
    const cli = row[col('remediationCli')]!.split('\n');
    expect(cli[0]).toBe('aws iam delete-login-profile --user-name jane.doe');
    expect(cli).toContain(
      'aws iam enable-mfa-device --user-name jane.doe --serial-number arn:aws:iam::444455556666:mfa/jane.doe --authentication-code1 <code-1> --authentication-code2 <code-2>',
    );
  });

  it('fills a bucket and an account id, and gives every row a remediation', () => {
    const bucket = rows.find((r) => r[col('checkId')] === 's3.bucket-not-public-read')!;
    expect(bucket[col('remediationCli')]).toContain(
      'aws s3api put-bucket-acl --bucket acme-prod-data-lake-raw-ingest-clickstream-events-eu-west-1-archive-2019-legacy-do-not-delete --acl private',
    );
    const bpa = rows.find((r) => r[col('checkId')] === 's3.account-public-access-block')!;
    expect(bpa[col('remediationCli')]).toMatch(
      /^aws s3control put-public-access-block --account-id 444455556666 /,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      for (const c of ['remediationChange', 'remediationConsole', 'remediationCli'])
        expect(r[col(c)]!.length).toBeGreaterThan(10);
  });
});
