/**
 * Fails the account when the password policy is missing, or its length < minPasswordLength, reuse
 * prevention < passwordReusePrevention, any character class off, or max age missing or >
 * maxPasswordAgeDays (aws-evidence #18).
 */
import { defineCheck } from '../../check.ts';

export const PasswordPolicyStrong = defineCheck({
  id: 'iam.password-policy-strong',
  fails:
    'password policy missing, or length < settings.minPasswordLength (14), reuse < settings.passwordReusePrevention (24), any char class off, or max age missing or > settings.maxPasswordAgeDays (90) (#18)',
  control: 'AC-02',
  title: 'The account password policy is strong',
  rationale:
    'Without a strong policy, console passwords may be short, reused or never changed, which makes them easy to guess or replay.',
  criteria: ['CC6.1', 'CC6.2'],
  severity: 'medium',
  settingsRead: ['minPasswordLength', 'passwordReusePrevention', 'maxPasswordAgeDays'],
  note: 'Judged even when no IAM user has a console password (people signing in through IAM Identity Center or another identity provider): the policy then protects only passwords created later, and an auditor may accept the finding as not relevant to the sign-in path in use. The password policy never applies to the root user. Does not judge allowUsersToChangePassword or hardExpiry, nor the password rules of an identity provider.',
  remediation: {
    change:
      'Set the account password policy to at least the required length, reuse prevention and maximum age, with every character class required.',
    console: 'IAM > Account settings > Password policy > Edit > Custom',
    cli: 'aws iam update-account-password-policy --minimum-password-length <minPasswordLength> --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password --max-password-age <maxPasswordAgeDays> --password-reuse-prevention <passwordReusePrevention>',
  },
  target: 'aws.iam.account',
  reads: [],
  timeDependent: false,
  evaluate(account, ctx) {
    const label = `account ${account.accountId}`;
    const p = account.passwordPolicy;
    if (!p) return { outcome: 'fail', reason: `${label}: no password policy set` };
    const s = ctx.settings;
    const problems: string[] = [];
    if (p.minimumPasswordLength === null || p.minimumPasswordLength < s.minPasswordLength) {
      problems.push(`minimum length ${p.minimumPasswordLength ?? 'unset'} < ${s.minPasswordLength}`);
    }
    if (p.passwordReusePrevention === null || p.passwordReusePrevention < s.passwordReusePrevention) {
      problems.push(
        `reuse prevention ${p.passwordReusePrevention ?? 'unset'} < ${s.passwordReusePrevention}`,
      );
    }
    const classes: [boolean, string][] = [
      [p.requireUppercaseCharacters, 'uppercase'],
      [p.requireLowercaseCharacters, 'lowercase'],
      [p.requireNumbers, 'numbers'],
      [p.requireSymbols, 'symbols'],
    ];
    for (const [on, name] of classes) if (!on) problems.push(`${name} not required`);
    if (p.maxPasswordAge === null) problems.push(`no maximum age (limit ${s.maxPasswordAgeDays})`);
    else if (p.maxPasswordAge > s.maxPasswordAgeDays)
      problems.push(`maximum age ${p.maxPasswordAge} > ${s.maxPasswordAgeDays}`);
    if (problems.length > 0)
      return { outcome: 'fail', reason: `${label}: password policy ${problems.join(', ')}` };
    return {
      outcome: 'pass',
      reason: `${label}: password policy length ${p.minimumPasswordLength}, reuse ${p.passwordReusePrevention}, all classes, max age ${p.maxPasswordAge}`,
    };
  },
});
