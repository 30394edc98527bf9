/** IAM checks over credential-report rows: ages at their thresholds, sentinels, the root row. */
import { describe, expect, it } from 'vitest';
import { AccessKeyRecentlyUsed } from '../../../../controls/checks/iam/AccessKeyRecentlyUsed.ts';
import { AccessKeyRotated } from '../../../../controls/checks/iam/AccessKeyRotated.ts';
import { ConsoleUserMfa } from '../../../../controls/checks/iam/ConsoleUserMfa.ts';
import { PasswordRecentlyUsed } from '../../../../controls/checks/iam/PasswordRecentlyUsed.ts';
import { RootMfa } from '../../../../controls/checks/iam/RootMfa.ts';
import { RootNoAccessKeys } from '../../../../controls/checks/iam/RootNoAccessKeys.ts';
import { UserMfa } from '../../../../controls/checks/iam/UserMfa.ts';
import { UserSingleActiveKey } from '../../../../controls/checks/iam/UserSingleActiveKey.ts';
import {
  NA,
  NO_INFO,
  NO_KEY,
  NOT_SUPPORTED,
  credentials,
  date,
  daysAgo,
  judge,
  key,
  rootCredentials,
} from '../../fixtures.ts';

const SECOND = 1 / 86_400;

describe('iam.access-key-rotated', () => {
  it.each([
    ['exactly 90 days', 90, 'pass'],
    ['one second over 90 days', 90 + SECOND, 'fail'],
    ['one day over', 91, 'fail'],
    ['89 days', 89, 'pass'],
  ])('key rotated %s ago -> %s', (_label, age, outcome) => {
    expect(
      judge(AccessKeyRotated, credentials({ accessKey1: key({ lastRotated: date(daysAgo(age)) }) })).outcome,
    ).toBe(outcome);
  });

  it('names the key, the date, the age and the limit', () => {
    const row = credentials({ accessKey1: key({ lastRotated: date('2026-01-02T00:00:00.000Z') }) });
    expect(judge(AccessKeyRotated, row).reason).toBe(
      'user alice: access key 1 last rotated 2026-01-02, 131 days before 2026-05-13 (limit 90)',
    );
  });

  it('judges the second key too, and reports only the old one on failure', () => {
    const row = credentials({ accessKey2: key({ lastRotated: date(daysAgo(200)) }) });
    const v = judge(AccessKeyRotated, row);
    expect(v.outcome).toBe('fail');
    expect(v.reason).toMatch(/^user alice: access key 2 last rotated .*, 200 days before/);
  });

  it('ignores an inactive old key', () => {
    const row = credentials({ accessKey2: key({ active: false, lastRotated: date(daysAgo(400)) }) });
    expect(judge(AccessKeyRotated, row).outcome).toBe('pass');
  });

  it('reads the limit from settings', () => {
    const row = credentials({ accessKey1: key({ lastRotated: date(daysAgo(50)) }) });
    expect(judge(AccessKeyRotated, row, { settings: { accessKeyMaxAgeDays: 45 } }).outcome).toBe('fail');
  });

  it('is not applicable without an active key', () => {
    expect(judge(AccessKeyRotated, credentials({ accessKey1: NO_KEY })).outcome).toBe('not-applicable');
  });

  it('leaves out a key without a rotation date, and is not applicable when no key can be aged', () => {
    const dateless = credentials({ accessKey1: key({ lastRotated: NOT_SUPPORTED }) });
    expect(judge(AccessKeyRotated, dateless)).toEqual({
      outcome: 'not-applicable',
      reason: 'user alice: active access key has no rotation date',
      stableUntil: Infinity,
    });
    const mixed = credentials({
      accessKey1: key({ lastRotated: NOT_SUPPORTED }),
      accessKey2: key({ lastRotated: date(daysAgo(100)) }),
    });
    expect(judge(AccessKeyRotated, mixed).outcome).toBe('fail');
  });

  it('judges the root row', () => {
    const row = rootCredentials({ accessKey1: key({ lastRotated: date(daysAgo(300)) }) });
    expect(judge(AccessKeyRotated, row).reason).toMatch(/^root user: access key 1/);
  });
});

