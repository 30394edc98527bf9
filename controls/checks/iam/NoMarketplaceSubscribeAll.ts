/** Fails a customer-managed or inline policy allowing aws-marketplace:Subscribe on "*" (aws-evidence #8). */
import { defineCheck } from '../../check.ts';
import { allows } from '../../policy/allows.ts';
import { principalLabel } from '../principalLabel.ts';

const ACTION = 'aws-marketplace:Subscribe';

export const NoMarketplaceSubscribeAll = defineCheck({
  id: 'iam.no-marketplace-subscribe-all',
  title: 'No policy allows subscribing to any AWS Marketplace product',
  rationale:
    'aws-marketplace:Subscribe on "*" lets a principal buy and deploy any third-party product, committing spend and bringing in unvetted software and vendors.',
  criteria: ['CC6.3'],
  severity: 'low',
  settingsRead: [],
  note: 'Judged per customer-managed policy and per principal for its inline policies; AWS-managed policies and principals without inline policies are not applicable.',
  target: 'aws.iam.policy',
  alsoTargets: ['aws.iam.user', 'aws.iam.group', 'aws.iam.role'],
  reads: [],
  timeDependent: false,
  evaluate(resource) {
    if (resource.type === 'aws.iam.policy') {
      if (resource.isAwsManaged)
        return { outcome: 'not-applicable', reason: `policy ${resource.name}: AWS-managed` };
      return allows(resource.document, ACTION, '*')
        ? { outcome: 'fail', reason: `policy ${resource.name}: allows ${ACTION} on "*"` }
        : { outcome: 'pass', reason: `policy ${resource.name}: does not allow ${ACTION} on "*"` };
    }
    const label = principalLabel(resource);
    if (resource.inlinePolicies.length === 0)
      return { outcome: 'not-applicable', reason: `${label}: no inline policy` };
    const found = resource.inlinePolicies.filter((p) => allows(p.document, ACTION, '*')).map((p) => p.name);
    if (found.length === 0)
      return { outcome: 'pass', reason: `${label}: no inline policy allows ${ACTION} on "*"` };
    return { outcome: 'fail', reason: `${label}: inline policy ${found.join(', ')} allows ${ACTION} on "*"` };
  },
});
