/**
 * Fails a security group allowing ingress from 0.0.0.0/0 or ::/0 to TCP port 3389 (protocol tcp or
 * -1, port range including 3389).
 */
import { defineCheck } from '../../check.ts';
import { admitsTcpPort } from '../../policy/openIngress.ts';
import { judgeOpenIngress } from './judgeOpenIngress.ts';

export const SgNoOpenRdp = defineCheck({
  id: 'ec2.sg-no-open-rdp',
  fails:
    'a security group allows ingress from 0.0.0.0/0 or ::/0 to TCP port 3389 (protocol tcp or -1, port range including 3389)',
  control: 'NW-01',
  title: 'Security groups do not open RDP (3389) to the internet',
  rationale:
    'RDP open to the whole internet is a leading ransomware entry point; remote desktop access should come only from known networks, a VPN or a bastion.',
  criteria: ['CC6.1', 'CC6.6'],
  severity: 'high',
  settingsRead: [],
  note: 'Ingress permissions from DescribeSecurityGroups, per group. A rule fails when it lists the CIDR 0.0.0.0/0 or ::/0 and its protocol is -1 (all traffic) or tcp (or 6) with fromPort <= 3389 <= toPort, a missing bound counting as open (controls/policy/openIngress.ts). Does not judge prefix lists, rules referencing other groups, near-world ranges (0.0.0.0/1), udp, whether the group is attached to anything, network ACLs, or RDP on another port.',
  remediation: {
    change:
      'Remove the rule admitting 0.0.0.0/0 or ::/0 to port 3389; allow RDP only from a known network, a VPN or a bastion (or use Fleet Manager through Systems Manager).',
    console:
      'EC2 (region <region>) > Security Groups > <group-id> > Inbound rules > Edit inbound rules > Delete the 0.0.0.0/0 and ::/0 rule',
    cli: [
      'aws ec2 describe-security-group-rules --filters Name=group-id,Values=<group-id> --region <region>',
      'aws ec2 revoke-security-group-ingress --group-id <group-id> --security-group-rule-ids <rule-id> --region <region>',
      'aws ec2 authorize-security-group-ingress --group-id <group-id> --protocol tcp --port 3389 --cidr <trusted-cidr> --region <region>',
    ].join('\n'),
  },
  target: 'aws.ec2.security-group',
  reads: [],
  timeDependent: false,
  evaluate(group) {
    return judgeOpenIngress(group, (p) => admitsTcpPort(p, 3389), 'TCP 3389');
  },
});
