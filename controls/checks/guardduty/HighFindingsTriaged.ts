/**
 * Fails a region with a finding of severity 7 or more still not archived more than
 * settings.findingTriageDays days after it was created. Not applicable for a refused region.
 * A finding only gets older, so a failure holds until the region changes and a pass until the
 * oldest open finding crosses the limit (stableUntil).
 */
import { defineCheck } from '../../check.ts';
import { refusedRegion, regionLabel } from '../../policy/regions.ts';
import { ageInDays, formatDays, showTime, turnsOldAt } from '../age.ts';

const HIGH = 7;
/** Failing findings named in a reason; the rest are counted. */
const SHOWN = 5;

export const HighFindingsTriaged = defineCheck({
  id: 'guardduty.high-findings-triaged',
  fails:
    'a region with a finding of severity 7 or more still not archived more than settings.findingTriageDays (default 7) days after it was created; N/A for a refused region',
  control: 'MO-04',
  title: 'High-severity GuardDuty findings are triaged in time',
  rationale:
    'A high or critical GuardDuty finding left open past the triage deadline means a possible security event has not been evaluated: nobody has decided whether it is an incident, so the response has not started.',
  criteria: ['CC7.2', 'CC7.3', 'CC7.4'],
  severity: 'high',
  settingsRead: ['findingTriageDays'],
  note: 'Per configured region (aws.guardduty.region): the findings of every detector that GuardDuty reports not archived with severity 7 or more (ListFindings, GetFindings). Triaged means archived. A finding fails when (snapshot time - createdAt) is more than findingTriageDays days, to the millisecond (a finding exactly at the limit passes); updatedAt (GuardDuty refreshes it on every recurrence) is not read. A region with no detector or no open high finding passes (guardduty.detector-enabled judges detectors). Does not judge findings below severity 7, whether an archived finding was really investigated, suppression rules that archive findings automatically, or findings seen only by a delegated administrator. Not applicable for a region not enabled for the account.',
  remediation: {
    change:
      'Investigate each finding named in the reason, record the decision (incident or not, and what was done) and archive it; a finding that is an incident goes to incident response.',
    console: 'GuardDuty (region <region>) > Findings > select the finding > Actions > Archive',
    cli: [
      'aws guardduty list-detectors --region <region>',
      'aws guardduty get-findings --detector-id <detector-id> --finding-ids <finding-id> --region <region>',
      'aws guardduty archive-findings --detector-id <detector-id> --finding-ids <finding-id> --region <region>',
    ].join('\n'),
  },
  target: 'aws.guardduty.region',
  reads: [],
  timeDependent: true,
  evaluate(region, ctx) {
    const refused = refusedRegion(region);
    if (refused) return { ...refused, stableUntil: Infinity };
    const label = regionLabel(region);
    const limit = ctx.settings.findingTriageDays;
    const findings = region.detectors
      .flatMap((d) => d.openHighSeverityFindings)
      .filter((f) => f.severity >= HIGH)
      .map((f) => {
        const age = ageInDays(f.createdAt, ctx.asOf);
        return {
          over: age > limit,
          turnsOldAt: turnsOldAt(f.createdAt, limit),
          text: `finding ${f.id} (${f.type}, severity ${f.severity}) created ${showTime(f.createdAt)}, ${formatDays(age)} days before ${showTime(ctx.asOf)}`,
        };
      });
    if (findings.length === 0)
      return {
        outcome: 'pass',
        reason: `${label}: no open finding of severity ${HIGH} or more`,
        stableUntil: Infinity,
      };
    const over = findings.filter((f) => f.over);
    if (over.length > 0) {
      const more = over.length > SHOWN ? `; and ${over.length - SHOWN} more` : '';
      return {
        outcome: 'fail',
        reason: `${label}: ${over.length} open finding${over.length === 1 ? '' : 's'} past the limit: ${over
          .slice(0, SHOWN)
          .map((f) => f.text)
          .join('; ')}${more} (limit ${limit})`,
        stableUntil: Infinity,
      };
    }
    const next = Math.min(...findings.map((f) => f.turnsOldAt));
    const oldest = findings.find((f) => f.turnsOldAt === next)!;
    return {
      outcome: 'pass',
      reason: `${label}: ${findings.length} open finding${findings.length === 1 ? '' : 's'} within the limit, oldest ${oldest.text} (limit ${limit})`,
      stableUntil: next,
    };
  },
});
