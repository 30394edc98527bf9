/**
 * The reference reading of the regional checks (cloudtrail.*, config.*, guardduty.*, kms.*, ec2.*)
 * of the checks' one-line definitions (their `fails`), for the answer key; independent of controls/. The single-resource
 * readings live here; the ones that join resources (a region and the trails covering it, a trail
 * and its bucket, finding ages) are assembled in reference-checks.ts with these helpers.
 *
 * Semantics assumed:
 *  - A trail records management events read and write when a basic selector has ReadWriteType All
 *    and IncludeManagementEvents, or an advanced selector has a field selector eventCategory that
 *    equals Management and no field selector on readOnly.
 *  - A trail covers a region when it is multi-region or its home region is that region.
 *  - A refused region is N/A for every region check (guardduty.high-findings-triaged included).
 *  - "kms:* or *" in a key policy: an action pattern that matches every KMS action, i.e. "*",
 *    "kms:*" (case-insensitive) or a pattern like "kms:*" written with wildcards only ("*:*").
 *    A wildcard principal is "*" or {"AWS": "*"} (or a list holding "*"). Limiting conditions:
 *    aws:SourceAccount, aws:SourceArn, aws:SourceOrgID, aws:SourceOrgPaths, aws:PrincipalOrgID,
 *    aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn, kms:CallerAccount, kms:ViaService.
 *  - Open ingress: an IPv4 range 0.0.0.0/0 or IPv6 range ::/0. Protocol "-1" opens every port;
 *    for tcp a null port range counts as every port.
 */
import type { CheckId } from '../controls/checks/index.ts';
import type { CloudTrailTrail, Ec2SecurityGroup, IpPermission, KmsKey, PolicyDocument, Resource } from '../model/resources.ts';

type Fail = [CheckId, string];
const DAY = 86_400_000;

export function recordsManagementReadWrite(t: CloudTrailTrail): boolean {
  if (t.eventSelectors.some((s) => s.readWriteType === 'All' && s.includeManagementEvents)) return true;
  return t.advancedEventSelectors.some(
    (a) => a.fieldSelectors.some((f) => f.field === 'eventCategory' && f.equals.includes('Management')) && !a.fieldSelectors.some((f) => f.field === 'readOnly'),
  );
}

/** A trail logging read and write management events. */
export function logsManagementEvents(t: CloudTrailTrail): boolean {
  return t.status.isLogging && recordsManagementReadWrite(t);
}

export function coversRegion(t: CloudTrailTrail, region: string): boolean {
  return t.isMultiRegionTrail || t.homeRegion === region;
}

function trailFailures(t: CloudTrailTrail): Fail[] {
  const out: Fail[] = [];
  if (!t.status.isLogging) out.push(['cloudtrail.trail-logging', `${t.name} is not logging`]);
  if (!t.logFileValidationEnabled) out.push(['cloudtrail.trail-log-file-validation', `${t.name} has log file validation off`]);
  if (!t.kmsKeyId) out.push(['cloudtrail.trail-kms-encryption', `${t.name} has no KMS key`]);
  if (t.status.isLogging && t.status.latestDeliveryError) out.push(['cloudtrail.trail-delivery-ok', `${t.name}: delivery error ${t.status.latestDeliveryError}`]);
  if (!t.cloudWatchLogsLogGroupArn) out.push(['cloudtrail.trail-cloudwatch-logs', `${t.name} sends to no CloudWatch Logs group`]);
  return out;
}

