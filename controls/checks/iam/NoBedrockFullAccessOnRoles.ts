/** Fails a role outside /aws-service-role/ with AmazonBedrockFullAccess attached (aws-evidence #9). */
import { defineCheck } from '../../check.ts';
import { isServiceLinkedRole } from './isAwsOwnedRole.ts';

const BEDROCK_FULL_ACCESS = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?AmazonBedrockFullAccess$/;

export const NoBedrockFullAccessOnRoles = defineCheck({
  id: 'iam.no-bedrock-full-access-on-roles',
  fails: 'AmazonBedrockFullAccess attached to a role not under path /aws-service-role/ (#9)',
  control: 'AC-01',
  title: 'AmazonBedrockFullAccess is not attached to workload roles',
  rationale:
    'AmazonBedrockFullAccess allows every Bedrock action, including creating models, agents and provisioned throughput; workload roles should get only the model invocations they need.',
  criteria: ['CC6.3'],
  severity: 'medium',
  settingsRead: [],
  note: 'Service-linked roles (path /aws-service-role/) are not applicable: AWS manages their permissions. Only the AWS-managed policy attached to a role is read. Does not judge the same actions granted by customer or inline policies (bedrock:*), AmazonBedrockFullAccess on users or groups, or whether a role that builds models legitimately needs it (document that as an exception).',
  remediation: {
    change:
      'Detach AmazonBedrockFullAccess from the role and attach a policy allowing only what the workload calls (usually bedrock:InvokeModel on the models it uses).',
    console: 'IAM > Roles > <role> > Permissions > AmazonBedrockFullAccess > Remove, then Add permissions',
    cli: [
      'aws iam detach-role-policy --role-name <role> --policy-arn arn:<partition>:iam::aws:policy/AmazonBedrockFullAccess',
      'aws iam attach-role-policy --role-name <role> --policy-arn <least-privilege-policy-arn>',
    ].join('\n'),
  },
  target: 'aws.iam.role',
  reads: [],
  timeDependent: false,
  evaluate(role) {
    if (isServiceLinkedRole(role)) {
      return {
        outcome: 'not-applicable',
        reason: `role ${role.name}: service-linked role (path ${role.path})`,
      };
    }
    const hit = role.attachedPolicies.find((p) => BEDROCK_FULL_ACCESS.test(p.arn));
    if (!hit) return { outcome: 'pass', reason: `role ${role.name}: AmazonBedrockFullAccess not attached` };
    return { outcome: 'fail', reason: `role ${role.name}: ${hit.arn} attached` };
  },
});
