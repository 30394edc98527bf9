/**
 * One day's state indexed the way the wire handlers read it (entities in GAAD order, buckets by
 * name, credential rows). Built once per served day.
 */
import type {
  CloudTrailRegion,
  CloudTrailTrail,
  ConfigRegion,
  Ec2Region,
  Ec2SecurityGroup,
  GuardDutyRegion,
  IamAccount,
  IamCredentials,
  IamGroup,
  IamManagedPolicy,
  IamRole,
  IamUser,
  KmsKey,
  KmsRegion,
  S3AccountPublicAccessBlock,
  S3Bucket,
} from '../model/resources.ts';
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
  /** CloudTrail trails (every region's), by ARN order. */
  trails: CloudTrailTrail[];
  /** The regional services' state of each region the world holds (answering or refused). */
  regions: Map<string, RegionView>;
}

export interface RegionView {
  cloudtrail?: CloudTrailRegion;
  config?: ConfigRegion;
  guardduty?: GuardDutyRegion;
  kms?: KmsRegion;
  ec2?: Ec2Region;
  /** KMS keys of the region, by key id. */
  keys: KmsKey[];
  /** Security groups of the region, by group id. */
  securityGroups: Ec2SecurityGroup[];
}

function regionOf(v: DayView, region: string): RegionView {
  let r = v.regions.get(region);
  if (!r) v.regions.set(region, (r = { keys: [], securityGroups: [] }));
  return r;
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
    trails: [],
    regions: new Map(),
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
      case 'aws.cloudtrail.trail':
        v.trails.push(r);
        break;
      case 'aws.cloudtrail.region':
        regionOf(v, r.region).cloudtrail = r;
        break;
      case 'aws.config.region':
        regionOf(v, r.region).config = r;
        break;
      case 'aws.guardduty.region':
        regionOf(v, r.region).guardduty = r;
        break;
      case 'aws.kms.region':
        regionOf(v, r.region).kms = r;
        break;
      case 'aws.ec2.region':
        regionOf(v, r.region).ec2 = r;
        break;
      case 'aws.kms.key':
        regionOf(v, r.region).keys.push(r);
        break;
      case 'aws.ec2.security-group':
        regionOf(v, r.region).securityGroups.push(r);
        break;
    }
  }
  if (!root || !v.account || !v.accountBpa) throw new Error(`sandbox: scenario day ${day} lacks the root row, the IAM account or the account BPA resource`);
  v.credentials = [root, ...rows];
  v.buckets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const r of v.regions.values()) {
    r.keys.sort((a, b) => (a.keyId < b.keyId ? -1 : 1));
    r.securityGroups.sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
  }
  return v;
}
