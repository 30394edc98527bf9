/** EC2 checks: world-open ingress (ports, protocol -1, ::/0), default groups, EBS encryption by default. */
import { describe, expect, it } from 'vitest';
import { DefaultSgNoTraffic } from '../../../../controls/checks/ec2/DefaultSgNoTraffic.ts';
import { EbsDefaultEncryption } from '../../../../controls/checks/ec2/EbsDefaultEncryption.ts';
import { SgNoOpenAllPorts } from '../../../../controls/checks/ec2/SgNoOpenAllPorts.ts';
import { SgNoOpenRdp } from '../../../../controls/checks/ec2/SgNoOpenRdp.ts';
import { SgNoOpenSsh } from '../../../../controls/checks/ec2/SgNoOpenSsh.ts';
import {
  Ec2Region,
  Ec2SecurityGroup,
  regionResourceId,
  securityGroupArn,
  type IpPermission,
} from '../../../../model/resources.ts';
import { ACCOUNT, judge } from '../../fixtures.ts';

type Over<T> = Partial<Omit<T, 'type'>>;

function rule(
  protocol: string,
  from: number | null,
  to: number | null,
  over: Partial<IpPermission> = {},
): IpPermission {
  return {
    ipProtocol: protocol,
    fromPort: from,
    toPort: to,
    ipv4Ranges: [{ cidr: '0.0.0.0/0', description: null }],
    ipv6Ranges: [],
    prefixListIds: [],
    groupPairs: [],
    ...over,
  };
}
const v6 = (protocol: string, from: number | null, to: number | null) =>
  rule(protocol, from, to, { ipv4Ranges: [], ipv6Ranges: [{ cidr: '::/0', description: null }] });
const office = (protocol: string, from: number | null, to: number | null) =>
  rule(protocol, from, to, { ipv4Ranges: [{ cidr: '203.0.113.0/24', description: 'office' }] });

function sg(over: Over<Ec2SecurityGroup> = {}): Ec2SecurityGroup {
  const groupId = over.groupId ?? 'sg-0abc';
  return Ec2SecurityGroup.parse({
    type: 'aws.ec2.security-group',
    id: securityGroupArn('aws', 'us-east-1', ACCOUNT, groupId),
    groupId,
    groupName: 'web',
    description: 'web servers',
    vpcId: 'vpc-1',
    region: 'us-east-1',
    ownerId: ACCOUNT,
    ingress: [rule('tcp', 443, 443)],
    egress: [rule('-1', null, null)],
    tags: [],
    ...over,
  });
}
const withIngress = (...ingress: IpPermission[]) => sg({ ingress });
const LABEL = 'security group sg-0abc (web, us-east-1)';

