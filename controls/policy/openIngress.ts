/**
 * Security group rules open to the whole internet: an ingress permission with the IPv4 range
 * 0.0.0.0/0 or the IPv6 range ::/0 (exact CIDR strings; prefix lists, referenced groups and
 * near-world ranges such as 0.0.0.0/1 are not read). Protocols as DescribeSecurityGroups returns
 * them: "-1" (every protocol, every port), "tcp", "udp", "icmp", "icmpv6" or a number; the numbers
 * 6 and 17 are read as tcp and udp. A port is inside a rule when fromPort <= port <= toPort; a
 * missing bound (EC2 always returns both for tcp and udp) is read as open: no fromPort as 0, no
 * toPort as 65535, so a tcp rule without ports opens every port.
 */
import type { IpPermission } from '../../model/resources.ts';

export const WORLD_CIDRS = ['0.0.0.0/0', '::/0'] as const;
export const ALL_PORTS = { from: 0, to: 65535 } as const;

/** "tcp", "udp", "-1", "icmp", ... lower-cased, with 6 and 17 named. */
export function protocolOf(p: IpPermission): string {
  const proto = p.ipProtocol.toLowerCase();
  if (proto === '6') return 'tcp';
  if (proto === '17') return 'udp';
  return proto;
}

/** The world ranges (0.0.0.0/0, ::/0) a permission admits, in that order. */
export function worldSources(p: IpPermission): string[] {
  const out: string[] = [];
  if (p.ipv4Ranges.some((r) => r.cidr === '0.0.0.0/0')) out.push('0.0.0.0/0');
  if (p.ipv6Ranges.some((r) => r.cidr === '::/0')) out.push('::/0');
  return out;
}

function lowPort(p: IpPermission): number {
  return p.fromPort ?? ALL_PORTS.from;
}

function highPort(p: IpPermission): number {
  return p.toPort ?? ALL_PORTS.to;
}

function inRange(p: IpPermission, port: number): boolean {
  return lowPort(p) <= port && port <= highPort(p);
}

/** The permission admits TCP traffic to `port`: protocol -1, or tcp with the port in its range. */
export function admitsTcpPort(p: IpPermission, port: number): boolean {
  const proto = protocolOf(p);
  return proto === '-1' || (proto === 'tcp' && inRange(p, port));
}

/** The permission admits every protocol (-1) or the whole port range 0-65535 of tcp or udp. */
export function admitsAllPorts(p: IpPermission): boolean {
  const proto = protocolOf(p);
  if (proto === '-1') return true;
  return (proto === 'tcp' || proto === 'udp') && lowPort(p) <= ALL_PORTS.from && highPort(p) >= ALL_PORTS.to;
}

/** "tcp 20-25", "tcp 22", "all traffic (-1)", "icmp". */
export function describeRule(p: IpPermission): string {
  const proto = protocolOf(p);
  if (proto === '-1') return 'all traffic (protocol -1)';
  if (p.fromPort === null || p.toPort === null)
    return proto === 'tcp' || proto === 'udp' ? `${p.ipProtocol} (no port range)` : p.ipProtocol;
  return p.fromPort === p.toPort
    ? `${p.ipProtocol} ${p.fromPort}`
    : `${p.ipProtocol} ${p.fromPort}-${p.toPort}`;
}

/** Ingress permissions open to the world that `admits` accepts, as "tcp 0-65535 from 0.0.0.0/0". */
export function worldOpenIngress(
  ingress: readonly IpPermission[],
  admits: (p: IpPermission) => boolean,
): string[] {
  return ingress.flatMap((p) => {
    const sources = worldSources(p);
    return sources.length > 0 && admits(p) ? [`${describeRule(p)} from ${sources.join(' and ')}`] : [];
  });
}
