/** Fails a credential-report row with an active access key last rotated more than settings.accessKeyMaxAgeDays ago (aws-evidence #12). */
import { defineCheck } from '../../check.ts';
import { ageInDays, formatDays, reportTime, showTime, turnsOldAt } from '../age.ts';
import { credentialsLabel } from '../principalLabel.ts';
import { activeKeys } from './activeKeys.ts';

export const AccessKeyRotated = defineCheck({
  id: 'iam.access-key-rotated',
  title: 'Active access keys are rotated',
  rationale:
    'Long-lived keys are more likely to have leaked (repositories, laptops, logs); rotating them bounds how long a leaked key stays useful.',
  criteria: ['CC6.1', 'CC6.2'],
  severity: 'medium',
  settingsRead: ['accessKeyMaxAgeDays'],
  note: 'A key without a rotation date in the report cannot be aged and is left out (not applicable if no key can be aged).',
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: true,
  evaluate(row, ctx) {
    const label = credentialsLabel(row);
    const keys = activeKeys(row);
    if (keys.length === 0)
      return { outcome: 'not-applicable', reason: `${label}: no active access key`, stableUntil: Infinity };
    const limit = ctx.settings.accessKeyMaxAgeDays;
    const findings = keys.flatMap(({ number, key }) => {
      const rotated = reportTime(key.lastRotated);
      if (rotated === null) return [];
      const age = ageInDays(rotated, ctx.asOf);
      return [
        {
          old: age > limit,
          turnsOldAt: turnsOldAt(rotated, limit),
          text: `access key ${number} last rotated ${showTime(rotated)}, ${formatDays(age)} days before ${showTime(ctx.asOf)}`,
        },
      ];
    });
    if (findings.length === 0)
      return { outcome: 'not-applicable', reason: `${label}: active access key has no rotation date`, stableUntil: Infinity };
    const old = findings.filter((f) => f.old);
    const shown = old.length > 0 ? old : findings;
    return {
      outcome: old.length > 0 ? 'fail' : 'pass',
      reason: `${label}: ${shown.map((f) => f.text).join('; ')} (limit ${limit})`,
      // A key only gets older: a failure lasts until the row changes; a pass until the first key ages out.
      stableUntil: old.length > 0 ? Infinity : Math.min(...findings.map((f) => f.turnsOldAt)),
    };
  },
});
