import type { Ec2SecurityGroup } from '../../../model/resources.ts';

/** "security group sg-0abc (web, us-east-1)". */
export function groupLabel(g: Ec2SecurityGroup): string {
  return `security group ${g.groupId} (${g.groupName}, ${g.region})`;
}
