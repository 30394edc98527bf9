/**
 * AWS Config (JSON 1.1, X-Amz-Target StarlingDoveService.<Op>): DescribeConfigurationRecorders,
 * DescribeConfigurationRecorderStatus and DescribeDeliveryChannels of the signing region.
 */
import type { ConfigRegion } from '../model/resources.ts';
import type { RequestIdSet, WireResponse } from './wire-format.ts';
import { epochSeconds, jsonError, jsonOk } from './wire-json.ts';

export const CONFIG_TARGET_PREFIX = 'StarlingDoveService.';

export interface ConfigContext {
  state: ConfigRegion | undefined;
  input: Record<string, unknown>;
  ids: RequestIdSet;
}

function names(input: Record<string, unknown>, key: string): string[] | null {
  const v = input[key];
  return Array.isArray(v) && v.length > 0 ? v.filter((x): x is string => typeof x === 'string') : null;
}

export function handleConfig(operation: string, ctx: ConfigContext): WireResponse {
  const { input, ids } = ctx;
  const recorders = ctx.state?.recorders ?? [];
  const channels = ctx.state?.deliveryChannels ?? [];
  switch (operation) {
    case 'DescribeConfigurationRecorders':
    case 'DescribeConfigurationRecorderStatus': {
      const wanted = names(input, 'ConfigurationRecorderNames');
      const missing = wanted?.find((n) => !recorders.some((r) => r.name === n));
      if (missing) return jsonError(400, 'NoSuchConfigurationRecorderException', `Cannot find configuration recorder with the specified name '${missing}'.`, ids);
      const list = wanted ? recorders.filter((r) => wanted.includes(r.name)) : recorders;
      if (operation === 'DescribeConfigurationRecorders') {
        return jsonOk(
          {
            ConfigurationRecorders: list.map((r) => ({
              name: r.name,
              roleARN: r.roleArn ?? undefined,
              recordingGroup: {
                allSupported: r.allSupported,
                includeGlobalResourceTypes: r.includeGlobalResourceTypes,
                resourceTypes: r.resourceTypes,
                exclusionByResourceTypes: { resourceTypes: r.exclusionResourceTypes },
                recordingStrategy: r.recordingStrategy ? { useOnly: r.recordingStrategy } : undefined,
              },
              recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
            })),
          },
          ids,
        );
      }
      return jsonOk(
        {
          ConfigurationRecordersStatus: list.map((r) => ({
            name: r.name,
            lastStartTime: r.recording ? epochSeconds(r.lastStatusChangeTime) : undefined,
            lastStopTime: r.recording ? undefined : epochSeconds(r.lastStatusChangeTime),
            recording: r.recording,
            lastStatus: r.lastStatus ?? undefined,
            lastErrorCode: r.lastErrorCode ?? undefined,
            lastErrorMessage: r.lastErrorCode ? `recorder ${r.name} failed: ${r.lastErrorCode}` : undefined,
            lastStatusChangeTime: epochSeconds(r.lastStatusChangeTime),
          })),
        },
        ids,
      );
    }
    case 'DescribeDeliveryChannels': {
      const wanted = names(input, 'DeliveryChannelNames');
      const missing = wanted?.find((n) => !channels.some((c) => c.name === n));
      if (missing) return jsonError(400, 'NoSuchDeliveryChannelException', `Cannot find delivery channel with specified name '${missing}'.`, ids);
      const list = wanted ? channels.filter((c) => wanted.includes(c.name)) : channels;
      return jsonOk(
        {
          DeliveryChannels: list.map((c) => ({
            name: c.name,
            s3BucketName: c.s3BucketName ?? undefined,
            snsTopicARN: c.snsTopicArn ?? undefined,
            configSnapshotDeliveryProperties: c.deliveryFrequency ? { deliveryFrequency: c.deliveryFrequency } : undefined,
          })),
        },
        ids,
      );
    }
    default:
      return jsonError(400, 'UnknownOperationException', `the sandbox does not serve config:${operation}`, ids);
  }
}
