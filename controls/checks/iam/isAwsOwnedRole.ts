/**
 * Roles whose policies the account cannot write. A service-linked role (path /aws-service-role/...)
 * is created, and its permissions defined, by the AWS service; IAM refuses PutRolePolicy and
 * AttachRolePolicy on it. A role IAM Identity Center provisions (path
 * /aws-reserved/sso.amazonaws.com/...) carries its permission set's policies, written and reviewed
 * in Identity Center, not in IAM.
 */
import type { Principal } from '../principalLabel.ts';

export function isServiceLinkedRole(p: Principal): boolean {
  return p.type === 'aws.iam.role' && p.path.startsWith('/aws-service-role/');
}

export function isIdentityCenterRole(p: Principal): boolean {
  return p.type === 'aws.iam.role' && p.path.startsWith('/aws-reserved/sso.amazonaws.com/');
}
