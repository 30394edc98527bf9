/**
 * What the regional services (CloudTrail, AWS Config, GuardDuty, EC2; KMS shares the JSON shape)
 * answer besides their operations: the refusal of a region the account has not enabled, failed
 * authentication, and injected faults, each in the service's own error shape.
 */
import type { AuthProblem } from './sigv4.ts';
import { REFUSAL_EC2, REFUSAL_JSON } from './scenario-regional.ts';
import { ec2Error } from './wire-ec2.ts';
import type { RequestIdSet, WireResponse } from './wire-format.ts';
import { jsonError, restJsonError } from './wire-json.ts';

export type RegionalWireService = 'cloudtrail' | 'config' | 'guardduty' | 'kms' | 'ec2';

export function regionalError(service: RegionalWireService, status: number, code: string, message: string, ids: RequestIdSet): WireResponse {
  if (service === 'ec2') return ec2Error(status, code, message, ids);
  if (service === 'guardduty') return restJsonError(status, code, message, ids);
  return jsonError(status, code, message, ids);
}

/** A request signed for a region that is not enabled for the account (opt-in not done, or unknown). */
export function regionRefusal(service: RegionalWireService, ids: RequestIdSet): WireResponse {
  if (service === 'ec2') return ec2Error(401, REFUSAL_EC2.errorCode, REFUSAL_EC2.errorMessage, ids);
  return regionalError(service, 400, REFUSAL_JSON.errorCode, REFUSAL_JSON.errorMessage, ids);
}

export function regionalAuthError(service: RegionalWireService, p: AuthProblem, ids: RequestIdSet): WireResponse {
  if (service === 'ec2') {
    switch (p.kind) {
      case 'missing':
        return ec2Error(401, 'MissingAuthenticationToken', 'Request is missing Authentication Token', ids);
      case 'malformed':
        return ec2Error(400, 'IncompleteSignature', p.message, ids);
      case 'unknown-key':
        return ec2Error(401, 'AuthFailure', REFUSAL_EC2.errorMessage, ids);
      default:
        return ec2Error(403, 'SignatureDoesNotMatch', p.message, ids);
    }
  }
  const status = service === 'guardduty' ? 403 : 400;
  switch (p.kind) {
    case 'missing':
      return regionalError(service, status, 'MissingAuthenticationTokenException', 'Missing Authentication Token', ids);
    case 'malformed':
      return regionalError(service, status, 'IncompleteSignatureException', p.message, ids);
    case 'unknown-key':
      return regionalError(service, status, 'UnrecognizedClientException', 'The security token included in the request is invalid.', ids);
    default:
      return regionalError(service, status, 'InvalidSignatureException', p.message, ids);
  }
}

/** The service's answer to an injected fault. */
export function regionalFault(service: RegionalWireService, kind: 'throttle' | 'denied' | '5xx', status: 500 | 503 | undefined, callerArn: string, operation: string, ids: RequestIdSet): WireResponse {
  if (service === 'ec2') {
    if (kind === 'throttle') return ec2Error(503, 'RequestLimitExceeded', 'Request limit exceeded.', ids);
    if (kind === 'denied') return ec2Error(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.', ids);
    return status === 503 ? ec2Error(503, 'Unavailable', 'The service is unavailable. Please try again shortly.', ids) : ec2Error(500, 'InternalError', 'An internal error has occurred', ids);
  }
  if (service === 'guardduty') {
    if (kind === 'throttle') return restJsonError(429, 'TooManyRequestsException', 'Rate exceeded', ids);
    if (kind === 'denied') return restJsonError(403, 'AccessDeniedException', `User: ${callerArn} is not authorized to perform: guardduty:${operation}`, ids);
    return status === 503 ? restJsonError(503, 'ServiceUnavailableException', 'Service is unavailable.', ids) : restJsonError(500, 'InternalServerErrorException', 'Internal server error.', ids);
  }
  if (kind === 'throttle') return jsonError(400, 'ThrottlingException', 'Rate exceeded', ids);
  if (kind === 'denied') return jsonError(400, 'AccessDeniedException', `User: ${callerArn} is not authorized to perform: ${service}:${operation} because no identity-based policy allows the ${service}:${operation} action`, ids);
  return status === 503 ? jsonError(503, 'ServiceUnavailableException', 'Service is unavailable.', ids) : jsonError(500, service === 'kms' ? 'KMSInternalException' : 'InternalFailure', 'We encountered an internal error. Please try again.', ids);
}