describe('iam.access-key-recently-used', () => {
  it.each([
    ['used exactly 90 days ago', key({ lastUsedDate: date(daysAgo(90)) }), 'pass'],
    ['used 91 days ago', key({ lastUsedDate: date(daysAgo(91)) }), 'fail'],
    [
      'never used (N/A), rotated 90 days ago',
      key({ lastUsedDate: NA, lastRotated: date(daysAgo(90)) }),
      'pass',
    ],
    [
      'never used (N/A), rotated 91 days ago',
      key({ lastUsedDate: NA, lastRotated: date(daysAgo(91)) }),
      'fail',
    ],
    [
      'no_information, rotated 5 days ago',
      key({ lastUsedDate: NO_INFO, lastRotated: date(daysAgo(5)) }),
      'pass',
    ],
    [
      'used recently although rotated long ago',
      key({ lastUsedDate: date(daysAgo(1)), lastRotated: date(daysAgo(500)) }),
      'pass',
    ],
  ])('%s -> %s', (_label, k, outcome) => {
    expect(judge(AccessKeyRecentlyUsed, credentials({ accessKey1: k })).outcome).toBe(outcome);
  });

  it('says a never-used key was aged from its rotation', () => {
    const row = credentials({
      accessKey1: key({ lastUsedDate: NA, lastRotated: date('2026-01-02T00:00:00.000Z') }),
    });
    expect(judge(AccessKeyRecentlyUsed, row).reason).toBe(
      'user alice: access key 1 never used, rotated 2026-01-02, 131 days before 2026-05-13 (limit 90)',
    );
  });

  it('reads the limit from settings (45 days)', () => {
    const row = credentials({ accessKey1: key({ lastUsedDate: date(daysAgo(46)) }) });
    expect(judge(AccessKeyRecentlyUsed, row, { settings: { accessKeyUnusedDays: 45 } }).outcome).toBe('fail');
  });

  it('is not applicable without an active key, or when the key has neither date', () => {
    expect(judge(AccessKeyRecentlyUsed, credentials({ accessKey1: NO_KEY })).outcome).toBe('not-applicable');
    const dateless = credentials({ accessKey1: key({ lastUsedDate: NO_INFO, lastRotated: NOT_SUPPORTED }) });
    expect(judge(AccessKeyRecentlyUsed, dateless).outcome).toBe('not-applicable');
  });

  it('judges the root row when root has a key', () => {
    expect(
      judge(AccessKeyRecentlyUsed, rootCredentials({ accessKey1: key({ lastUsedDate: date(daysAgo(100)) }) }))
        .outcome,
    ).toBe('fail');
  });
});

describe('iam.password-recently-used', () => {
  it.each([
    ['used exactly 90 days ago', { passwordLastUsed: date(daysAgo(90)) }, 'pass'],
    ['used 91 days ago', { passwordLastUsed: date(daysAgo(91)) }, 'fail'],
    [
      'never used (no_information), set 91 days ago',
      { passwordLastUsed: NO_INFO, passwordLastChanged: date(daysAgo(91)) },
      'fail',
    ],
    [
      'never used (N/A), set 10 days ago',
      { passwordLastUsed: NA, passwordLastChanged: date(daysAgo(10)) },
      'pass',
    ],
  ])('%s -> %s', (_label, over, outcome) => {
    expect(judge(PasswordRecentlyUsed, credentials(over)).outcome).toBe(outcome);
  });

  it('names the user and the last use', () => {
    const v = judge(
      PasswordRecentlyUsed,
      credentials({ user: 'bob', passwordLastUsed: date('2026-01-02T10:30:00.000Z') }),
    );
    expect(v).toEqual({
      outcome: 'fail',
      reason: 'user bob: password last used 2026-01-02T10:30:00Z, 130.56 days before 2026-05-13 (limit 90)',
      stableUntil: Infinity,
    });
  });

  it('says how long a pass holds: until the password turns older than the limit', () => {
    const v = judge(PasswordRecentlyUsed, credentials({ user: 'bob', passwordLastUsed: date('2026-05-01T00:00:00.000Z') }));
    expect(v.outcome).toBe('pass');
    expect(v.stableUntil).toBe(Date.parse('2026-07-30T00:00:00.000Z') + 1);
  });

  it.each([
    ['a user without a console password', credentials({ passwordEnabled: false, passwordLastUsed: NA })],
    ['the root row', rootCredentials()],
    [
      'a password with neither date',
      credentials({ passwordLastUsed: NO_INFO, passwordLastChanged: NOT_SUPPORTED }),
    ],
  ])('is not applicable to %s', (_label, row) => {
    expect(judge(PasswordRecentlyUsed, row).outcome).toBe('not-applicable');
  });
});