describe('ec2.sg-no-open-ssh', () => {
  it('passes HTTPS open to the world and SSH from an office range', () => {
    expect(judge(SgNoOpenSsh, withIngress(rule('tcp', 443, 443), office('tcp', 22, 22)))).toEqual({
      outcome: 'pass',
      reason: `${LABEL}: no ingress from 0.0.0.0/0 or ::/0 opens TCP 22`,
    });
  });

  it.each([
    ['tcp 22 from 0.0.0.0/0', rule('tcp', 22, 22)],
    ['tcp 22 from ::/0', v6('tcp', 22, 22)],
    ['tcp 20-25 from 0.0.0.0/0', rule('tcp', 20, 25)],
    ['tcp 0-65535 from 0.0.0.0/0', rule('tcp', 0, 65535)],
    ['all traffic (protocol -1) from 0.0.0.0/0', rule('-1', null, null)],
    ['6 22 from 0.0.0.0/0', rule('6', 22, 22)],
    ['tcp (no port range) from 0.0.0.0/0', rule('tcp', null, null)],
  ])('fails %s', (text, r) => {
    expect(judge(SgNoOpenSsh, withIngress(r))).toEqual({
      outcome: 'fail',
      reason: `${LABEL}: ingress ${text} opens TCP 22 to the internet`,
    });
  });

  it('names both world ranges of one rule', () => {
    const both = rule('tcp', 22, 22, { ipv6Ranges: [{ cidr: '::/0', description: null }] });
    expect(judge(SgNoOpenSsh, withIngress(both)).reason).toBe(
      `${LABEL}: ingress tcp 22 from 0.0.0.0/0 and ::/0 opens TCP 22 to the internet`,
    );
  });

  it.each([
    ['a range ending just below', rule('tcp', 0, 21)],
    ['a range starting just above', rule('tcp', 23, 1024)],
    ['udp 22', rule('udp', 22, 22)],
    ['udp on every port', rule('udp', 0, 65535)],
    ['icmp', rule('icmp', -1, -1)],
    ['a near-world range', rule('tcp', 22, 22, { ipv4Ranges: [{ cidr: '0.0.0.0/1', description: null }] })],
    ['a prefix list', rule('tcp', 22, 22, { ipv4Ranges: [], prefixListIds: ['pl-123'] })],
    [
      'a referenced group',
      rule('tcp', 22, 22, { ipv4Ranges: [], groupPairs: [{ groupId: 'sg-bastion', userId: ACCOUNT }] }),
    ],
  ])('passes %s', (_label, r) => {
    expect(judge(SgNoOpenSsh, withIngress(r)).outcome).toBe('pass');
  });

  it('reads ingress only, never egress', () => {
    expect(judge(SgNoOpenSsh, sg({ ingress: [], egress: [rule('tcp', 22, 22)] })).outcome).toBe('pass');
  });

  it('fails ranges that end or start exactly at 22', () => {
    expect(judge(SgNoOpenSsh, withIngress(rule('tcp', 21, 22))).outcome).toBe('fail');
    expect(judge(SgNoOpenSsh, withIngress(rule('tcp', 22, 23))).outcome).toBe('fail');
  });
});

describe('ec2.sg-no-open-rdp', () => {
  it('fails 3389 open to the world on tcp or -1, over IPv4 or IPv6', () => {
    expect(judge(SgNoOpenRdp, withIngress(rule('tcp', 3389, 3389)))).toEqual({
      outcome: 'fail',
      reason: `${LABEL}: ingress tcp 3389 from 0.0.0.0/0 opens TCP 3389 to the internet`,
    });
    expect(judge(SgNoOpenRdp, withIngress(v6('-1', null, null))).outcome).toBe('fail');
    expect(judge(SgNoOpenRdp, withIngress(rule('tcp', 3000, 4000))).outcome).toBe('fail');
  });

  it('passes SSH open, RDP from an office, udp 3389 and the ranges around it', () => {
    for (const r of [
      rule('tcp', 22, 22),
      office('tcp', 3389, 3389),
      rule('udp', 3389, 3389),
      rule('tcp', 3390, 3399),
      rule('tcp', 3000, 3388),
    ])
      expect(judge(SgNoOpenRdp, withIngress(r)).outcome).toBe('pass');
  });
});

describe('ec2.sg-no-open-all-ports', () => {
  it.each([
    ['all traffic (protocol -1) from 0.0.0.0/0', rule('-1', null, null)],
    ['all traffic (protocol -1) from ::/0', v6('-1', null, null)],
    ['tcp 0-65535 from 0.0.0.0/0', rule('tcp', 0, 65535)],
    ['udp 0-65535 from ::/0', v6('udp', 0, 65535)],
    ['17 0-65535 from 0.0.0.0/0', rule('17', 0, 65535)],
  ])('fails %s', (text, r) => {
    expect(judge(SgNoOpenAllPorts, withIngress(r))).toEqual({
      outcome: 'fail',
      reason: `${LABEL}: ingress ${text} opens every port to the internet`,
    });
  });

  it.each([
    ['tcp 1-65535', rule('tcp', 1, 65535)],
    ['tcp 0-65534', rule('tcp', 0, 65534)],
    ['icmp all types', rule('icmp', -1, -1)],
    ['-1 from an office range', office('-1', null, null)],
    ['protocol 50 (ESP)', rule('50', null, null)],
  ])('passes %s', (_label, r) => {
    expect(judge(SgNoOpenAllPorts, withIngress(r)).outcome).toBe('pass');
  });

  it('passes the usual allow-all egress', () => {
    expect(judge(SgNoOpenAllPorts, sg()).outcome).toBe('pass');
  });
});

