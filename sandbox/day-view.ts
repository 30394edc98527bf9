/**
 * One day's state indexed the way the wire handlers read it (entities in GAAD order, buckets by
 * name, credential rows). Built once per served day.
 */
import type { IamAccount, IamCredentials, IamGroup, IamManagedPolicy, IamRole, IamUser, S3AccountPublicAccessBlock, S3Bucket } from '../model/resources.ts';
import type { Scenario } from './scenario.ts';

export interface DayView {
  day: number;
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: IamManagedPolicy[];
  credentials: IamCredentials[]; // root first, then users in user order
  account: IamAccount;
  accountBpa: S3AccountPublicAccessBlock;
  buckets: S3Bucket[]; // by name
  bucketByName: Map<string, S3Bucket>;
  userByArn: Map<string, IamUser>;
}

export function buildDayView(scenario: Scenario, day: number): DayView {
  const state = scenario.stateOn(day);
  const v: DayView = {
    day,
    users: [],
    groups: [],
    roles: [],
    policies: [],
    credentials: [],
    account: undefined as unknown as IamAccount,
    accountBpa: undefined as unknown as S3AccountPublicAccessBlock,
    buckets: [],
    bucketByName: new Map(),
    userByArn: new Map(),
  };
  let root: IamCredentials | undefined;
  const rows: IamCredentials[] = [];
  for (const r of state.resources) {
    switch (r.type) {
      case 'aws.iam.user':
        v.users.push(r);
        v.userByArn.set(r.id, r);
        break;
      case 'aws.iam.group':
        v.groups.push(r);
        break;
      case 'aws.iam.role':
        v.roles.push(r);
        break;
      case 'aws.iam.policy':
        v.policies.push(r);
        break;
      case 'aws.iam.credentials':
        if (r.isRoot) root = r;
        else rows.push(r);
        break;
      case 'aws.iam.account':
        v.account = r;
        break;
      case 'aws.s3.account-public-access-block':
        v.accountBpa = r;
        break;
      case 'aws.s3.bucket':
        v.buckets.push(r);
        v.bucketByName.set(r.name, r);
        break;
    }
  }
  if (!root || !v.account || !v.accountBpa) throw new Error(`sandbox: scenario day ${day} lacks the root row, the IAM account or the account BPA resource`);
  v.credentials = [root, ...rows];
  v.buckets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return v;
}
