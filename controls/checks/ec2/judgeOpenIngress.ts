/** The shared verdict of the open-ingress checks: fail listing every world-open rule `admits` accepts. */
import type { Ec2SecurityGroup, IpPermission } from '../../../model/resources.ts';
import type { Verdict } from '../../check.ts';
import { worldOpenIngress } from '../../policy/openIngress.ts';
import { groupLabel } from './groupLabel.ts';

export function judgeOpenIngress(
  group: Ec2SecurityGroup,
  admits: (p: IpPermission) => boolean,
  what: string,
): Verdict {
  const label = groupLabel(group);
  const open = worldOpenIngress(group.ingress, admits);
  return open.length > 0
    ? { outcome: 'fail', reason: `${label}: ingress ${open.join('; ')} opens ${what} to the internet` }
    : { outcome: 'pass', reason: `${label}: no ingress from 0.0.0.0/0 or ::/0 opens ${what}` };
}
