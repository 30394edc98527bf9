/**
 * Privilege-escalation combinations: sets of actions that, held together, let a principal give
 * itself more permissions than it was granted. Drawn from the published IAM escalation paths
 * (Rhino Security Labs' list, as used by Prowler and others). An action counts when the document
 * allows it on at least one resource (iam:PassRole on one powerful role is enough), wildcards
 * included ("iam:*", "*"), after unconditional Denies. sts:AssumeRole only counts on "*".
 */
import type { PolicyDocument } from '../../model/resources.ts';
import { allows, allowsOnSomeResource } from './allows.ts';

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

/** The combinations the document allows, in list order (empty when none). */
export function escalationCombinations(doc: PolicyDocument | null | undefined): EscalationCombination[] {
  return ESCALATION_COMBINATIONS.filter((c) =>
    c.actions.every((a) =>
      c.onEveryResource?.includes(a) ? allows(doc, a, '*') : allowsOnSomeResource(doc, a),
    ),
  );
}
