/**
 * The planted violations: each a short story with the day it starts, the day it is fixed (or null
 * when still open at year end), the resources it touches and the checks it is expected to fail.
 * The answer key is not written by hand from this list: it is derived by evaluating every day of
 * the scenario (answer-key.ts), and each failure run is attributed to the plant that touches its
 * resource. `expectedChecks` documents intent; a test holds the derived key to it.
 */
import type { CheckId } from '../controls/checks/index.ts';
import type { ResourceType } from '../model/resources.ts';
import type { ScenarioContext } from './scenario-context.ts';
import { ALL_BLOCKED, AWS_POLICIES, NA, accountBpaId, bucketArn, bucketPolicy, dataBucketName, dateOf, eventTime, groupArn, iamAccountId, privateAcl, roleArn, rootArn, userArn } from './scenario-context.ts';
import { initialUserNames, roleName, strongPasswordPolicy } from './scenario-initial.ts';
import { addUserToGroup, attachPolicy, awsPolicyRef, createCustomerPolicy, createUser, deleteCustomerPolicy, deleteInlinePolicy, deleteUser, detachPolicy, putInlinePolicy, removeUserFromGroup, rotateKey, updateCredentials } from './scenario-ops.ts';
import { planRegionalViolations } from './scenario-plants-regional.ts';
import type { World } from './scenario-world.ts';

export interface PlantedViolation {
  id: string;
  title: string;
  /** What happens, on which days, and why it fails the checks it fails. */
  description: string;
  startDay: number;
  /** The day the fix is first visible; null when still open at the end of the scenario. */
  endDay: number | null;
  subjects: { resourceType: ResourceType; resourceId: string }[];
  expectedChecks: CheckId[];
}

export interface Plant extends PlantedViolation {
  events: Map<number, ((w: World) => void)[]>;
}

