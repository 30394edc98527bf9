import { describe, expect, it } from 'vitest';
import {
  admitsAllPorts,
  admitsTcpPort,
  describeRule,
  protocolOf,
  worldOpenIngress,
  worldSources,
} from '../../../controls/policy/openIngress.ts';
import type { IpPermission } from '../../../model/resources.ts';

const p = (
  ipProtocol: string,
  fromPort: number | null,
  toPort: number | null,
  cidrs: string[] = ['0.0.0.0/0'],
): IpPermission => ({
  ipProtocol,
  fromPort,
  toPort,
  ipv4Ranges: cidrs.filter((c) => !c.includes(':')).map((cidr) => ({ cidr, description: null })),
  ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((cidr) => ({ cidr, description: null })),
  prefixListIds: [],
  groupPairs: [],
});

describe('openIngress', () => {
  it('names protocols 6 and 17', () => {
    expect([
      protocolOf(p('6', 1, 1)),
      protocolOf(p('17', 1, 1)),
      protocolOf(p('TCP', 1, 1)),
      protocolOf(p('-1', null, null)),
    ]).toEqual(['tcp', 'udp', 'tcp', '-1']);
  });

  it('finds the world ranges only as exact CIDRs', () => {
    expect(worldSources(p('tcp', 22, 22, ['10.0.0.0/8', '0.0.0.0/0', '::/0']))).toEqual([
      '0.0.0.0/0',
      '::/0',
    ]);
    expect(worldSources(p('tcp', 22, 22, ['0.0.0.0/1', '128.0.0.0/1', '2000::/3']))).toEqual([]);
  });

  it('admits a TCP port inside fromPort..toPort, inclusive, or on protocol -1', () => {
    expect(admitsTcpPort(p('tcp', 22, 22), 22)).toBe(true);
    expect(admitsTcpPort(p('tcp', 0, 65535), 22)).toBe(true);
    expect(admitsTcpPort(p('tcp', 23, 100), 22)).toBe(false);
    expect(admitsTcpPort(p('tcp', 1, 21), 22)).toBe(false);
    expect(admitsTcpPort(p('-1', null, null), 3389)).toBe(true);
    expect(admitsTcpPort(p('udp', 0, 65535), 22)).toBe(false);
    expect(admitsTcpPort(p('tcp', null, null), 22)).toBe(true); // a missing bound is open
    expect(admitsTcpPort(p('tcp', 23, null), 22)).toBe(false);
  });

  it('admits all ports on -1 or the whole tcp/udp range only', () => {
    expect(admitsAllPorts(p('-1', null, null))).toBe(true);
    expect(admitsAllPorts(p('tcp', 0, 65535))).toBe(true);
    expect(admitsAllPorts(p('udp', 0, 65535))).toBe(true);
    expect(admitsAllPorts(p('tcp', 1, 65535))).toBe(false);
    expect(admitsAllPorts(p('icmp', -1, -1))).toBe(false);
    expect(admitsAllPorts(p('50', null, null))).toBe(false);
    expect(admitsAllPorts(p('tcp', null, null))).toBe(true);
    expect(admitsAllPorts(p('udp', 0, null))).toBe(true);
  });

  it('describes rules for reasons', () => {
    expect(describeRule(p('tcp', 22, 22))).toBe('tcp 22');
    expect(describeRule(p('tcp', 20, 25))).toBe('tcp 20-25');
    expect(describeRule(p('-1', null, null))).toBe('all traffic (protocol -1)');
    expect(describeRule(p('50', null, null))).toBe('50');
    expect(describeRule(p('tcp', null, null))).toBe('tcp (no port range)');
    expect(
      worldOpenIngress([p('tcp', 22, 22, ['::/0']), p('tcp', 22, 22, ['10.0.0.0/8'])], (r) =>
        admitsTcpPort(r, 22),
      ),
    ).toEqual(['tcp 22 from ::/0']);
  });
});
