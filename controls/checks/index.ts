/**
 * The registry: every automated check, sorted by id. Adding a check is its file and one line
 * here; its id, its one-line definition (CHECK_IDS) and its control (the catalog's checkIds) come
 * from the check itself. The period evaluation runs these.
 */
import type { Check } from '../check.ts';
import type { ResourceType } from '../../model/resources.ts';
import { MultiRegionTrail } from './cloudtrail/MultiRegionTrail.ts';
import { RegionManagementEventsLogged } from './cloudtrail/RegionManagementEventsLogged.ts';
import { TrailBucketNotPublic } from './cloudtrail/TrailBucketNotPublic.ts';
import { TrailBucketProtected } from './cloudtrail/TrailBucketProtected.ts';
import { TrailCloudWatchLogs } from './cloudtrail/TrailCloudWatchLogs.ts';
import { TrailDeliveryOk } from './cloudtrail/TrailDeliveryOk.ts';
import { TrailKmsEncryption } from './cloudtrail/TrailKmsEncryption.ts';
import { TrailLogFileValidation } from './cloudtrail/TrailLogFileValidation.ts';
import { TrailLogging } from './cloudtrail/TrailLogging.ts';
import { DeliveryChannel } from './config/DeliveryChannel.ts';
import { RecorderAllResources } from './config/RecorderAllResources.ts';
import { RecorderRecording } from './config/RecorderRecording.ts';
import { DefaultSgNoTraffic } from './ec2/DefaultSgNoTraffic.ts';
import { EbsDefaultEncryption } from './ec2/EbsDefaultEncryption.ts';
import { SgNoOpenAllPorts } from './ec2/SgNoOpenAllPorts.ts';
import { SgNoOpenRdp } from './ec2/SgNoOpenRdp.ts';
import { SgNoOpenSsh } from './ec2/SgNoOpenSsh.ts';
import { DetectorEnabled } from './guardduty/DetectorEnabled.ts';
import { HighFindingsTriaged } from './guardduty/HighFindingsTriaged.ts';
import { AccessKeyRecentlyUsed } from './iam/AccessKeyRecentlyUsed.ts';
import { AccessKeyRotated } from './iam/AccessKeyRotated.ts';
import { AwsPolicyNoAdminAttached } from './iam/AwsPolicyNoAdminAttached.ts';
import { ConsoleUserMfa } from './iam/ConsoleUserMfa.ts';
import { CustomerPolicyAttached } from './iam/CustomerPolicyAttached.ts';
import { CustomerPolicyAttachedToRole } from './iam/CustomerPolicyAttachedToRole.ts';
import { CustomerPolicyNoAdmin } from './iam/CustomerPolicyNoAdmin.ts';
import { CustomerPolicyNoCloudTrailAll } from './iam/CustomerPolicyNoCloudTrailAll.ts';
import { GroupHasMembers } from './iam/GroupHasMembers.ts';
import { InlinePolicyNoAdmin } from './iam/InlinePolicyNoAdmin.ts';
import { InlinePolicyNoPrivilegeEscalation } from './iam/InlinePolicyNoPrivilegeEscalation.ts';
import { NoBedrockFullAccessOnRoles } from './iam/NoBedrockFullAccessOnRoles.ts';
import { NoInlinePolicies } from './iam/NoInlinePolicies.ts';
import { NoMarketplaceSubscribeAll } from './iam/NoMarketplaceSubscribeAll.ts';
import { NoServerCertificates } from './iam/NoServerCertificates.ts';
import { PasswordPolicyStrong } from './iam/PasswordPolicyStrong.ts';
import { PasswordRecentlyUsed } from './iam/PasswordRecentlyUsed.ts';
import { RootHardwareMfa } from './iam/RootHardwareMfa.ts';
import { RootMfa } from './iam/RootMfa.ts';
import { RootNoAccessKeys } from './iam/RootNoAccessKeys.ts';
import { UserInGroup } from './iam/UserInGroup.ts';
import { UserMfa } from './iam/UserMfa.ts';
import { UserNoAttachedPolicies } from './iam/UserNoAttachedPolicies.ts';
import { UserPermissionsBoundary } from './iam/UserPermissionsBoundary.ts';
import { UserSingleActiveKey } from './iam/UserSingleActiveKey.ts';
import { KeyNotPendingDeletion } from './kms/KeyNotPendingDeletion.ts';
import { KeyPolicyNoPublicAccess } from './kms/KeyPolicyNoPublicAccess.ts';
import { KeyRotation } from './kms/KeyRotation.ts';
import { AccountPublicAccessBlock } from './s3/AccountPublicAccessBlock.ts';
import { BucketAccessLogging } from './s3/BucketAccessLogging.ts';
import { BucketDefaultEncryption } from './s3/BucketDefaultEncryption.ts';
import { BucketEventNotifications } from './s3/BucketEventNotifications.ts';
import { BucketKmsEncryption } from './s3/BucketKmsEncryption.ts';
import { BucketLifecycle } from './s3/BucketLifecycle.ts';
import { BucketNotPublicRead } from './s3/BucketNotPublicRead.ts';
import { BucketNotPublicWrite } from './s3/BucketNotPublicWrite.ts';
import { BucketObjectLock } from './s3/BucketObjectLock.ts';
import { BucketPolicyNoWildcardPrincipal } from './s3/BucketPolicyNoWildcardPrincipal.ts';
import { BucketReplication } from './s3/BucketReplication.ts';
import { BucketTlsOnly } from './s3/BucketTlsOnly.ts';
import { BucketVersionedLifecycle } from './s3/BucketVersionedLifecycle.ts';
import { BucketVersioning } from './s3/BucketVersioning.ts';