describe('ec2.default-sg-no-traffic', () => {
  const defaults = (over: Over<Ec2SecurityGroup> = {}) =>
    sg({ groupId: 'sg-0def', groupName: 'default', ...over });

  it('fails a default group with the rules AWS creates, listing them', () => {
    const self = rule('-1', null, null, {
      ipv4Ranges: [],
      groupPairs: [{ groupId: 'sg-0def', userId: ACCOUNT }],
    });
    expect(judge(DefaultSgNoTraffic, defaults({ ingress: [self] }))).toEqual({
      outcome: 'fail',
      reason:
        'security group sg-0def (default, us-east-1): 2 rules: ingress all traffic (protocol -1); egress all traffic (protocol -1)',
    });
  });

  it('fails egress alone, and ingress alone', () => {
    expect(judge(DefaultSgNoTraffic, defaults({ ingress: [] })).outcome).toBe('fail');
    expect(judge(DefaultSgNoTraffic, defaults({ egress: [], ingress: [office('tcp', 22, 22)] })).reason).toBe(
      'security group sg-0def (default, us-east-1): 1 rule: ingress tcp 22',
    );
  });

  it('passes an emptied default group', () => {
    expect(judge(DefaultSgNoTraffic, defaults({ ingress: [], egress: [] }))).toEqual({
      outcome: 'pass',
      reason: 'security group sg-0def (default, us-east-1): no ingress or egress rule',
    });
  });

  it('is not applicable to other groups, even ones named like it', () => {
    expect(judge(DefaultSgNoTraffic, sg())).toEqual({
      outcome: 'not-applicable',
      reason: `${LABEL}: not a default group`,
    });
    expect(judge(DefaultSgNoTraffic, sg({ groupName: 'Default' })).outcome).toBe('not-applicable');
  });
});

describe('ec2.ebs-default-encryption', () => {
  function region(over: Over<Ec2Region> = {}): Ec2Region {
    const name = over.region ?? 'us-east-1';
    return Ec2Region.parse({
      type: 'aws.ec2.region',
      id: regionResourceId('aws', 'ec2', name, ACCOUNT),
      region: name,
      accountId: ACCOUNT,
      refused: null,
      optInStatus: 'opt-in-not-required',
      ebsEncryptionByDefault: true,
      ebsDefaultKmsKeyId: 'alias/aws/ebs',
      ...over,
    });
  }

  it('passes encryption by default on and fails it off', () => {
    expect(judge(EbsDefaultEncryption, region())).toEqual({
      outcome: 'pass',
      reason: 'region us-east-1: EBS encryption by default on (default key alias/aws/ebs)',
    });
    expect(judge(EbsDefaultEncryption, region({ ebsEncryptionByDefault: false }))).toEqual({
      outcome: 'fail',
      reason: 'region us-east-1: EBS encryption by default off',
    });
  });

  it('is not applicable for a refused region, or when the setting was not collected', () => {
    const refused = region({
      region: 'ap-south-2',
      refused: { errorCode: 'OptInRequired', errorMessage: 'x' },
      optInStatus: 'not-opted-in',
      ebsEncryptionByDefault: null,
      ebsDefaultKmsKeyId: null,
    });
    expect(judge(EbsDefaultEncryption, refused)).toEqual({
      outcome: 'not-applicable',
      reason: 'region ap-south-2: not enabled for the account (OptInRequired)',
    });
    expect(judge(EbsDefaultEncryption, region({ ebsEncryptionByDefault: null })).outcome).toBe(
      'not-applicable',
    );
  });
});
