/**
 * Fails a credential-report row with an active access key not used within
 * settings.accessKeyUnusedDays, counted from its last use or, if never used, from its last
 * rotation (aws-evidence #10). Root is judged too.
 */
import { defineCheck } from '../../check.ts';
import { ageInDays, formatDays, reportTime, showTime, turnsOldAt } from '../age.ts';
import { credentialsLabel } from '../principalLabel.ts';
import { activeKeys } from './activeKeys.ts';

export const AccessKeyRecentlyUsed = defineCheck({
  id: 'iam.access-key-recently-used',
  title: 'Active access keys have been used recently',
  rationale:
    'An active key nobody uses is standing access without an owner: it should have been deactivated when the need ended (access removal, CC6.2).',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'medium',
  settingsRead: ['accessKeyUnusedDays'],
  note: 'A never-used key is aged from its last rotation. A key with neither date in the report cannot be aged and is left out (not applicable if no key can be aged).',
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: true,
  evaluate(row, ctx) {
    const label = credentialsLabel(row);
    const keys = activeKeys(row);
    if (keys.length === 0)
      return { outcome: 'not-applicable', reason: `${label}: no active access key`, stableUntil: Infinity };
    const limit = ctx.settings.accessKeyUnusedDays;
    const findings = keys.flatMap(({ number, key }) => {
      const used = reportTime(key.lastUsedDate);
      const rotated = reportTime(key.lastRotated);
      const when = used ?? rotated;
      if (when === null) return [];
      const what = used ? 'last used' : 'never used, rotated';
      const age = ageInDays(when, ctx.asOf);
      return [
        {
          stale: age > limit,
          turnsOldAt: turnsOldAt(when, limit),
          text: `access key ${number} ${what} ${showTime(when)}, ${formatDays(age)} days before ${showTime(ctx.asOf)}`,
        },
      ];
    });
    if (findings.length === 0) {
      return {
        outcome: 'not-applicable',
        reason: `${label}: active access key has no last-used or rotation date`,
        stableUntil: Infinity,
      };
    }
    const stale = findings.filter((f) => f.stale);
    const shown = stale.length > 0 ? stale : findings;
    return {
      outcome: stale.length > 0 ? 'fail' : 'pass',
      reason: `${label}: ${shown.map((f) => f.text).join('; ')} (limit ${limit})`,
      stableUntil: stale.length > 0 ? Infinity : Math.min(...findings.map((f) => f.turnsOldAt)),
    };
  },
});
