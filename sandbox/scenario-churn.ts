/**
 * Everyday life of the organization, none of it a violation: joiners and leavers, credential use
 * and rotation on staggered cycles, role use, policy edits, new buckets.
 */
import { hash32 } from './prng.ts';
import type { ScenarioContext } from './scenario-context.ts';
import {
  FIRST_NAMES,
  LAST_NAMES,
  activityHour,
  cleanBucket,
  dataBucketName,
  eventTime,
  isActivityDay,
  isRotationDay,
  iso,
  leastPrivilegeDocument,
  profileOf,
  roleArn,
  rotationHour,
  userArn,
} from './scenario-context.ts';
import type { InitialLayout } from './scenario-initial.ts';
import { bucketRegion, roleProfile } from './scenario-initial.ts';
import { createUser, deleteUser, editPolicy, rotateKey, useCredentials } from './scenario-ops.ts';
import { playRegionalChurn } from './scenario-regional.ts';
import type { World } from './scenario-world.ts';

export function playChurn(ctx: ScenarioContext, layout: InitialLayout, w: World, d: number): void {
  const { size } = ctx;
  // Leavers: removed cleanly, never one whose departure would empty a group.
  w.counters.leaveAcc += size.dailyLeaveRate * w.userNames.length;
  while (w.counters.leaveAcc >= 1) {
    w.counters.leaveAcc -= 1;
    for (let attempt = 0; attempt < 20; attempt++) {
      const name = w.rng.pick(w.userNames);
      if (ctx.protectedUsers.has(name)) continue;
      const user = w.must('aws.iam.user', userArn(ctx, name));
      if (user.groups.some((g) => (w.groupMembers.get(g) ?? 0) < 2)) continue;
      deleteUser(ctx, w, name);
      break;
    }
  }

  // Credential use and rotation.
  for (const name of w.userNames) {
    const p = profileOf(ctx, name);
    if (isRotationDay(p, d)) {
      const [h, m] = rotationHour(p, d);
      rotateKey(ctx, w, name, eventTime(ctx, d, h, m));
    }
    if (isActivityDay(p, d)) {
      const [h, m] = activityHour(p, d);
      useCredentials(ctx, w, name, eventTime(ctx, d, h, m));
    }
  }

  // Roles used on their own cycles.
  for (const name of layout.roles) {
    const rp = roleProfile(ctx, name);
    if (rp.neverUsed || (d + rp.phase) % rp.period !== 0) continue;
    const arn = roleArn(ctx, name);
    if (!w.get('aws.iam.role', arn)) continue;
    w.update('aws.iam.role', arn, (r) => ({ ...r, lastUsedDate: iso(eventTime(ctx, d, 20 + ((rp.h + d) % 4), (rp.h + d) % 60)), lastUsedRegion: 'us-east-1' }));
  }

  // Joiners: one or two groups (never the pinned group), MFA, boundary, a fresh key.
  w.counters.joinAcc += size.dailyJoinRate * w.userNames.length;
  const groups = [...w.groupMembers.keys()].filter((g) => g !== ctx.pinnedGroup).sort();
  while (w.counters.joinAcc >= 1) {
    w.counters.joinAcc -= 1;
    const seq = ++w.counters.joinerSeq;
    const name = `${w.rng.pick(FIRST_NAMES)}.${w.rng.pick(LAST_NAMES)}.j${seq}`;
    const g1 = w.rng.pick(groups);
    const g2 = w.rng.chance(0.25) ? w.rng.pick(groups) : g1;
    createUser(ctx, w, { name, createdMs: eventTime(ctx, d, w.rng.int(9, 12), w.rng.int(0, 59)), groups: g1 === g2 ? [g1] : [g1, g2] });
  }

  // Policy edits: a new least-privilege version of a customer policy.
  w.counters.editAcc += Math.max(0.03, size.customerPolicies * 0.002);
  while (w.counters.editAcc >= 1) {
    w.counters.editAcc -= 1;
    const i = w.rng.int(1, layout.policies.length - 1);
    const arn = layout.policies[i] as string;
    const current = w.get('aws.iam.policy', arn);
    if (!current) continue;
    const version = Number(current.defaultVersionId.slice(1)) + 1;
    editPolicy(w, arn, leastPrivilegeDocument(ctx, i, version), eventTime(ctx, d, w.rng.int(13, 17), w.rng.int(0, 59)));
  }

  // New buckets, configured like every other.
  w.counters.bucketAcc += Math.max(0.01, size.buckets * 0.0008);
  while (w.counters.bucketAcc >= 1) {
    w.counters.bucketAcc -= 1;
    const seq = ++w.counters.bucketSeq;
    const region = bucketRegion(ctx, seq + hash32('nb', d));
    w.put(cleanBucket(ctx, dataBucketName(ctx, seq), region, eventTime(ctx, d, w.rng.int(13, 17), w.rng.int(0, 59)), false));
  }

  // CloudTrail deliveries, GuardDuty findings, new security groups.
  playRegionalChurn(ctx, w, d);
}