/**
 * Check<T> is invariant in T (evaluate's parameter is a conditional type), so a Check<'aws.s3.bucket'>
 * does not widen to Check by itself. Safe: evaluators only pass resources of the check's own
 * target types (targetTypes(check)).
 */
function widen<T extends ResourceType>(check: Check<T>): Check {
  return check as unknown as Check;
}

const REGISTERED = [
  MultiRegionTrail,
  RegionManagementEventsLogged,
  TrailBucketNotPublic,
  TrailBucketProtected,
  TrailCloudWatchLogs,
  TrailDeliveryOk,
  TrailKmsEncryption,
  TrailLogFileValidation,
  TrailLogging,
  DeliveryChannel,
  RecorderAllResources,
  RecorderRecording,
  DefaultSgNoTraffic,
  EbsDefaultEncryption,
  SgNoOpenAllPorts,
  SgNoOpenRdp,
  SgNoOpenSsh,
  DetectorEnabled,
  HighFindingsTriaged,
  AccessKeyRecentlyUsed,
  AccessKeyRotated,
  AwsPolicyNoAdminAttached,
  ConsoleUserMfa,
  CustomerPolicyAttached,
  CustomerPolicyAttachedToRole,
  CustomerPolicyNoAdmin,
  CustomerPolicyNoCloudTrailAll,
  GroupHasMembers,
  InlinePolicyNoAdmin,
  InlinePolicyNoPrivilegeEscalation,
  NoBedrockFullAccessOnRoles,
  NoInlinePolicies,
  NoMarketplaceSubscribeAll,
  NoServerCertificates,
  PasswordPolicyStrong,
  PasswordRecentlyUsed,
  RootHardwareMfa,
  RootMfa,
  RootNoAccessKeys,
  UserInGroup,
  UserMfa,
  UserNoAttachedPolicies,
  UserPermissionsBoundary,
  UserSingleActiveKey,
  KeyNotPendingDeletion,
  KeyPolicyNoPublicAccess,
  KeyRotation,
  AccountPublicAccessBlock,
  BucketAccessLogging,
  BucketDefaultEncryption,
  BucketEventNotifications,
  BucketKmsEncryption,
  BucketLifecycle,
  BucketNotPublicRead,
  BucketNotPublicWrite,
  BucketObjectLock,
  BucketPolicyNoWildcardPrincipal,
  BucketReplication,
  BucketTlsOnly,
  BucketVersionedLifecycle,
  BucketVersioning,
] as const;

/** The id of a registered check. */
export type CheckId = (typeof REGISTERED)[number]['id'];

export const ALL_CHECKS: readonly Check[] = REGISTERED.map((c) => widen(c));

/** Every check id with its one-line definition of what fails. */
export const CHECK_IDS = Object.fromEntries(REGISTERED.map((c) => [c.id, c.fails])) as Readonly<
  Record<CheckId, string>
>;
export const ALL_CHECK_IDS: readonly CheckId[] = REGISTERED.map((c) => c.id);

const BY_ID = new Map<string, Check>(ALL_CHECKS.map((c) => [c.id, c]));

/** The check with this id, or undefined. */
export function checkById(id: string): Check | undefined {
  return BY_ID.get(id);
}
