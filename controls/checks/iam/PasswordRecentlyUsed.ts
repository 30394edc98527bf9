/**
 * Fails a non-root credential-report row whose console password was not used within
 * settings.passwordUnusedDays, counted from its last use or, if never used, from when it was last
 * changed (aws-evidence #11).
 */
import { defineCheck } from '../../check.ts';
import { ageInDays, formatDays, reportTime, showTime, turnsOldAt } from '../age.ts';
import { credentialsLabel } from '../principalLabel.ts';

export const PasswordRecentlyUsed = defineCheck({
  id: 'iam.password-recently-used',
  fails:
    'a console password not used within settings.passwordUnusedDays (default 90) days, counting from last used or, if never used, from password last changed (#11); per credentials row (non-root)',
  control: 'AC-03',
  title: 'Console passwords have been used recently',
  rationale:
    'A console password nobody uses is a dormant login that should have been removed when its owner stopped needing it (access removal, CC6.2).',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'medium',
  settingsRead: ['passwordUnusedDays'],
  note: 'A never-used password is aged from its last change; with neither date it cannot be aged (not applicable). The root user is covered by the root checks. Dates come from the credential report (up to 4 hours old). Does not recognise a break-glass user whose password is sealed and unused by design: it fails once past the limit, to be documented as an exception; nor does it see sign-ins that do not use the IAM password (federation).',
  remediation: {
    change:
      'Remove the unused console password (the user keeps its access keys, if any); delete the user if nobody needs it any more.',
    console:
      'IAM > Users > <user> > Security credentials > Console sign-in > Manage console access > Disable',
    cli: 'aws iam delete-login-profile --user-name <user>',
  },
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: true,
  evaluate(row, ctx) {
    const label = credentialsLabel(row);
    if (row.isRoot)
      return {
        outcome: 'not-applicable',
        reason: `${label}: root is judged by the root checks`,
        stableUntil: Infinity,
      };
    if (row.passwordEnabled !== true)
      return { outcome: 'not-applicable', reason: `${label}: no console password`, stableUntil: Infinity };
    const used = reportTime(row.passwordLastUsed);
    const changed = reportTime(row.passwordLastChanged);
    const when = used ?? changed;
    if (when === null)
      return {
        outcome: 'not-applicable',
        reason: `${label}: password has no last-used or last-changed date`,
        stableUntil: Infinity,
      };
    const what = used ? 'password last used' : 'password never used, set';
    const limit = ctx.settings.passwordUnusedDays;
    const age = ageInDays(when, ctx.asOf);
    const text = `${label}: ${what} ${showTime(when)}, ${formatDays(age)} days before ${showTime(ctx.asOf)} (limit ${limit})`;
    return {
      outcome: age > limit ? 'fail' : 'pass',
      reason: text,
      stableUntil: age > limit ? Infinity : turnsOldAt(when, limit),
    };
  },
});