function asList(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function wildcardPrincipal(p: unknown): boolean {
  if (p === '*') return true;
  if (p && typeof p === 'object') return asList((p as Record<string, unknown>)['AWS']).includes('*');
  return false;
}

const KMS_LIMITING_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn', 'kms:calleraccount', 'kms:viaservice'];

function limited(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  return Object.values(condition as Record<string, unknown>).some((test) => !!test && typeof test === 'object' && Object.keys(test).some((k) => KMS_LIMITING_KEYS.includes(k.toLowerCase())));
}

function everyKmsAction(a: unknown): boolean {
  if (typeof a !== 'string') return false;
  const s = a.toLowerCase();
  return s === '*' || s === 'kms:*' || /^\*+(:\*+)?$/.test(s);
}

export function keyPolicyPublic(doc: PolicyDocument): boolean {
  const raw = doc['Statement'];
  const statements = (Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : []) as Record<string, unknown>[];
  return statements.some((s) => s && s['Effect'] === 'Allow' && wildcardPrincipal(s['Principal']) && asList(s['Action']).some(everyKmsAction) && !limited(s['Condition']));
}

function keyFailures(k: KmsKey): Fail[] {
  if (k.keyManager !== 'CUSTOMER') return [];
  const out: Fail[] = [];
  if (k.keySpec === 'SYMMETRIC_DEFAULT' && k.keyUsage === 'ENCRYPT_DECRYPT' && k.origin === 'AWS_KMS' && k.keyState === 'Enabled' && k.rotationEnabled === false) out.push(['kms.key-rotation', `${k.keyId} has rotation off`]);
  if (k.policy && keyPolicyPublic(k.policy)) out.push(['kms.key-policy-no-public-access', `${k.keyId} policy allows kms:* to everyone`]);
  if (k.keyState === 'PendingDeletion') out.push(['kms.key-not-pending-deletion', `${k.keyId} is pending deletion`]);
  return out;
}

const openRange = (p: IpPermission): boolean => p.ipv4Ranges.some((r) => r.cidr === '0.0.0.0/0') || p.ipv6Ranges.some((r) => r.cidr === '::/0');

function opensTcpPort(p: IpPermission, port: number): boolean {
  if (p.ipProtocol === '-1') return true;
  if (p.ipProtocol !== 'tcp' && p.ipProtocol !== '6') return false;
  if (p.fromPort === null || p.toPort === null) return true;
  return p.fromPort <= port && port <= p.toPort;
}

function opensAllPorts(p: IpPermission): boolean {
  if (p.ipProtocol === '-1') return true;
  if (!['tcp', 'udp', '6', '17'].includes(p.ipProtocol)) return false;
  return (p.fromPort === null && p.toPort === null) || (p.fromPort === 0 && p.toPort === 65535);
}

function groupFailures(g: Ec2SecurityGroup): Fail[] {
  const out: Fail[] = [];
  const open = g.ingress.filter(openRange);
  if (open.some((p) => opensTcpPort(p, 22))) out.push(['ec2.sg-no-open-ssh', `${g.groupId} opens port 22 to the internet`]);
  if (open.some((p) => opensTcpPort(p, 3389))) out.push(['ec2.sg-no-open-rdp', `${g.groupId} opens port 3389 to the internet`]);
  if (open.some(opensAllPorts)) out.push(['ec2.sg-no-open-all-ports', `${g.groupId} opens every port to the internet`]);
  if (g.groupName === 'default' && g.ingress.length + g.egress.length > 0) out.push(['ec2.default-sg-no-traffic', `default group ${g.groupId} has ${g.ingress.length} ingress and ${g.egress.length} egress rules`]);
  return out;
}

/** The failures of one regional resource that depend on nothing else (undefined: not a regional type). */
export function regionalStaticFailures(r: Resource): Fail[] | undefined {
  switch (r.type) {
    case 'aws.cloudtrail.trail':
      return trailFailures(r);
    case 'aws.config.region': {
      if (r.refused) return [];
      const out: Fail[] = [];
      if (!r.recorders.some((x) => x.allSupported || x.recordingStrategy === 'ALL_SUPPORTED_RESOURCE_TYPES')) out.push(['config.recorder-all-resources', `${r.region}: no recorder of all supported resource types`]);
      if (!r.recorders.some((x) => x.recording && x.lastStatus !== 'Failure')) out.push(['config.recorder-recording', `${r.region}: no recorder recording`]);
      if (!r.deliveryChannels.some((c) => !!c.s3BucketName)) out.push(['config.delivery-channel', `${r.region}: no delivery channel to S3`]);
      return out;
    }
    case 'aws.guardduty.region':
      return !r.refused && !r.detectors.some((d) => d.status === 'ENABLED') ? [['guardduty.detector-enabled', `${r.region}: no enabled detector`]] : [];
    case 'aws.kms.key':
      return keyFailures(r);
    case 'aws.ec2.security-group':
      return groupFailures(r);
    case 'aws.ec2.region':
      return !r.refused && r.ebsEncryptionByDefault === false ? [['ec2.ebs-default-encryption', `${r.region}: EBS encryption by default off`]] : [];
    case 'aws.cloudtrail.region':
    case 'aws.kms.region':
      return [];
    default:
      return undefined;
  }
}

/** guardduty.high-findings-triaged of one region at a time. */
export function untriagedFinding(r: Extract<Resource, { type: 'aws.guardduty.region' }>, asOfMs: number, triageDays: number): Fail | null {
  if (r.refused) return null;
  for (const d of r.detectors) {
    const late = d.openHighSeverityFindings.find((f) => f.severity >= 7 && asOfMs - Date.parse(f.createdAt) > triageDays * DAY);
    if (late) return ['guardduty.high-findings-triaged', `${r.region}: finding ${late.id} (${late.type}, severity ${late.severity}) not archived after ${triageDays} days`];
  }
  return null;
}

/** The two region checks of CloudTrail, given the trails of the snapshot. */
export function cloudtrailRegionFailures(r: Extract<Resource, { type: 'aws.cloudtrail.region' }>, trails: Iterable<CloudTrailTrail>): Fail[] {
  if (r.refused) return [];
  let covered = false;
  let multi = false;
  for (const t of trails) {
    if (!logsManagementEvents(t)) continue;
    if (coversRegion(t, r.region)) covered = true;
    if (t.isMultiRegionTrail) multi = true;
  }
  const out: Fail[] = [];
  if (!covered) out.push(['cloudtrail.region-management-events-logged', `${r.region}: no logging trail records management events`]);
  if (!multi) out.push(['cloudtrail.multi-region-trail', `${r.region}: no logging multi-region trail`]);
  return out;
}
