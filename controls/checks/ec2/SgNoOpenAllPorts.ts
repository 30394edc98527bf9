/**
 * Fails a security group allowing ingress from 0.0.0.0/0 or ::/0 on every protocol (-1) or on the
 * whole port range 0-65535 of tcp or udp.
 */
import { defineCheck } from '../../check.ts';
import { admitsAllPorts } from '../../policy/openIngress.ts';
import { judgeOpenIngress } from './judgeOpenIngress.ts';

export const SgNoOpenAllPorts = defineCheck({
  id: 'ec2.sg-no-open-all-ports',
  fails:
    'a security group allows ingress from 0.0.0.0/0 or ::/0 on every protocol (-1) or on the whole port range 0-65535 of tcp or udp',
  control: 'NW-01',
  title: 'Security groups do not open every port to the internet',
  rationale:
    'A rule admitting all traffic or every port from anywhere removes the network boundary altogether: every service listening on the instance, including ones never meant to be exposed, is reachable from the internet.',
  criteria: ['CC6.1', 'CC6.6'],
  severity: 'critical',
  settingsRead: [],
  note: 'Ingress permissions from DescribeSecurityGroups, per group. A rule fails when it lists the CIDR 0.0.0.0/0 or ::/0 and its protocol is -1, or it is tcp or udp (or 6, 17) with fromPort 0 (or less, or missing) and toPort 65535 (or more, or missing) (controls/policy/openIngress.ts). A wide range that is not the whole one (1-65535, 1024-65535), other protocol numbers (which EC2 opens on all ports) and icmp are not judged, nor prefix lists, referenced groups, near-world ranges or whether the group is attached.',
  remediation: {
    change:
      'Remove the rule admitting all traffic or every port from 0.0.0.0/0 or ::/0, and allow only the ports the service needs, from the sources that need them.',
    console:
      'EC2 (region <region>) > Security Groups > <group-id> > Inbound rules > Edit inbound rules > Delete the 0.0.0.0/0 and ::/0 rule',
    cli: [
      'aws ec2 describe-security-group-rules --filters Name=group-id,Values=<group-id> --region <region>',
      'aws ec2 revoke-security-group-ingress --group-id <group-id> --security-group-rule-ids <rule-id> --region <region>',
      'aws ec2 authorize-security-group-ingress --group-id <group-id> --protocol tcp --port <port> --cidr <trusted-cidr> --region <region>',
    ].join('\n'),
  },
  target: 'aws.ec2.security-group',
  reads: [],
  timeDependent: false,
  evaluate(group) {
    return judgeOpenIngress(group, admitsAllPorts, 'every port');
  },
});
