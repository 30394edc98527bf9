/** Fails a customer-managed policy that allows "cloudtrail:*", unless it is used only as a permissions boundary (aws-evidence #7). */
import { defineCheck } from '../../check.ts';
import { allowsOnSomeResource } from '../../policy/allows.ts';
import { isOnlyABoundary, onlyABoundaryReason } from './isOnlyABoundary.ts';

export const CustomerPolicyNoCloudTrailAll = defineCheck({
  id: 'iam.customer-policy-no-cloudtrail-all',
  fails: 'customer-managed policy allows "cloudtrail:*" (#7)',
  control: 'AC-05',
  title: 'Customer-managed policies do not grant full CloudTrail control',
  rationale:
    'Whoever can do everything in CloudTrail can stop or delete the audit trail that would record their own actions.',
  criteria: ['CC3.3'],
  severity: 'medium',
  settingsRead: [],
  note: 'Also fails policies that grant "*": an administrator policy includes cloudtrail:*. cloudtrail:* on any one resource (a single trail) counts. A policy used only as a permissions boundary (attached to no principal) is not applicable: a boundary grants nothing. Does not judge narrower grants that can still stop logging (cloudtrail:StopLogging, DeleteTrail, PutEventSelectors alone), the policy of the bucket the trail writes to, or SCPs that protect the trail.',
  remediation: {
    change:
      'Replace "cloudtrail:*" (or "*") with the CloudTrail actions the holders need (usually the read-only cloudtrail:Describe*, Get*, List* and LookupEvents), leaving StopLogging, DeleteTrail and UpdateTrail to a separately controlled role.',
    console: 'IAM > Policies > <policy> > Permissions > Edit > JSON > Save changes',
    cli: [
      'aws iam get-policy --policy-arn <policy-arn> --query Policy.DefaultVersionId --output text',
      'aws iam get-policy-version --policy-arn <policy-arn> --version-id <version-id>',
      'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://<fixed-policy>.json --set-as-default',
    ].join('\n'),
  },
  target: 'aws.iam.policy',
  reads: [],
  timeDependent: false,
  evaluate(policy) {
    if (policy.isAwsManaged)
      return { outcome: 'not-applicable', reason: `policy ${policy.name}: AWS-managed` };
    if (isOnlyABoundary(policy)) return { outcome: 'not-applicable', reason: onlyABoundaryReason(policy) };
    if (allowsOnSomeResource(policy.document, 'cloudtrail:*')) {
      return { outcome: 'fail', reason: `policy ${policy.name}: allows cloudtrail:*` };
    }
    return { outcome: 'pass', reason: `policy ${policy.name}: does not allow cloudtrail:*` };
  },
});
