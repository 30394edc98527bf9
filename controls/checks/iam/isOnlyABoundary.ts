/**
 * A customer-managed policy used only as a permissions boundary: attached to no user, group or
 * role, and set as the boundary of at least one. A boundary grants nothing (it only caps what the
 * principal's own policies grant), and boundaries are written to allow broadly ("*" on "*" with
 * Deny statements is the usual shape), so the checks that judge what a policy grants do not apply.
 */
import type { IamManagedPolicy } from '../../../model/resources.ts';

export function isOnlyABoundary(policy: IamManagedPolicy): boolean {
  return policy.attachmentCount === 0 && policy.permissionsBoundaryUsageCount > 0;
}

/** The not-applicable reason for such a policy, the same wording in every check. */
export function onlyABoundaryReason(policy: IamManagedPolicy): string {
  return `policy ${policy.name}: used only as a permissions boundary (${policy.permissionsBoundaryUsageCount}), which grants nothing`;
}