export function planViolations(ctx: ScenarioContext): Plant[] {
  const { days } = ctx;
  const at = (dayOf365: number): number => Math.min(days - 1, Math.max(1, Math.round((dayOf365 / 365) * days)));
  const users = initialUserNames(ctx);
  const [collector, pinnedA, pinnedB, uMfa, uAdmin, uUnrotated, uLeaver] = users as [string, string, string, string, string, string, string];
  const contractor = 'contractor.temp.c1';
  for (const u of [collector, pinnedA, pinnedB, uMfa, uAdmin, uUnrotated, uLeaver, contractor]) ctx.protectedUsers.add(u);
  const [bPublic, bTls, bVersioning, bLogging] = [1, 2, 3, 4].map((n) => dataBucketName(ctx, n)) as [string, string, string, string];
  const roleStar = roleName(ctx, 1);
  const rolePrivesc = roleName(ctx, 2);
  const plants: Plant[] = [];
  const plant = (p: Omit<Plant, 'events'>, events: [number, (w: World) => void][]): void => {
    const map = new Map<number, ((w: World) => void)[]>();
    for (const [d, fn] of events) map.set(d, [...(map.get(d) ?? []), fn]);
    plants.push({ ...p, events: map });
  };
  const hour = (d: number, h: number): number => eventTime(ctx, d, h, 17);

  // 1. Account-level Block Public Access removed (so a public ACL takes effect), then restored.
  const bpaOff = at(35);
  const bpaOn = bpaOff + 9;
  plant(
    {
      id: 'account-bpa-off',
      title: 'Account Block Public Access removed',
      description: `Day ${bpaOff}: the account-level S3 Block Public Access configuration is deleted (GetPublicAccessBlock answers NoSuchPublicAccessBlockConfiguration); restored with all four settings on day ${bpaOn}.`,
      startDay: bpaOff,
      endDay: bpaOn,
      subjects: [{ resourceType: 'aws.s3.account-public-access-block', resourceId: accountBpaId(ctx) }],
      expectedChecks: ['s3.account-public-access-block'],
    },
    [
      [bpaOff, (w) => w.update('aws.s3.account-public-access-block', accountBpaId(ctx), (r) => ({ ...r, config: null }))],
      [bpaOn, (w) => w.update('aws.s3.account-public-access-block', accountBpaId(ctx), (r) => ({ ...r, config: { ...ALL_BLOCKED } }))],
    ],
  );

  // 2. A bucket made public by ACL for 7 days while account BPA is off.
  const pubOn = bpaOff + 1;
  const pubOff = pubOn + 7;
  plant(
    {
      id: 'bucket-public-acl',
      title: `Bucket ${bPublic} readable by everyone`,
      description: `Day ${pubOn}: bucket ${bPublic} gets object ownership ObjectWriter, its bucket-level Block Public Access removed and an ACL grant of READ to AllUsers (account BPA is off since day ${bpaOff}); made private again on day ${pubOff}.`,
      startDay: pubOn,
      endDay: pubOff,
      subjects: [{ resourceType: 'aws.s3.bucket', resourceId: bucketArn(bPublic) }],
      expectedChecks: ['s3.bucket-not-public-read'],
    },
    [
      [
        pubOn,
        (w) =>
          w.update('aws.s3.bucket', bucketArn(bPublic), (b) => ({
            ...b,
            publicAccessBlock: null,
            ownershipControls: 'ObjectWriter',
            acl: { ...b.acl, grants: [...b.acl.grants, { granteeType: 'Group', granteeId: null, granteeUri: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' }] },
          })),
      ],
      [pubOff, (w) => w.update('aws.s3.bucket', bucketArn(bPublic), (b) => ({ ...b, publicAccessBlock: { ...ALL_BLOCKED }, ownershipControls: 'BucketOwnerEnforced', acl: privateAcl(ctx) }))],
    ],
  );

  // 3. TLS-only statement dropped from a bucket policy (drift), then restored.
  const tlsOff = at(66);
  const tlsOn = tlsOff + 14;
  plant(
    {
      id: 'bucket-policy-tls-drift',
      title: `Bucket ${bTls} policy lost its TLS-only statement`,
      description: `Day ${tlsOff}: a policy update on ${bTls} drops the Deny on aws:SecureTransport=false; the statement is restored on day ${tlsOn}.`,
      startDay: tlsOff,
      endDay: tlsOn,
      subjects: [{ resourceType: 'aws.s3.bucket', resourceId: bucketArn(bTls) }],
      expectedChecks: ['s3.bucket-tls-only'],
    },
    [
      [tlsOff, (w) => w.update('aws.s3.bucket', bucketArn(bTls), (b) => ({ ...b, policy: bucketPolicy(ctx, bTls, false, false) }))],
      [tlsOn, (w) => w.update('aws.s3.bucket', bucketArn(bTls), (b) => ({ ...b, policy: bucketPolicy(ctx, bTls, false, true) }))],
    ],
  );

  // 4. Versioning suspended, then re-enabled.
  const verOff = at(91);
  const verOn = verOff + 4;
  plant(
    {
      id: 'bucket-versioning-suspended',
      title: `Versioning suspended on ${bVersioning}`,
      description: `Day ${verOff}: versioning of ${bVersioning} is Suspended (the versioned-lifecycle check becomes not applicable); Enabled again on day ${verOn}. (Real S3 refuses to suspend versioning on an Object Lock bucket; the scenario allows it to exercise the check.)`,
      startDay: verOff,
      endDay: verOn,
      subjects: [{ resourceType: 'aws.s3.bucket', resourceId: bucketArn(bVersioning) }],
      expectedChecks: ['s3.bucket-versioning'],
    },
    [
      [verOff, (w) => w.update('aws.s3.bucket', bucketArn(bVersioning), (b) => ({ ...b, versioning: { ...b.versioning, status: 'Suspended' } }))],
      [verOn, (w) => w.update('aws.s3.bucket', bucketArn(bVersioning), (b) => ({ ...b, versioning: { ...b.versioning, status: 'Enabled' } }))],
    ],
  );

  // 5. A console user loses MFA for 8 days.
  ctx.profileOverrides.set(uMfa, { hasPassword: true });
  ctx.profileOverrides.set(uLeaver, { hasPassword: true });
  const mfaOff = at(110);
  const mfaOn = mfaOff + 8;
  plant(
    {
      id: 'user-mfa-removed',
      title: `User ${uMfa} without MFA`,
      description: `Day ${mfaOff}: the MFA device of console user ${uMfa} is deactivated; a new device is enabled on day ${mfaOn}.`,
      startDay: mfaOff,
      endDay: mfaOn,
      subjects: [{ resourceType: 'aws.iam.credentials', resourceId: userArn(ctx, uMfa) }],
      expectedChecks: ['iam.console-user-mfa', 'iam.user-mfa'],
    },
    [
      [mfaOff, (w) => updateCredentialsOf(w, uMfa, false)],
      [mfaOn, (w) => updateCredentialsOf(w, uMfa, true)],
    ],
  );
  function updateCredentialsOf(w: World, name: string, mfa: boolean): void {
    updateCredentials(ctx, w, name, (c) => ({ ...c, mfaActive: mfa }));
  }

  // 6. AdministratorAccess attached straight to a user.
  const adminOn = at(146);
  const adminOff = adminOn + 3;
  const adminArn = (AWS_POLICIES['AdministratorAccess'] as { arn: string }).arn;
  plant(
    {
      id: 'admin-attached-to-user',
      title: `AdministratorAccess attached to user ${uAdmin}`,
      description: `Day ${adminOn}: AWS-managed AdministratorAccess is attached directly to ${uAdmin} (a managed policy on a user, and an AWS admin policy in use: it appears in the account's policy list with attachmentCount 1); detached on day ${adminOff}, when the policy leaves the list again.`,
      startDay: adminOn,
      endDay: adminOff,
      subjects: [
        { resourceType: 'aws.iam.user', resourceId: userArn(ctx, uAdmin) },
        { resourceType: 'aws.iam.policy', resourceId: adminArn },
      ],
      expectedChecks: ['iam.user-no-attached-policies', 'iam.aws-policy-no-admin-attached'],
    },
    [
      [adminOn, (w) => attachPolicy(w, 'user', userArn(ctx, uAdmin), awsPolicyRef('AdministratorAccess'))],
      [adminOff, (w) => detachPolicy(w, 'user', userArn(ctx, uAdmin), adminArn)],
    ],
  );

  // 7. A customer policy allowing "*" on "*", attached to a role, then deleted.
  const starOn = at(164);
  const starOff = starOn + 6;
  const starName = 'TempFullAccess';
  const starArn = `arn:aws:iam::${ctx.accountId}:policy/${starName}`;
  plant(
    {
      id: 'customer-policy-star',
      title: `Customer policy ${starName} allows * on *`,
      description: `Day ${starOn}: customer-managed policy ${starName} (Allow Action "*" Resource "*") is created and attached to role ${roleStar}; Action "*" also allows cloudtrail:* and aws-marketplace:Subscribe on *. Detached and deleted on day ${starOff}.`,
      startDay: starOn,
      endDay: starOff,
      subjects: [{ resourceType: 'aws.iam.policy', resourceId: starArn }],
      expectedChecks: ['iam.customer-policy-no-admin', 'iam.customer-policy-no-cloudtrail-all', 'iam.no-marketplace-subscribe-all'],
    },
    [
      [
        starOn,
        (w) => {
          createCustomerPolicy(ctx, w, starName, { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] }, hour(starOn, 15));
          attachPolicy(w, 'role', roleArn(ctx, roleStar), { arn: starArn, name: starName });
        },
      ],
      [
        starOff,
        (w) => {
          detachPolicy(w, 'role', roleArn(ctx, roleStar), starArn);
          deleteCustomerPolicy(w, starArn);
        },
      ],
    ],
  );

  // 8. An inline privilege-escalation policy on a role.
  const escOn = at(190);
  const escOff = escOn + 14;
  plant(
    {
      id: 'role-inline-privesc',
      title: `Inline privilege-escalation policy on role ${rolePrivesc}`,
      description: `Day ${escOn}: inline policy lambda-deployer (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction on *) is put on role ${rolePrivesc}; deleted on day ${escOff}.`,
      startDay: escOn,
      endDay: escOff,
      subjects: [{ resourceType: 'aws.iam.role', resourceId: roleArn(ctx, rolePrivesc) }],
      expectedChecks: ['iam.no-inline-policies', 'iam.inline-policy-no-privesc'],
    },
    [
      [
        escOn,
        (w) =>
          putInlinePolicy(w, 'role', roleArn(ctx, rolePrivesc), {
            name: 'lambda-deployer',
            document: { Version: '2012-10-17', Statement: [{ Sid: 'Deploy', Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' }] },
          }),
      ],
      [escOff, (w) => deleteInlinePolicy(w, 'role', roleArn(ctx, rolePrivesc), 'lambda-deployer')],
    ],
  );

  // 9. Password policy weakened, then restored.
  const ppOff = at(212);
  const ppOn = ppOff + 7;
  plant(
    {
      id: 'password-policy-weakened',
      title: 'Password policy weakened',
      description: `Day ${ppOff}: the account password policy is replaced by a weak one (length 8, no symbols, no reuse prevention, no expiry); the strong policy is restored on day ${ppOn}.`,
      startDay: ppOff,
      endDay: ppOn,
      subjects: [{ resourceType: 'aws.iam.account', resourceId: iamAccountId(ctx) }],
      expectedChecks: ['iam.password-policy-strong'],
    },
    [
      [
        ppOff,
        (w) =>
          w.update('aws.iam.account', iamAccountId(ctx), (a) => ({
            ...a,
            passwordPolicy: { ...strongPasswordPolicy(), minimumPasswordLength: 8, requireSymbols: false, passwordReusePrevention: null, expirePasswords: false, maxPasswordAge: null },
          })),
      ],
      [ppOn, (w) => w.update('aws.iam.account', iamAccountId(ctx), (a) => ({ ...a, passwordPolicy: strongPasswordPolicy() }))],
    ],
  );

  // 10. An access key left un-rotated past 90 days (time-based), then rotated.
  const noRotFrom = at(100);
  const rotatedAt = at(230);
  ctx.profileOverrides.set(uUnrotated, { noRotation: [noRotFrom, rotatedAt] });
  plant(
    {
      id: 'access-key-not-rotated',
      title: `Access key of ${uUnrotated} not rotated`,
      description: `From day ${noRotFrom} the scheduled rotation of ${uUnrotated}'s key stops (the key stays in use); the first failing day is the first 02:00 UTC snapshot more than 90 days after its last rotation. Rotated on day ${rotatedAt}.`,
      startDay: noRotFrom,
      endDay: rotatedAt,
      subjects: [{ resourceType: 'aws.iam.credentials', resourceId: userArn(ctx, uUnrotated) }],
      expectedChecks: ['iam.access-key-rotated'],
    },
    [[rotatedAt, (w) => rotateKey(ctx, w, uUnrotated, hour(rotatedAt, 8))]],
  );

  // 11. A leaver whose account (active key, password) stays until found.
  const leftOn = at(180);
  const removedOn = at(330);
  ctx.profileOverrides.set(uLeaver, { hasPassword: true, stopActivityFrom: leftOn });
  plant(
    {
      id: 'leaver-not-deprovisioned',
      title: `Leaver ${uLeaver} not deprovisioned`,
      description: `${uLeaver} leaves on day ${leftOn}: the key and password stop being used or rotated but stay active. More than 90 days after last use the key and the password fail the unused checks, and more than 90 days after the last rotation the key fails the rotation check. The user is deleted on day ${removedOn}.`,
      startDay: leftOn,
      endDay: removedOn,
      subjects: [
        { resourceType: 'aws.iam.credentials', resourceId: userArn(ctx, uLeaver) },
        { resourceType: 'aws.iam.user', resourceId: userArn(ctx, uLeaver) },
      ],
      expectedChecks: ['iam.access-key-recently-used', 'iam.password-recently-used', 'iam.access-key-rotated'],
    },
    [[removedOn, (w) => deleteUser(ctx, w, uLeaver)]],
  );

  // 12. A root access key created, then deleted.
  const rootOn = at(248);
  const rootOff = rootOn + 3;
  plant(
    {
      id: 'root-access-key',
      title: 'Root access key created',
      description: `Day ${rootOn}: an access key is created for the root user (never used); deleted on day ${rootOff}.`,
      startDay: rootOn,
      endDay: rootOff,
      subjects: [{ resourceType: 'aws.iam.credentials', resourceId: rootArn(ctx) }],
      expectedChecks: ['iam.root-no-access-keys'],
    },
    [
      [rootOn, (w) => w.update('aws.iam.credentials', rootArn(ctx), (c) => ({ ...c, accessKey1: { active: true, lastRotated: dateOf(hour(rootOn, 16)), lastUsedDate: NA, lastUsedRegion: null, lastUsedService: null } }))],
      [rootOff, (w) => w.update('aws.iam.credentials', rootArn(ctx), (c) => ({ ...c, accessKey1: { active: false, lastRotated: NA, lastUsedDate: NA, lastUsedRegion: null, lastUsedService: null } }))],
    ],
  );

  // 13. A group emptied (its members keep their other group), then refilled.
  const emptyOn = at(262);
  const refillOn = emptyOn + 8;
  plant(
    {
      id: 'group-emptied',
      title: `Group ${ctx.pinnedGroup} emptied`,
      description: `Day ${emptyOn}: both members (${pinnedA}, ${pinnedB}) are removed from group ${ctx.pinnedGroup} (each keeps another group); added back on day ${refillOn}.`,
      startDay: emptyOn,
      endDay: refillOn,
      subjects: [{ resourceType: 'aws.iam.group', resourceId: groupArn(ctx, ctx.pinnedGroup) }],
      expectedChecks: ['iam.group-has-members'],
    },
    [
      [emptyOn, (w) => [pinnedA, pinnedB].forEach((u) => removeUserFromGroup(ctx, w, u, ctx.pinnedGroup))],
      [refillOn, (w) => [pinnedA, pinnedB].forEach((u) => addUserToGroup(ctx, w, u, ctx.pinnedGroup))],
    ],
  );

  // 14. A user created outside every group, then added to one.
  const looseOn = at(280);
  const groupedOn = looseOn + 7;
  const contractorGroup = 'engineering';
  plant(
    {
      id: 'user-without-group',
      title: `User ${contractor} in no group`,
      description: `Day ${looseOn}: user ${contractor} is created with MFA, a boundary and a key, but in no group; added to ${contractorGroup} on day ${groupedOn}.`,
      startDay: looseOn,
      endDay: groupedOn,
      subjects: [{ resourceType: 'aws.iam.user', resourceId: userArn(ctx, contractor) }],
      expectedChecks: ['iam.user-in-group'],
    },
    [
      [looseOn, (w) => createUser(ctx, w, { name: contractor, createdMs: hour(looseOn, 10), groups: [] })],
      [groupedOn, (w) => addUserToGroup(ctx, w, contractor, contractorGroup)],
    ],
  );

  // 15. Access logging switched off and never switched back (open at year end).
  const logOff = at(300);
  plant(
    {
      id: 'bucket-logging-disabled',
      title: `Access logging disabled on ${bLogging}`,
      description: `Day ${logOff}: server access logging of ${bLogging} is disabled and stays off to the end of the scenario (an open exception).`,
      startDay: logOff,
      endDay: null,
      subjects: [{ resourceType: 'aws.s3.bucket', resourceId: bucketArn(bLogging) }],
      expectedChecks: ['s3.bucket-access-logging'],
    },
    [[logOff, (w) => w.update('aws.s3.bucket', bucketArn(bLogging), (b) => ({ ...b, logging: null }))]],
  );

  // 16-35. CloudTrail, AWS Config, GuardDuty, KMS and EC2 (scenario-plants-regional.ts).
  planRegionalViolations(ctx, at, plant, bpaOff);
  return plants;
}
