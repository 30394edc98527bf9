/**
 * Privilege-escalation combinations: sets of actions that, held together, let a principal give
 * itself more permissions than it was granted. Drawn from the published IAM escalation paths
 * (Rhino Security Labs' list, as used by Prowler and others). An action counts when the document
 * allows it on at least one resource (iam:PassRole on one powerful role is enough), wildcards
 * included ("iam:*", "*"), after unconditional Denies. sts:AssumeRole only counts on "*".
 *
 * Delegated permission management (AWS's documented pattern): attaching or writing policies on
 * users and roles under a Condition that the target carries a named permissions boundary
 * (iam:PermissionsBoundary) lets the holder grant nothing beyond that boundary, so such an Allow is
 * not counted for AttachUserPolicy, AttachRolePolicy, PutUserPolicy and PutRolePolicy. It is counted
 * again when the same document lets the holder escape the boundary: delete a user's or role's
 * boundary, or set one without that condition. (Rewriting the boundary policy itself is
 * CreatePolicyVersion, judged on its own.)
 */
import type { PolicyDocument } from '../../model/resources.ts';
import { allows, allowsOnSomeResource } from './allows.ts';
import type { Statement } from './statements.ts';

export interface EscalationCombination {
  /** Short name used in reasons, e.g. "PassRole+Lambda". */
  name: string;
  /** Every one of these must be allowed. */
  actions: readonly string[];
  /** Actions that must be allowed on Resource "*" rather than on some resource. */
  onEveryResource?: readonly string[];
  why: string;
}

export const ESCALATION_COMBINATIONS: readonly EscalationCombination[] = [
  {
    name: 'CreatePolicyVersion',
    actions: ['iam:CreatePolicyVersion'],
    why: 'rewrite a policy attached to oneself and make it default',
  },
  {
    name: 'SetDefaultPolicyVersion',
    actions: ['iam:SetDefaultPolicyVersion'],
    why: 'switch to a more permissive earlier policy version',
  },
  {
    name: 'AttachUserPolicy',
    actions: ['iam:AttachUserPolicy'],
    why: 'attach AdministratorAccess to a user (oneself)',
  },
  {
    name: 'AttachGroupPolicy',
    actions: ['iam:AttachGroupPolicy'],
    why: "attach AdministratorAccess to one's group",
  },
  {
    name: 'AttachRolePolicy',
    actions: ['iam:AttachRolePolicy'],
    why: 'attach AdministratorAccess to an assumable role',
  },
  { name: 'PutUserPolicy', actions: ['iam:PutUserPolicy'], why: 'write an admin inline policy on a user' },
  {
    name: 'PutGroupPolicy',
    actions: ['iam:PutGroupPolicy'],
    why: "write an admin inline policy on one's group",
  },
  {
    name: 'PutRolePolicy',
    actions: ['iam:PutRolePolicy'],
    why: 'write an admin inline policy on an assumable role',
  },
  { name: 'AddUserToGroup', actions: ['iam:AddUserToGroup'], why: 'join a more privileged group' },
  {
    name: 'CreateAccessKey',
    actions: ['iam:CreateAccessKey'],
    why: 'create access keys for a more privileged user',
  },
  {
    name: 'CreateLoginProfile',
    actions: ['iam:CreateLoginProfile'],
    why: 'set a console password for a more privileged user',
  },
  {
    name: 'UpdateLoginProfile',
    actions: ['iam:UpdateLoginProfile'],
    why: "change a more privileged user's console password",
  },
  {
    name: 'UpdateAssumeRolePolicy',
    actions: ['iam:UpdateAssumeRolePolicy'],
    why: 'let oneself assume a privileged role',
  },
  {
    name: 'AssumeAnyRole',
    actions: ['sts:AssumeRole'],
    onEveryResource: ['sts:AssumeRole'],
    why: 'assume any role that trusts the account',
  },
  {
    name: 'PassRole+Lambda',
    actions: ['iam:PassRole', 'lambda:CreateFunction'],
    why: 'run code as a privileged role in a new function',
  },
  {
    name: 'PassRole+EC2',
    actions: ['iam:PassRole', 'ec2:RunInstances'],
    why: 'start an instance with a privileged instance profile',
  },
  {
    name: 'PassRole+CloudFormation',
    actions: ['iam:PassRole', 'cloudformation:CreateStack'],
    why: 'create a stack that acts as a privileged role',
  },
  {
    name: 'PassRole+Glue',
    actions: ['iam:PassRole', 'glue:CreateDevEndpoint'],
    why: 'open a Glue endpoint running as a privileged role',
  },
  {
    name: 'PassRole+DataPipeline',
    actions: ['iam:PassRole', 'datapipeline:CreatePipeline'],
    why: 'run a pipeline as a privileged role',
  },
  {
    name: 'PassRole+SageMaker',
    actions: ['iam:PassRole', 'sagemaker:CreateNotebookInstance'],
    why: 'open a notebook running as a privileged role',
  },
  {
    name: 'PassRole+CodeStar',
    actions: ['iam:PassRole', 'codestar:CreateProject'],
    why: 'create a project that acts as a privileged role',
  },
  {
    name: 'GlueUpdateDevEndpoint',
    actions: ['glue:UpdateDevEndpoint'],
    why: "add one's SSH key to an endpoint running as a privileged role",
  },
];

/** The actions IAM lets a policy confine to targets carrying a named boundary (iam:PermissionsBoundary). */
const BOUNDARY_CONFINABLE = new Set(['iam:attachuserpolicy', 'iam:attachrolepolicy', 'iam:putuserpolicy', 'iam:putrolepolicy']);

const POSITIVE = new Set(['stringequals', 'stringlike', 'arnequals', 'arnlike']);

/** The statement only applies to targets that carry a named permissions boundary. */
export function confinedToBoundary(s: Statement): boolean {
  return s.conditions.some(
    (c) =>
      c.key.toLowerCase() === 'iam:permissionsboundary' &&
      POSITIVE.has(c.operator.toLowerCase().replace(/^foranyvalue:/, '')) &&
      c.values.length > 0 &&
      c.values.every((v) => /^arn:[^:]+:iam::(\d{12}|aws):policy\//.test(v)),
  );
}

/** The document lets its holder remove a boundary, or set one of its choosing. */
function escapesBoundary(doc: PolicyDocument | null | undefined): boolean {
  const unconfined = { countsAsGrant: (s: Statement) => !confinedToBoundary(s) };
  return (
    allowsOnSomeResource(doc, 'iam:DeleteUserPermissionsBoundary') ||
    allowsOnSomeResource(doc, 'iam:DeleteRolePermissionsBoundary') ||
    allowsOnSomeResource(doc, 'iam:PutUserPermissionsBoundary', unconfined) ||
    allowsOnSomeResource(doc, 'iam:PutRolePermissionsBoundary', unconfined)
  );
}

/** The combinations the document allows, in list order (empty when none). */
export function escalationCombinations(doc: PolicyDocument | null | undefined): EscalationCombination[] {
  const boundaryHolds = !escapesBoundary(doc);
  const unconfined = { countsAsGrant: (s: Statement) => !confinedToBoundary(s) };
  return ESCALATION_COMBINATIONS.filter((c) =>
    c.actions.every((a) => {
      const opts = boundaryHolds && BOUNDARY_CONFINABLE.has(a.toLowerCase()) ? unconfined : {};
      return c.onEveryResource?.includes(a) ? allows(doc, a, '*', opts) : allowsOnSomeResource(doc, a, opts);
    }),
  );
}