describe('iam.root-no-access-keys', () => {
  it('fails root with an active key and names it', () => {
    expect(judge(RootNoAccessKeys, rootCredentials({ accessKey2: key() }))).toEqual({
      outcome: 'fail',
      reason: 'root user: access key 2 active',
    });
  });
  it('passes root whose keys are inactive', () => {
    expect(judge(RootNoAccessKeys, rootCredentials({ accessKey1: key({ active: false }) })).outcome).toBe(
      'pass',
    );
  });
  it('is not applicable to user rows', () => {
    expect(judge(RootNoAccessKeys, credentials()).outcome).toBe('not-applicable');
  });
});

describe('iam.root-mfa', () => {
  it('fails root with mfa_active false', () => {
    expect(judge(RootMfa, rootCredentials({ mfaActive: false }))).toEqual({
      outcome: 'fail',
      reason: 'root user: mfa_active false',
    });
  });
  it('passes root with MFA', () => {
    expect(judge(RootMfa, rootCredentials()).outcome).toBe('pass');
  });
  it('is not applicable to user rows, even without MFA', () => {
    expect(judge(RootMfa, credentials({ mfaActive: false })).outcome).toBe('not-applicable');
  });
});

describe('iam.console-user-mfa', () => {
  it('fails a console user without MFA', () => {
    expect(judge(ConsoleUserMfa, credentials({ mfaActive: false }))).toEqual({
      outcome: 'fail',
      reason: 'user alice: console password enabled, mfa_active false',
    });
  });
  it('passes a console user with MFA', () => {
    expect(judge(ConsoleUserMfa, credentials()).outcome).toBe('pass');
  });
  it.each([
    ['an API-only user', credentials({ passwordEnabled: false, mfaActive: false })],
    ['the root row (password_enabled not_supported)', rootCredentials({ mfaActive: false })],
  ])('is not applicable to %s', (_label, row) => {
    expect(judge(ConsoleUserMfa, row).outcome).toBe('not-applicable');
  });
});

describe('iam.user-mfa', () => {
  it('fails an API-only user without MFA', () => {
    expect(judge(UserMfa, credentials({ passwordEnabled: false, mfaActive: false })).outcome).toBe('fail');
  });
  it('passes a user with MFA', () => {
    expect(judge(UserMfa, credentials()).outcome).toBe('pass');
  });
  it('is not applicable to root', () => {
    expect(judge(UserMfa, rootCredentials({ mfaActive: false })).outcome).toBe('not-applicable');
  });
});

describe('iam.user-single-active-key', () => {
  it('fails a user with both keys active', () => {
    expect(judge(UserSingleActiveKey, credentials({ accessKey2: key() }))).toEqual({
      outcome: 'fail',
      reason: 'user alice: access keys 1 and 2 both active',
    });
  });
  it.each([
    ['one active key', credentials()],
    ['two keys, one inactive', credentials({ accessKey2: key({ active: false }) })],
    ['no key', credentials({ accessKey1: NO_KEY })],
  ])('passes a user with %s', (_label, row) => {
    expect(judge(UserSingleActiveKey, row).outcome).toBe('pass');
  });
  it('is not applicable to root', () => {
    expect(
      judge(UserSingleActiveKey, rootCredentials({ accessKey1: key(), accessKey2: key() })).outcome,
    ).toBe('not-applicable');
  });
});
