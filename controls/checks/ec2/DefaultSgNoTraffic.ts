/** Fails a default security group (groupName "default") with any ingress or egress rule. */
import { defineCheck } from '../../check.ts';
import { describeRule } from '../../policy/openIngress.ts';
import { groupLabel } from './groupLabel.ts';

export const DefaultSgNoTraffic = defineCheck({
  id: 'ec2.default-sg-no-traffic',
  fails: 'a default security group (groupName "default") has any ingress or egress rule',
  control: 'NW-01',
  title: 'Default security groups allow no traffic',
  rationale:
    'Anything launched without a chosen security group lands in the VPC default group; when that group allows no traffic, such a resource is isolated until someone grants it access on purpose, instead of silently sharing whatever the default allows.',
  criteria: ['CC6.1', 'CC6.6'],
  severity: 'medium',
  settingsRead: [],
  note: 'Ingress and egress permissions from DescribeSecurityGroups for groups named "default" (one per VPC, plus EC2-Classic leftovers); every other group is not applicable. Any permission fails, including the self-referencing ingress and the allow-all egress AWS creates with the VPC: they must be removed. Does not judge whether anything uses the default group.',
  remediation: {
    change:
      'Move whatever uses the default security group to purpose-made groups, then remove every inbound and outbound rule of the default group.',
    console:
      'EC2 (region <region>) > Security Groups > <group-id> > Inbound rules > Edit inbound rules > Delete each rule; the same under Outbound rules',
    cli: [
      'aws ec2 describe-security-group-rules --filters Name=group-id,Values=<group-id> --region <region>',
      'aws ec2 revoke-security-group-ingress --group-id <group-id> --security-group-rule-ids <rule-id> --region <region>',
      'aws ec2 revoke-security-group-egress --group-id <group-id> --security-group-rule-ids <rule-id> --region <region>',
    ].join('\n'),
  },
  target: 'aws.ec2.security-group',
  reads: [],
  timeDependent: false,
  evaluate(group) {
    const label = groupLabel(group);
    if (group.groupName !== 'default')
      return { outcome: 'not-applicable', reason: `${label}: not a default group` };
    const rules = [
      ...group.ingress.map((p) => `ingress ${describeRule(p)}`),
      ...group.egress.map((p) => `egress ${describeRule(p)}`),
    ];
    return rules.length > 0
      ? {
          outcome: 'fail',
          reason: `${label}: ${rules.length} rule${rules.length === 1 ? '' : 's'}: ${rules.join('; ')}`,
        }
      : { outcome: 'pass', reason: `${label}: no ingress or egress rule` };
  },
});
