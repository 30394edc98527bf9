/**
 * Fails a customer-managed or inline policy allowing aws-marketplace:Subscribe on "*" (aws-evidence
 * #8); a policy used only as a permissions boundary and a service-linked role are not applicable.
 */
import { defineCheck } from '../../check.ts';
import { allows } from '../../policy/allows.ts';
import { principalLabel } from '../principalLabel.ts';
import { isServiceLinkedRole } from './isAwsOwnedRole.ts';
import { isOnlyABoundary, onlyABoundaryReason } from './isOnlyABoundary.ts';

const ACTION = 'aws-marketplace:Subscribe';

export const NoMarketplaceSubscribeAll = defineCheck({
  id: 'iam.no-marketplace-subscribe-all',
  fails: 'a policy (customer-managed or inline) allows aws-marketplace:Subscribe on "*" (#8)',
  control: 'AC-01',
  title: 'No policy allows subscribing to any AWS Marketplace product',
  rationale:
    'aws-marketplace:Subscribe on "*" lets a principal buy and deploy any third-party product, committing spend and bringing in unvetted software and vendors.',
  criteria: ['CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: 'Judged per customer-managed policy and per principal for its inline policies. Not applicable: AWS-managed policies, principals without inline policies, a customer policy used only as a permissions boundary (it grants nothing) and service-linked roles (AWS writes their policies; IAM refuses edits). Does not judge AWS-managed policies attached to principals (AWSMarketplaceFullAccess), Private Marketplace or SCP restrictions, or who holds the policy.',
  remediation: {
    change:
      'Remove aws-marketplace:Subscribe on "*" from the policy and leave subscribing to a procurement role (a Private Marketplace limits what that role can buy).',
    console:
      "IAM > Policies > <policy> (or the user, group or role's inline policy) > Edit > JSON > Save changes",
    cli: [
      'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://<fixed-policy>.json --set-as-default  # a customer-managed policy',
      '# for an inline policy of a user, group or role:',
      'aws iam put-<principal-kind>-policy --<principal-kind>-name <principal-name> --policy-name <policy-name> --policy-document file://<fixed-policy>.json',
    ].join('\n'),
  },
  target: 'aws.iam.policy',
  alsoTargets: ['aws.iam.user', 'aws.iam.group', 'aws.iam.role'],
  reads: [],
  timeDependent: false,
  evaluate(resource) {
    if (resource.type === 'aws.iam.policy') {
      if (resource.isAwsManaged)
        return { outcome: 'not-applicable', reason: `policy ${resource.name}: AWS-managed` };
      if (isOnlyABoundary(resource))
        return { outcome: 'not-applicable', reason: onlyABoundaryReason(resource) };
      return allows(resource.document, ACTION, '*')
        ? { outcome: 'fail', reason: `policy ${resource.name}: allows ${ACTION} on "*"` }
        : { outcome: 'pass', reason: `policy ${resource.name}: does not allow ${ACTION} on "*"` };
    }
    const label = principalLabel(resource);
    if (resource.inlinePolicies.length === 0)
      return { outcome: 'not-applicable', reason: `${label}: no inline policy` };
    if (isServiceLinkedRole(resource))
      return {
        outcome: 'not-applicable',
        reason: `${label}: service-linked role (path ${resource.path}), its policies are written by AWS`,
      };
    const found = resource.inlinePolicies.filter((p) => allows(p.document, ACTION, '*')).map((p) => p.name);
    if (found.length === 0)
      return { outcome: 'pass', reason: `${label}: no inline policy allows ${ACTION} on "*"` };
    return { outcome: 'fail', reason: `${label}: inline policy ${found.join(', ')} allows ${ACTION} on "*"` };
  },
});
