/**
 * The shared judgement of the two access-key age checks (rotation, inactivity): every active key
 * whose reference date is known is aged against the limit; the row fails when any key is over it.
 * A key only gets older, so a failure holds until the row changes and a pass until the first key
 * ages out (stableUntil).
 */
import type { IamCredentials } from '../../../model/resources.ts';
import type { CheckContext, Verdict } from '../../check.ts';
import { ageInDays, formatDays, showTime, turnsOldAt } from '../age.ts';
import { credentialsLabel } from '../principalLabel.ts';
import { activeKeys, type NumberedKey } from './activeKeys.ts';

export interface KeyAgeRule {
  limitDays: number;
  /** The date a key is aged from, and how to say it ("last rotated"), or null when it has none. */
  referenceOf(key: NumberedKey['key']): { when: string; what: string } | null;
  /** Reason when no active key has a reference date. */
  undatedReason: string;
}

export function judgeKeyAges(row: IamCredentials, ctx: CheckContext, rule: KeyAgeRule): Verdict {
  const label = credentialsLabel(row);
  const keys = activeKeys(row);
  if (keys.length === 0)
    return { outcome: 'not-applicable', reason: `${label}: no active access key`, stableUntil: Infinity };
  const findings = keys.flatMap(({ number, key }) => {
    const ref = rule.referenceOf(key);
    if (ref === null) return [];
    const age = ageInDays(ref.when, ctx.asOf);
    return [
      {
        over: age > rule.limitDays,
        turnsOldAt: turnsOldAt(ref.when, rule.limitDays),
        text: `access key ${number} ${ref.what} ${showTime(ref.when)}, ${formatDays(age)} days before ${showTime(ctx.asOf)}`,
      },
    ];
  });
  if (findings.length === 0)
    return { outcome: 'not-applicable', reason: `${label}: ${rule.undatedReason}`, stableUntil: Infinity };
  const over = findings.filter((f) => f.over);
  const shown = over.length > 0 ? over : findings;
  return {
    outcome: over.length > 0 ? 'fail' : 'pass',
    reason: `${label}: ${shown.map((f) => f.text).join('; ')} (limit ${rule.limitDays})`,
    stableUntil: over.length > 0 ? Infinity : Math.min(...findings.map((f) => f.turnsOldAt)),
  };
}
