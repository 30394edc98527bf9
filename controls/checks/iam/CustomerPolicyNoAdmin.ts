/** Fails a customer-managed policy with an Allow of Action "*" on Resource "*", unless it is used only as a permissions boundary (aws-evidence #3). */
import { defineCheck } from '../../check.ts';
import { describeStatement } from '../../policy/statements.ts';
import { fullAdminStatements } from '../../policy/isFullAdmin.ts';
import { isOnlyABoundary, onlyABoundaryReason } from './isOnlyABoundary.ts';

export const CustomerPolicyNoAdmin = defineCheck({
  id: 'iam.customer-policy-no-admin',
  fails: 'customer-managed policy has an Allow of Action "*" on Resource "*" (#3)',
  control: 'AC-01',
  title: 'Customer-managed policies do not grant full administrator access',
  rationale:
    'A policy allowing every action on every resource makes whoever holds it an administrator, defeating least privilege and segregation of duties.',
  criteria: ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'high',
  settingsRead: [],
  note: 'A policy used only as a permissions boundary (attached to no principal) is not applicable: a boundary grants nothing, and "*" on "*" with Deny statements is the usual way to write one. An Allow with NotAction (everything except some actions) is not counted unless other statements add the excluded actions back; see controls/policy/isFullAdmin.ts. Does not judge Deny statements beside the Allow, conditions on it, what the principals holding it can actually do (boundaries, SCPs, session policies), or who holds it.',
  remediation: {
    change:
      'Replace the Allow of Action "*" on Resource "*" with the actions and resources the holders need, saved as a new default version of the policy (a policy keeps at most 5 versions: delete an old one first if needed).',
    console: 'IAM > Policies > <policy> > Permissions > Edit > JSON > Save changes',
    cli: [
      'aws iam get-policy --policy-arn <policy-arn> --query Policy.DefaultVersionId --output text',
      'aws iam get-policy-version --policy-arn <policy-arn> --version-id <version-id>',
      'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://<least-privilege-policy>.json --set-as-default',
    ].join('\n'),
  },
  target: 'aws.iam.policy',
  reads: [],
  timeDependent: false,
  evaluate(policy) {
    if (policy.isAwsManaged)
      return { outcome: 'not-applicable', reason: `policy ${policy.name}: AWS-managed` };
    if (isOnlyABoundary(policy)) return { outcome: 'not-applicable', reason: onlyABoundaryReason(policy) };
    const admin = fullAdminStatements(policy.document);
    if (admin.length === 0)
      return { outcome: 'pass', reason: `policy ${policy.name}: no Allow of "*" on "*"` };
    return {
      outcome: 'fail',
      reason: `policy ${policy.name}: ${admin.map(describeStatement).join(', ')} allows "*" on "*" (attached ${policy.attachmentCount} times)`,
    };
  },
});
