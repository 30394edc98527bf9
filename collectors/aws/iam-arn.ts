/**
 * What an IAM ARN itself says about its entity: arn:<partition>:iam::<account|aws>:<kind><path><name>,
 * e.g. arn:aws:iam::aws:policy/service-role/AWSConfigRole is the policy AWSConfigRole at path
 * /service-role/. AWS builds these ARNs from the path and name, so both can be read back exactly.
 */
export type IamArnKind = 'user' | 'group' | 'role' | 'policy';

export interface IamArnParts {
  partition: string;
  /** A 12-digit account, or "aws" for AWS-managed policies. */
  account: string;
  kind: IamArnKind;
  /** Begins and ends with "/" ("/" alone when the entity has no path). */
  path: string;
  name: string;
}

const IAM_ARN = /^arn:([a-z-]+):iam::(\d{12}|aws):(user|group|role|policy)(\/(?:[^/]+\/)*)([^/]+)$/;

/** The parts of an IAM ARN of the given kind, or null when it is not one. */
export function parseIamArn(arn: string, kind: IamArnKind): IamArnParts | null {
  const m = IAM_ARN.exec(arn);
  if (!m || m[3] !== kind) return null;
  return { partition: m[1]!, account: m[2]!, kind, path: m[4]!, name: m[5]! };
}
