/**
 * AWS CloudTrail (JSON 1.1, X-Amz-Target CloudTrail_20131101.<Op>, or the long
 * com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>):
 * DescribeTrails, GetTrailStatus and GetEventSelectors over the day's trails. A multi-region trail
 * is visible in every region (a "shadow trail" outside its home region), a single-region trail only
 * in its home region. GetTrailStatus and GetEventSelectors take a name (trails of this region only,
 * as AWS asks for the ARN of a shadow trail) or an ARN (any trail visible here).
 */
import type { CloudTrailTrail } from '../model/resources.ts';
import type { DayView } from './day-view.ts';
import type { RequestIdSet, WireResponse } from './wire-format.ts';
import { epochSeconds, jsonError, jsonOk } from './wire-json.ts';

/** The X-Amz-Target prefixes CloudTrail accepts: what SDK v3 sends, and the long form of older SDKs. */
export const CLOUDTRAIL_TARGET_PREFIXES = ['CloudTrail_20131101.', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.'];

/** The operation of a CloudTrail X-Amz-Target, or null when the target is not CloudTrail's. */
export function cloudTrailOperation(target: string): string | null {
  const prefix = CLOUDTRAIL_TARGET_PREFIXES.find((p) => target.startsWith(p));
  return prefix ? target.slice(prefix.length) : null;
}

export interface CloudTrailContext {
  view: DayView;
  region: string;
  accountId: string;
  input: Record<string, unknown>;
  ids: RequestIdSet;
}

function visibleIn(t: CloudTrailTrail, region: string): boolean {
  return t.isMultiRegionTrail || t.homeRegion === region;
}

function describe(t: CloudTrailTrail): Record<string, unknown> {
  return {
    Name: t.name,
    S3BucketName: t.s3BucketName ?? undefined,
    S3KeyPrefix: t.s3KeyPrefix ?? undefined,
    SnsTopicName: t.snsTopicArn ? t.snsTopicArn.split(':').pop() : undefined,
    SnsTopicARN: t.snsTopicArn ?? undefined,
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    HomeRegion: t.homeRegion,
    TrailARN: t.id,
    LogFileValidationEnabled: t.logFileValidationEnabled,
    CloudWatchLogsLogGroupArn: t.cloudWatchLogsLogGroupArn ?? undefined,
    CloudWatchLogsRoleArn: t.cloudWatchLogsLogGroupArn ? `arn:aws:iam::${t.ownerAccountId}:role/CloudTrail_CloudWatchLogs_Role` : undefined,
    KmsKeyId: t.kmsKeyId ?? undefined,
    HasCustomEventSelectors: t.eventSelectors.length > 0 || t.advancedEventSelectors.length > 0,
    HasInsightSelectors: false,
    IsOrganizationTrail: t.isOrganizationTrail,
  };
}

/** A trail by name (home region only) or ARN (visible in the region). */
function resolve(ctx: CloudTrailContext, ref: unknown): CloudTrailTrail | undefined {
  if (typeof ref !== 'string' || ref === '') return undefined;
  if (ref.startsWith('arn:')) return ctx.view.trails.find((t) => t.id === ref && visibleIn(t, ctx.region));
  return ctx.view.trails.find((t) => t.name === ref && t.homeRegion === ctx.region);
}

const notFound = (ctx: CloudTrailContext, ref: unknown): WireResponse =>
  jsonError(400, 'TrailNotFoundException', `Unknown trail: ${String(ref)} for the user: ${ctx.accountId}`, ctx.ids);

export function handleCloudTrail(operation: string, ctx: CloudTrailContext): WireResponse {
  const { input, ids, region } = ctx;
  switch (operation) {
    case 'DescribeTrails': {
      const shadows = input['includeShadowTrails'] !== false;
      const names = Array.isArray(input['trailNameList']) ? (input['trailNameList'] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      let trails = ctx.view.trails.filter((t) => visibleIn(t, region) && (shadows || t.homeRegion === region));
      if (names.length > 0) trails = trails.filter((t) => names.includes(t.name) || names.includes(t.id));
      return jsonOk({ trailList: trails.map(describe) }, ids);
    }
    case 'GetTrailStatus': {
      const t = resolve(ctx, input['Name']);
      if (!t) return notFound(ctx, input['Name']);
      const s = t.status;
      return jsonOk(
        {
          IsLogging: s.isLogging,
          LatestDeliveryError: s.latestDeliveryError ?? undefined,
          LatestDeliveryTime: epochSeconds(s.latestDeliveryTime),
          StartLoggingTime: epochSeconds(s.startLoggingTime),
          StopLoggingTime: epochSeconds(s.stopLoggingTime),
          LatestDeliveryAttemptTime: s.latestDeliveryTime ?? '',
          LatestDeliveryAttemptSucceeded: s.latestDeliveryError ? '' : (s.latestDeliveryTime ?? ''),
          TimeLoggingStarted: s.startLoggingTime ?? undefined,
          TimeLoggingStopped: s.stopLoggingTime ?? '',
        },
        ids,
      );
    }
    case 'GetEventSelectors': {
      const t = resolve(ctx, input['TrailName']);
      if (!t) return notFound(ctx, input['TrailName']);
      if (t.advancedEventSelectors.length > 0) {
        return jsonOk(
          {
            TrailARN: t.id,
            AdvancedEventSelectors: t.advancedEventSelectors.map((a) => ({
              Name: a.name ?? undefined,
              FieldSelectors: a.fieldSelectors.map((f) => ({
                Field: f.field,
                Equals: f.equals.length ? f.equals : undefined,
                NotEquals: f.notEquals.length ? f.notEquals : undefined,
                StartsWith: f.startsWith.length ? f.startsWith : undefined,
                NotStartsWith: f.notStartsWith.length ? f.notStartsWith : undefined,
                EndsWith: f.endsWith.length ? f.endsWith : undefined,
                NotEndsWith: f.notEndsWith.length ? f.notEndsWith : undefined,
              })),
            })),
          },
          ids,
        );
      }
      return jsonOk(
        {
          TrailARN: t.id,
          EventSelectors: t.eventSelectors.map((e) => ({
            ReadWriteType: e.readWriteType,
            IncludeManagementEvents: e.includeManagementEvents,
            DataResources: e.dataResourceTypes.map((type) => ({ Type: type, Values: [type === 'AWS::S3::Object' ? 'arn:aws:s3' : `arn:aws:${type.split('::')[1]?.toLowerCase() ?? 'unknown'}`] })),
            ExcludeManagementEventSources: e.excludeManagementEventSources,
          })),
        },
        ids,
      );
    }
    default:
      return jsonError(400, 'UnknownOperationException', `the sandbox does not serve cloudtrail:${operation}`, ids);
  }
}
