/** How reasons name an IAM principal or a credential-report row: "user alice", "role deploy", "root". */
import type { IamCredentials, IamGroup, IamRole, IamUser } from '../../model/resources.ts';

export type Principal = IamUser | IamGroup | IamRole;

export function principalLabel(p: Principal): string {
  const kind = p.type === 'aws.iam.user' ? 'user' : p.type === 'aws.iam.group' ? 'group' : 'role';
  return `${kind} ${p.name}`;
}

export function credentialsLabel(row: IamCredentials): string {
  return row.isRoot ? 'root user' : `user ${row.user}`;
}
