/**
 * The planted violations of the regional checks (cloudtrail.*, config.*, guardduty.*, kms.*,
 * ec2.*): one or more plants per check id, each fixing exactly what it broke (every event changes
 * its own fields only, so plants that overlap on a resource in a short scenario stay independent).
 * Days are given for the 365-day year and scaled by `at`, like scenario-plants.ts.
 */
import type { CheckId } from '../controls/checks/index.ts';
import type { CloudTrailTrail, IpPermission, ResourceType } from '../model/resources.ts';
import type { ScenarioContext } from './scenario-context.ts';
import { bucketArn, cleanBucket, eventTime, iso } from './scenario-context.ts';
import type { Plant } from './scenario-plants.ts';
import {
  PLANTED_HIGH_FINDING,
  appKeyId,
  auditBucketName,
  auditBucketPolicy,
  cloudtrailKeyId,
  cleanDeliveryChannel,
  groupOf,
  homeRegion,
  ipPermission,
  ipRange,
  keyArn,
  mainTrailArn,
  mainTrailName,
  plannedFinding,
  regionId,
  regionalTrailArn,
  regionalTrailName,
  regionalTrailRegion,
  trailLogGroupArn,
} from './scenario-regional.ts';
import type { World } from './scenario-world.ts';

type PlantFn = (p: Omit<Plant, 'events'>, events: [number, (w: World) => void][]) => void;

const samePerm = (a: IpPermission, b: IpPermission): boolean => JSON.stringify(a) === JSON.stringify(b);

