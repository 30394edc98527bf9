/**
 * A user's access as one snapshot shows it (groups, policies, MFA, console, keys and their ages,
 * last activity): shared by iam-users and access-review so both read it the same way.
 */
import type { AccessKeyStatus, IamCredentials, IamGroup, IamUser, ReportDate } from '../../model/resources.ts';
import { ageDays } from '../calendar.ts';

export interface UserAccess {
  userName: string;
  createDate: string;
  groups: string[];
  attachedPolicies: string[];
  inlinePolicies: string[];
  /** Managed policies the user has through its groups, as `group: policy ARN`. */
  groupPolicies: string[];
  permissionsBoundaryArn: string | null;
  mfaActive: boolean | null;
  consoleAccess: boolean | null;
  passwordLastUsed: string | null;
  activeAccessKeys: number | null;
  accessKey1Active: boolean | null;
  accessKey1AgeDays: number | null;
  accessKey1LastUsed: string | null;
  accessKey2Active: boolean | null;
  accessKey2AgeDays: number | null;
  accessKey2LastUsed: string | null;
  /** The latest of password and access key use; null when never used (or no credential report row). */
  lastActivity: string | null;
}

function dateOf(d: ReportDate): string | null {
  return d.kind === 'date' ? d.value : null;
}

function key(k: AccessKeyStatus | undefined, at: string) {
  if (!k) return { active: null, age: null, lastUsed: null };
  return { active: k.active, age: k.active ? ageDays(dateOf(k.lastRotated), at) : null, lastUsed: dateOf(k.lastUsedDate) };
}

/** `at`: the snapshot's capture time, from which key ages are counted. */
export function userAccess(user: IamUser, creds: IamCredentials | undefined, groups: ReadonlyMap<string, IamGroup>, at: string): UserAccess {
  const k1 = key(creds?.accessKey1, at);
  const k2 = key(creds?.accessKey2, at);
  const passwordLastUsed = creds ? dateOf(creds.passwordLastUsed) : null;
  const used = [passwordLastUsed, k1.lastUsed, k2.lastUsed].filter((d): d is string => d !== null).sort();
  return {
    userName: user.name,
    createDate: user.createDate,
    groups: user.groups,
    attachedPolicies: user.attachedPolicies.map((p) => p.arn),
    inlinePolicies: user.inlinePolicies.map((p) => p.name),
    groupPolicies: user.groups.flatMap((g) => [...(groups.get(g)?.attachedPolicies.map((p) => `${g}: ${p.arn}`) ?? []), ...(groups.get(g)?.inlinePolicies.map((p) => `${g}: inline ${p.name}`) ?? [])]),
    permissionsBoundaryArn: user.permissionsBoundaryArn,
    mfaActive: creds ? creds.mfaActive : null,
    consoleAccess: creds ? creds.passwordEnabled : null,
    passwordLastUsed,
    activeAccessKeys: creds ? [creds.accessKey1, creds.accessKey2].filter((k) => k.active).length : null,
    accessKey1Active: k1.active,
    accessKey1AgeDays: k1.age,
    accessKey1LastUsed: k1.lastUsed,
    accessKey2Active: k2.active,
    accessKey2AgeDays: k2.age,
    accessKey2LastUsed: k2.lastUsed,
    lastActivity: used.length > 0 ? used[used.length - 1]! : null,
  };
}

export const USER_ACCESS_COLUMNS = [
  'userName',
  'createDate',
  'groups',
  'attachedPolicies',
  'inlinePolicies',
  'groupPolicies',
  'permissionsBoundaryArn',
  'mfaActive',
  'consoleAccess',
  'passwordLastUsed',
  'activeAccessKeys',
  'accessKey1Active',
  'accessKey1AgeDays',
  'accessKey1LastUsed',
  'accessKey2Active',
  'accessKey2AgeDays',
  'accessKey2LastUsed',
  'lastActivity',
] as const satisfies readonly (keyof UserAccess)[];
