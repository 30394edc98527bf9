import { describe, expect, it } from 'vitest';
import { exceptionsCsv } from '../../binder/evidence-files.ts';
import { exceptionKey } from '../../fieldwork/exception-key.ts';
import type { JournalEntry } from '../../store/journal-types.ts';
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

  it('has the three remediation columns, then the fieldwork columns, in every row', () => {
    const at = col('remediationChange');
    expect(header!.slice(at, at + 3)).toEqual(['remediationChange', 'remediationConsole', 'remediationCli']);
    expect(header!.slice(at + 3)).toEqual([
      'exceptionKey',
      'accepted',
      'acceptedBy',
      'acceptedUntil',
      'acceptanceReason',
      'exceptionAgainFrom',
      'managementResponse',
      'respondedBy',
      'respondedAt',
      'remediatedAt',
    ]);
    for (const r of rows) expect(r).toHaveLength(header!.length);
  });

  it("puts management's latest response and the acceptance beside their exception, and a key on every row", () => {
    const ev = structuredClone(evaluation);
    const check = ev.checks.find((c) => c.exceptions.some((e) => e.checkId === 'iam.console-user-mfa'))!;
    const ex = check.exceptions.find((e) => e.checkId === 'iam.console-user-mfa')!;
    ex.acceptance = {
      whole: false,
      failingSnapshots: 4,
      acceptedSnapshots: 2,
      exceptionAgainFrom: '2026-03-05T02:05:00.000Z',
      by: [{ ref: 'journal 2', approvedBy: 'CISO', recordedBy: 'Dana', recordedAt: '2026-03-01T09:00:00.000Z', from: '2026-03-01', until: '2026-03-04', reason: 'contractor offboarding' }].map((b) => ({ ...b, resource: ex.resourceId })),
    };
    const key = exceptionKey(ex);
    const response = (seq: number, text: string): JournalEntry => ({
      seq,
      prevHash: null,
      kind: 'response',
      recordedAt: `2026-03-0${seq}T10:00:00.000Z`,
      recordedBy: 'Dana Controller',
      response: { exceptionKey: key, checkId: ex.checkId, source: ex.source, resourceId: ex.resourceId, text, remediatedAt: seq === 3 ? '2026-03-06' : null },
      signature: { algorithm: 'Ed25519', keyFingerprint: 'a'.repeat(64), value: `${'A'.repeat(86)}==` },
    });
    const [h, ...rs] = parseCsv(exceptionsCsv(ev, [response(1, 'first answer'), response(3, 'fixed for good')]));
    const c = (name: string) => h!.indexOf(name);
    const row = rs.find((r) => r[c('checkId')] === 'iam.console-user-mfa')!;
    expect(row[c('exceptionKey')]).toBe(key);
    expect(row[c('managementResponse')]).toBe('fixed for good');
    expect(row[c('remediatedAt')]).toBe('2026-03-06');
    expect(row[c('accepted')]).toBe('partly');
    expect(row[c('acceptedBy')]).toBe('CISO (recorded 2026-03-01)');
    expect(row[c('exceptionAgainFrom')]).toBe('2026-03-05T02:05:00.000Z');
    for (const r of rs) expect(r[c('exceptionKey')]).toMatch(/^EX-[0-9a-f]{10}$/);
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