export function planRegionalViolations(ctx: ScenarioContext, at: (dayOf365: number) => number, plant: PlantFn, accountBpaOff: number): void {
  const home = homeRegion(ctx);
  const second = regionalTrailRegion(ctx);
  const last = ctx.regions[ctx.regions.length - 1] as string;
  const main = mainTrailArn(ctx);
  const regional = regionalTrailArn(ctx);
  const audit = auditBucketName(ctx);
  const subject = (resourceType: ResourceType, resourceId: string): { resourceType: ResourceType; resourceId: string } => ({ resourceType, resourceId });
  const trailSubject = (arn: string) => subject('aws.cloudtrail.trail', arn);
  const updateTrail = (w: World, arn: string, change: (t: CloudTrailTrail) => CloudTrailTrail): void => w.update('aws.cloudtrail.trail', arn, change);
  const hour = (d: number, h: number): string => iso(eventTime(ctx, d, h, 23));

  // 1. The multi-region trail stops logging for 3 days: no region has a logging multi-region trail,
  //    and only the region of the single-region trail stays covered for management events.
  {
    const off = at(120);
    const on = off + 3;
    const uncovered = ctx.regions.filter((r) => r !== second);
    plant(
      {
        id: 'trail-stopped-logging',
        title: `Trail ${mainTrailName(ctx)} stopped logging`,
        description: `Day ${off}: StopLogging on the multi-region trail ${mainTrailName(ctx)}; StartLogging again on day ${on}. Every region then has no logging multi-region trail; every region but ${second} (covered by the single-region trail ${regionalTrailName(ctx)}) has no trail recording its management events.`,
        startDay: off,
        endDay: on,
        subjects: [trailSubject(main), ...ctx.regions.map((r) => subject('aws.cloudtrail.region', regionId(ctx, 'cloudtrail', r)))],
        expectedChecks: ['cloudtrail.trail-logging', 'cloudtrail.multi-region-trail', ...(uncovered.length > 0 ? (['cloudtrail.region-management-events-logged'] as CheckId[]) : [])],
      },
      [
        [off, (w) => updateTrail(w, main, (t) => ({ ...t, status: { ...t.status, isLogging: false, stopLoggingTime: hour(off, 14) } }))],
        [on, (w) => updateTrail(w, main, (t) => ({ ...t, status: { ...t.status, isLogging: true, startLoggingTime: hour(on, 9), latestDeliveryTime: iso(eventTime(ctx, on, 23, 48)) } }))],
      ],
    );
  }

  // 2. Log file validation switched off.
  {
    const off = at(140);
    const on = off + 6;
    plant(
      {
        id: 'trail-log-validation-off',
        title: `Log file validation off on ${mainTrailName(ctx)}`,
        description: `Day ${off}: UpdateTrail --no-enable-log-file-validation on ${mainTrailName(ctx)} (digest files stop); enabled again on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [trailSubject(main)],
        expectedChecks: ['cloudtrail.trail-log-file-validation'],
      },
      [
        [off, (w) => updateTrail(w, main, (t) => ({ ...t, logFileValidationEnabled: false }))],
        [on, (w) => updateTrail(w, main, (t) => ({ ...t, logFileValidationEnabled: true }))],
      ],
    );
  }

  // 3. The trail's KMS key removed (SSE-S3 only).
  {
    const off = at(155);
    const on = off + 5;
    plant(
      {
        id: 'trail-kms-removed',
        title: `KMS encryption removed from ${regionalTrailName(ctx)}`,
        description: `Day ${off}: the KMS key of the single-region trail ${regionalTrailName(ctx)} is removed (log files are encrypted with SSE-S3 only); set again on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [trailSubject(regional)],
        expectedChecks: ['cloudtrail.trail-kms-encryption'],
      },
      [
        [off, (w) => updateTrail(w, regional, (t) => ({ ...t, kmsKeyId: null }))],
        [on, (w) => updateTrail(w, regional, (t) => ({ ...t, kmsKeyId: keyArn(ctx, home, cloudtrailKeyId(ctx)) }))],
      ],
    );
  }

  // 4. Delivery errors for 2 days.
  {
    const off = at(175);
    const on = off + 2;
    plant(
      {
        id: 'trail-delivery-error',
        title: `${mainTrailName(ctx)} cannot deliver to its bucket`,
        description: `Day ${off}: a bucket policy edit leaves CloudTrail without s3:PutObject; GetTrailStatus reports LatestDeliveryError AccessDenied (the trail keeps logging, its latest delivery time stops moving). Fixed on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [trailSubject(main)],
        expectedChecks: ['cloudtrail.trail-delivery-ok'],
      },
      [
        [off, (w) => updateTrail(w, main, (t) => ({ ...t, status: { ...t.status, latestDeliveryError: 'AccessDenied' } }))],
        [on, (w) => updateTrail(w, main, (t) => ({ ...t, status: { ...t.status, latestDeliveryError: null, latestDeliveryTime: iso(eventTime(ctx, on, 23, 51)) } }))],
      ],
    );
  }

  // 5. CloudWatch Logs integration removed.
  {
    const off = at(200);
    const on = off + 8;
    plant(
      {
        id: 'trail-cloudwatch-removed',
        title: `CloudWatch Logs integration removed from ${mainTrailName(ctx)}`,
        description: `Day ${off}: the CloudWatch Logs log group of ${mainTrailName(ctx)} is removed (no metric filter or alarm sees its events); restored on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [trailSubject(main)],
        expectedChecks: ['cloudtrail.trail-cloudwatch-logs'],
      },
      [
        [off, (w) => updateTrail(w, main, (t) => ({ ...t, cloudWatchLogsLogGroupArn: null }))],
        [on, (w) => updateTrail(w, main, (t) => ({ ...t, cloudWatchLogsLogGroupArn: trailLogGroupArn(ctx, t.name, t.homeRegion) }))],
      ],
    );
  }

  // 6. The audit bucket made readable by everyone by its policy, while account BPA is off.
  {
    const off = accountBpaOff + 3;
    const on = off + 4;
    const publicPolicy = (): Record<string, unknown> => {
      const base = auditBucketPolicy(ctx, audit);
      return { ...base, Statement: [...(base['Statement'] as unknown[]), { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucketArn(audit)}/*` }] };
    };
    plant(
      {
        id: 'trail-bucket-public',
        title: `Audit log bucket ${audit} readable by everyone`,
        description: `Day ${off} (account Block Public Access is off since day ${accountBpaOff}): the bucket-level Block Public Access of ${audit} is removed and a policy statement allows s3:GetObject to Principal "*"; both trails write there. Fixed on day ${on}. Fails the trails' bucket check and the bucket's own public-read and wildcard-principal checks.`,
        startDay: off,
        endDay: on,
        subjects: [trailSubject(main), trailSubject(regional), subject('aws.s3.bucket', bucketArn(audit))],
        expectedChecks: ['cloudtrail.trail-bucket-not-public', 's3.bucket-not-public-read', 's3.bucket-policy-no-wildcard-principal'],
      },
      [
        [off, (w) => w.update('aws.s3.bucket', bucketArn(audit), (b) => ({ ...b, publicAccessBlock: null, policy: publicPolicy() }))],
        [
          on,
          (w) =>
            w.update('aws.s3.bucket', bucketArn(audit), (b) => ({
              ...b,
              publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
              policy: auditBucketPolicy(ctx, audit),
            })),
        ],
      ],
    );
  }

  // 7. The single-region trail pointed at a bucket with neither versioning nor Object Lock.
  {
    const off = at(230);
    const on = off + 6;
    const tmp = `${audit}-tmp`;
    plant(
      {
        id: 'trail-bucket-unprotected',
        title: `${regionalTrailName(ctx)} writes to an unprotected bucket`,
        description: `Day ${off}: bucket ${tmp} is created without versioning, Object Lock or replication (otherwise configured like every bucket) and the single-region trail ${regionalTrailName(ctx)} is pointed at it; day ${on}: the trail writes to ${audit} again and ${tmp} is deleted. (The audit bucket itself has Object Lock, which cannot be turned off, so suspending its versioning would not fail the check.)`,
        startDay: off,
        endDay: on,
        subjects: [trailSubject(regional), subject('aws.s3.bucket', bucketArn(tmp))],
        expectedChecks: ['cloudtrail.trail-bucket-protected', 's3.bucket-versioning', 's3.bucket-object-lock', 's3.bucket-replication'],
      },
      [
        [
          off,
          (w) => {
            const b = cleanBucket(ctx, tmp, home, eventTime(ctx, off, 10, 5), false);
            w.put({ ...b, versioning: { status: 'Never', mfaDelete: 'Never' }, objectLock: null, replication: null, policy: auditBucketPolicy(ctx, tmp) });
            updateTrail(w, regional, (t) => ({ ...t, s3BucketName: tmp }));
          },
        ],
        [
          on,
          (w) => {
            updateTrail(w, regional, (t) => ({ ...t, s3BucketName: audit }));
            w.remove('aws.s3.bucket', bucketArn(tmp));
          },
        ],
      ],
    );
  }

  // 8. The Config recorder stopped in the last region.
  {
    const off = at(60);
    const on = off + 5;
    const id = regionId(ctx, 'config', last);
    plant(
      {
        id: 'config-recorder-stopped',
        title: `AWS Config recorder stopped in ${last}`,
        description: `Day ${off}: StopConfigurationRecorder in ${last}; started again on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [subject('aws.config.region', id)],
        expectedChecks: ['config.recorder-recording'],
      },
      [
        [off, (w) => w.update('aws.config.region', id, (r) => ({ ...r, recorders: r.recorders.map((x) => ({ ...x, recording: false, lastStatusChangeTime: hour(off, 11) })) }))],
        [on, (w) => w.update('aws.config.region', id, (r) => ({ ...r, recorders: r.recorders.map((x) => ({ ...x, recording: true, lastStatus: 'Success', lastStatusChangeTime: hour(on, 11) })) }))],
      ],
    );
  }

  // 9. The recorder of the home region narrowed to a few resource types.
  {
    const off = at(250);
    const on = off + 10;
    const id = regionId(ctx, 'config', home);
    plant(
      {
        id: 'config-recorder-narrowed',
        title: `AWS Config recorder in ${home} narrowed to two resource types`,
        description: `Day ${off}: the recording group of the recorder in ${home} is changed to INCLUSION_BY_RESOURCE_TYPES (AWS::EC2::Instance, AWS::S3::Bucket) to save cost; all supported types again on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [subject('aws.config.region', id)],
        expectedChecks: ['config.recorder-all-resources'],
      },
      [
        [
          off,
          (w) =>
            w.update('aws.config.region', id, (r) => ({
              ...r,
              recorders: r.recorders.map((x) => ({ ...x, allSupported: false, includeGlobalResourceTypes: false, resourceTypes: ['AWS::EC2::Instance', 'AWS::S3::Bucket'], recordingStrategy: 'INCLUSION_BY_RESOURCE_TYPES' })),
            })),
        ],
        [on, (w) => w.update('aws.config.region', id, (r) => ({ ...r, recorders: r.recorders.map((x) => ({ ...x, allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [], recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES' })) }))],
      ],
    );
  }

  // 10. The delivery channel of the second region deleted (AWS requires the recorder stopped first).
  {
    const off = at(290);
    const on = off + 4;
    const id = regionId(ctx, 'config', second);
    plant(
      {
        id: 'config-delivery-channel-deleted',
        title: `AWS Config delivery channel deleted in ${second}`,
        description: `Day ${off}: the recorder in ${second} is stopped and its delivery channel deleted (AWS refuses to delete the channel of a running recorder); day ${on}: the channel is created again and the recorder started.`,
        startDay: off,
        endDay: on,
        subjects: [subject('aws.config.region', id)],
        expectedChecks: ['config.delivery-channel', 'config.recorder-recording'],
      },
      [
        [off, (w) => w.update('aws.config.region', id, (r) => ({ ...r, deliveryChannels: [], recorders: r.recorders.map((x) => ({ ...x, recording: false, lastStatusChangeTime: hour(off, 15) })) }))],
        [on, (w) => w.update('aws.config.region', id, (r) => ({ ...r, deliveryChannels: [cleanDeliveryChannel(ctx)], recorders: r.recorders.map((x) => ({ ...x, recording: true, lastStatus: 'Success', lastStatusChangeTime: hour(on, 15) })) }))],
      ],
    );
  }

  // 11. The GuardDuty detector of the second region (eu-west-1) disabled.
  {
    const off = at(80);
    const on = off + 7;
    const id = regionId(ctx, 'guardduty', second);
    plant(
      {
        id: 'guardduty-detector-disabled',
        title: `GuardDuty detector disabled in ${second}`,
        description: `Day ${off}: the GuardDuty detector of ${second} is suspended (status DISABLED); enabled again on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [subject('aws.guardduty.region', id)],
        expectedChecks: ['guardduty.detector-enabled'],
      },
      [
        [off, (w) => w.update('aws.guardduty.region', id, (r) => ({ ...r, detectors: r.detectors.map((d) => ({ ...d, status: 'DISABLED' as const, updatedAt: hour(off, 16) })) }))],
        [on, (w) => w.update('aws.guardduty.region', id, (r) => ({ ...r, detectors: r.detectors.map((d) => ({ ...d, status: 'ENABLED' as const, updatedAt: hour(on, 9) })) }))],
      ],
    );
  }

  // 12. A high-severity finding left open past the triage window (time-dependent).
  {
    const raised = at(310);
    const archived = raised + 20;
    const f = plannedFinding(ctx, home, 'planted-untriaged', PLANTED_HIGH_FINDING, raised, archived);
    ctx.plantedFindings.push(f);
    plant(
      {
        id: 'guardduty-finding-untriaged',
        title: `High-severity GuardDuty finding in ${home} not triaged`,
        description: `Day ${raised}: GuardDuty raises ${f.type} (severity ${f.severity}, id ${f.id}) in ${home}; nobody archives it until day ${archived}. It fails from the first snapshot more than 7 days (findingTriageDays) after its creation, day ${raised + 7}.`,
        startDay: raised,
        endDay: archived,
        subjects: [subject('aws.guardduty.region', regionId(ctx, 'guardduty', home))],
        expectedChecks: ['guardduty.high-findings-triaged'],
      },
      [], // the finding schedule (scenario-regional.ts findingsOf) raises and archives it
    );
  }

  // 13. Rotation switched off on a customer key.
  {
    const off = at(125);
    const on = off + 15;
    const arn = keyArn(ctx, home, appKeyId(ctx, home, 1));
    plant(
      {
        id: 'kms-rotation-off',
        title: `Automatic rotation off on a KMS key in ${home}`,
        description: `Day ${off}: DisableKeyRotation on customer key ${appKeyId(ctx, home, 1)} (symmetric, enabled); enabled again on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [subject('aws.kms.key', arn)],
        expectedChecks: ['kms.key-rotation'],
      },
      [
        [off, (w) => w.update('aws.kms.key', arn, (k) => ({ ...k, rotationEnabled: false, rotationPeriodDays: null }))],
        [on, (w) => w.update('aws.kms.key', arn, (k) => ({ ...k, rotationEnabled: true, rotationPeriodDays: 365 }))],
      ],
    );
  }

  // 14. A key policy granting kms:* to everyone.
  {
    const off = at(215);
    const on = off + 3;
    const arn = keyArn(ctx, second, appKeyId(ctx, second, 1));
    const open = { Sid: 'TemporaryCrossAccountAccess', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' };
    plant(
      {
        id: 'kms-policy-public',
        title: `KMS key policy in ${second} open to everyone`,
        description: `Day ${off}: a statement allowing kms:* to Principal {"AWS": "*"} with no condition is added to the policy of key ${appKeyId(ctx, second, 1)}; removed on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [subject('aws.kms.key', arn)],
        expectedChecks: ['kms.key-policy-no-public-access'],
      },
      [
        [off, (w) => w.update('aws.kms.key', arn, (k) => ({ ...k, policy: { ...(k.policy ?? {}), Statement: [...((k.policy?.['Statement'] as unknown[]) ?? []), open] } }))],
        [on, (w) => w.update('aws.kms.key', arn, (k) => ({ ...k, policy: { ...(k.policy ?? {}), Statement: ((k.policy?.['Statement'] as Record<string, unknown>[]) ?? []).filter((s) => s['Sid'] !== open.Sid) } }))],
      ],
    );
  }

  // 15. A key scheduled for deletion, then the deletion cancelled.
  {
    const off = at(270);
    const on = off + 10;
    const arn = keyArn(ctx, home, appKeyId(ctx, home, 2));
    plant(
      {
        id: 'kms-key-pending-deletion',
        title: `KMS key in ${home} scheduled for deletion`,
        description: `Day ${off}: ScheduleKeyDeletion (30 days) on customer key ${appKeyId(ctx, home, 2)}, still used by an application (GetKeyRotationStatus is refused while it is pending deletion, so its rotation is not recorded); day ${on}: the deletion is cancelled and the key enabled again.`,
        startDay: off,
        endDay: on,
        subjects: [subject('aws.kms.key', arn)],
        expectedChecks: ['kms.key-not-pending-deletion'],
      },
      [
        [off, (w) => w.update('aws.kms.key', arn, (k) => ({ ...k, keyState: 'PendingDeletion', deletionDate: iso(eventTime(ctx, off, 12, 0) + 30 * 86_400_000), rotationEnabled: null, rotationPeriodDays: null }))],
        [on, (w) => w.update('aws.kms.key', arn, (k) => ({ ...k, keyState: 'Enabled', deletionDate: null, rotationEnabled: true, rotationPeriodDays: 365 }))],
      ],
    );
  }

  // 16-19. Security groups opened to the internet, and rules on a default group.
  const sgPlant = (id: string, title: string, region: string, name: string, dayOf365: number, length: number, rule: IpPermission, checks: CheckId[], why: string): void => {
    const off = at(dayOf365);
    const on = off + length;
    const arn = groupOf(ctx, region, 0, name);
    plant(
      { id, title, description: `Day ${off}: ${why}; the rule is revoked on day ${on}.`, startDay: off, endDay: on, subjects: [subject('aws.ec2.security-group', arn)], expectedChecks: checks },
      [
        [off, (w) => w.update('aws.ec2.security-group', arn, (g) => ({ ...g, ingress: [...g.ingress, rule] }))],
        [on, (w) => w.update('aws.ec2.security-group', arn, (g) => ({ ...g, ingress: g.ingress.filter((p) => !samePerm(p, rule)) }))],
      ],
    );
  };
  sgPlant('sg-open-ssh', `SSH open to the internet in ${home}`, home, 'bastion', 50, 2, ipPermission('tcp', 22, 22, { ipv4Ranges: [ipRange('0.0.0.0/0', 'temporary debugging')] }), ['ec2.sg-no-open-ssh'], `the bastion security group of ${home} gets ingress TCP 22 from 0.0.0.0/0`);
  sgPlant('sg-open-rdp', `RDP open to the internet over IPv6 in ${second}`, second, 'app', 105, 4, ipPermission('tcp', 3389, 3389, { ipv6Ranges: [ipRange('::/0', null)] }), ['ec2.sg-no-open-rdp'], `the app security group of ${second} gets ingress TCP 3389 from ::/0`);
  sgPlant(
    'sg-open-all',
    `All traffic open to the internet in ${last}`,
    last,
    'web-alb',
    185,
    1,
    ipPermission('-1', null, null, { ipv4Ranges: [ipRange('0.0.0.0/0', null)] }),
    ['ec2.sg-no-open-all-ports', 'ec2.sg-no-open-ssh', 'ec2.sg-no-open-rdp'],
    `the web-alb security group of ${last} gets ingress of every protocol (-1) from 0.0.0.0/0, which opens SSH and RDP too`,
  );
  {
    const off = at(240);
    const on = off + 9;
    const arn = groupOf(ctx, home, 0, 'default');
    plant(
      {
        id: 'default-sg-rules',
        title: `Rules added to the default security group in ${home}`,
        description: `Day ${off}: the default security group of the first VPC in ${home} gets AWS's default rules back (ingress of all traffic from itself, egress of all traffic to 0.0.0.0/0); removed again on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [subject('aws.ec2.security-group', arn)],
        expectedChecks: ['ec2.default-sg-no-traffic'],
      },
      [
        [
          off,
          (w) =>
            w.update('aws.ec2.security-group', arn, (g) => ({
              ...g,
              ingress: [ipPermission('-1', null, null, { groupPairs: [{ groupId: g.groupId, userId: ctx.accountId }] })],
              egress: [ipPermission('-1', null, null, { ipv4Ranges: [ipRange('0.0.0.0/0', null)] })],
            })),
        ],
        [on, (w) => w.update('aws.ec2.security-group', arn, (g) => ({ ...g, ingress: [], egress: [] }))],
      ],
    );
  }

  // 20. EBS encryption by default turned off in the last region.
  {
    const off = at(320);
    const on = off + 12;
    const id = regionId(ctx, 'ec2', last);
    plant(
      {
        id: 'ebs-default-encryption-off',
        title: `EBS encryption by default off in ${last}`,
        description: `Day ${off}: DisableEbsEncryptionByDefault in ${last} (the default KMS key stays alias/aws/ebs); enabled again on day ${on}.`,
        startDay: off,
        endDay: on,
        subjects: [subject('aws.ec2.region', id)],
        expectedChecks: ['ec2.ebs-default-encryption'],
      },
      [
        [off, (w) => w.update('aws.ec2.region', id, (r) => ({ ...r, ebsEncryptionByDefault: false }))],
        [on, (w) => w.update('aws.ec2.region', id, (r) => ({ ...r, ebsEncryptionByDefault: true }))],
      ],
    );
  }
}
