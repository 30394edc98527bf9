/**
 * Amazon GuardDuty (REST-JSON, told by the signature's service "guardduty"): ListDetectors
 * (GET /detector), GetDetector (GET /detector/{id}), ListFindings (POST /detector/{id}/findings)
 * and GetFindings (POST /detector/{id}/findings/get) of the signing region. ListFindings filters
 * with findingCriteria.criterion on severity (gt, gte, lt, lte, eq, neq and their long names),
 * service.archived, type, id and resource.resourceType (eq/equals, neq/notEquals); any other
 * field is refused with BadRequestException, so a collector relying on one learns it here.
 */
import type { GuardDutyRegion } from '../model/resources.ts';
import type { GuardDutyFindingState } from './scenario.ts';
import type { RequestIdSet, WireResponse } from './wire-format.ts';
import { page, readPageToken, restJsonError, restJsonOk } from './wire-json.ts';

export interface GuardDutyRoute {
  operation: string;
  detectorId: string | null;
}

export function routeGuardDuty(method: string, path: string): GuardDutyRoute {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'detector') return { operation: 'Unknown', detectorId: null };
  if (parts.length === 1) return { operation: method === 'GET' ? 'ListDetectors' : method === 'POST' ? 'CreateDetector' : 'Unknown', detectorId: null };
  const id = parts[1] as string;
  if (parts.length === 2) return { operation: method === 'GET' ? 'GetDetector' : method === 'POST' ? 'UpdateDetector' : method === 'DELETE' ? 'DeleteDetector' : 'Unknown', detectorId: id };
  if (parts[2] === 'findings' && parts.length === 3 && method === 'POST') return { operation: 'ListFindings', detectorId: id };
  if (parts[2] === 'findings' && parts[3] === 'get' && parts.length === 4 && method === 'POST') return { operation: 'GetFindings', detectorId: id };
  return { operation: 'Unknown', detectorId: id };
}

export interface GuardDutyContext {
  state: GuardDutyRegion | undefined;
  region: string;
  accountId: string;
  /** Every finding of the region visible on the day. */
  findings: () => GuardDutyFindingState[];
  query: URLSearchParams;
  input: Record<string, unknown> | null;
  ids: RequestIdSet;
}

const bad = (message: string, ids: RequestIdSet): WireResponse => restJsonError(400, 'BadRequestException', message, ids);

function intParam(v: unknown, min: number, max: number, dflt: number): number | null {
  if (v === undefined || v === null || v === '') return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

type Criterion = Record<string, unknown>;

function matches(f: GuardDutyFindingState, field: string, cond: Criterion): boolean | string {
  const value: string | number | boolean | null =
    field === 'severity' ? f.finding.severity : field === 'service.archived' ? f.archived : field === 'type' ? f.finding.type : field === 'id' ? f.finding.id : field === 'resource.resourceType' ? f.finding.resourceType : undefined as never;
  if (value === undefined) return `the sandbox filters findings on severity, service.archived, type, id and resource.resourceType, not ${field}`;
  for (const [op, arg] of Object.entries(cond)) {
    if (arg === undefined || arg === null) continue;
    const list = Array.isArray(arg) ? arg.map(String) : [String(arg)];
    const asText = String(value);
    const num = Number(arg);
    switch (op) {
      case 'eq':
      case 'equals':
        if (!list.includes(asText)) return false;
        break;
      case 'neq':
      case 'notEquals':
        if (list.includes(asText)) return false;
        break;
      case 'gt':
      case 'greaterThan':
        if (!(typeof value === 'number' && value > num)) return false;
        break;
      case 'gte':
      case 'greaterThanOrEqual':
        if (!(typeof value === 'number' && value >= num)) return false;
        break;
      case 'lt':
      case 'lessThan':
        if (!(typeof value === 'number' && value < num)) return false;
        break;
      case 'lte':
      case 'lessThanOrEqual':
        if (!(typeof value === 'number' && value <= num)) return false;
        break;
      default:
        return `unsupported condition ${op} on ${field}`;
    }
  }
  return true;
}

function sorted(list: GuardDutyFindingState[], sort: unknown): GuardDutyFindingState[] | string {
  if (!sort || typeof sort !== 'object') return list;
  const { attributeName, orderBy } = sort as { attributeName?: unknown; orderBy?: unknown };
  if (attributeName === undefined) return list;
  const key = (f: GuardDutyFindingState): string | number =>
    attributeName === 'severity' ? f.finding.severity : attributeName === 'createdAt' ? f.finding.createdAt : attributeName === 'updatedAt' ? f.finding.updatedAt : f.finding.id;
  if (!['severity', 'createdAt', 'updatedAt', 'id'].includes(String(attributeName))) return `the sandbox sorts findings by severity, createdAt, updatedAt or id, not ${String(attributeName)}`;
  const dir = orderBy === 'DESC' ? -1 : 1;
  return [...list].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -dir : x > y ? dir : a.finding.id < b.finding.id ? -1 : 1;
  });
}

export function handleGuardDuty(route: GuardDutyRoute, ctx: GuardDutyContext): WireResponse {
  const { ids, query } = ctx;
  const detectors = ctx.state?.detectors ?? [];
  if (route.operation === 'ListDetectors') {
    const max = intParam(query.get('maxResults'), 1, 50, 50);
    if (max === null) return bad('The request is rejected because an invalid or out-of-range value is specified as an input parameter.', ids);
    const offset = readPageToken(`gd-detectors:${ctx.region}`, query.get('nextToken'));
    if (offset === null) return bad('The request is rejected because the nextToken is not valid.', ids);
    const p = page(detectors.map((d) => d.detectorId), offset, max, `gd-detectors:${ctx.region}`);
    return restJsonOk({ detectorIds: p.items, nextToken: p.next }, ids);
  }
  if (route.operation === 'Unknown' || !['GetDetector', 'ListFindings', 'GetFindings'].includes(route.operation)) {
    return restJsonError(404, 'UnknownOperationException', `the sandbox does not serve guardduty:${route.operation}`, ids);
  }
  const detector = detectors.find((d) => d.detectorId === route.detectorId);
  if (!detector) return bad('The request is rejected because the input detectorId is not owned by the current account.', ids);
  if (route.operation === 'GetDetector') {
    return restJsonOk(
      {
        createdAt: detector.createdAt ?? undefined,
        findingPublishingFrequency: detector.findingPublishingFrequency ?? undefined,
        serviceRole: `arn:aws:iam::${ctx.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
        status: detector.status,
        updatedAt: detector.updatedAt ?? undefined,
        features: detector.features.map((f) => ({ name: f.name, status: f.status, updatedAt: detector.updatedAt ? Date.parse(detector.updatedAt) / 1000 : undefined })),
        tags: {},
      },
      ids,
    );
  }
  const input = ctx.input;
  if (!input) return bad('The request body is not valid JSON.', ids);
  if (route.operation === 'ListFindings') {
    const max = intParam(input['maxResults'], 1, 50, 50);
    if (max === null) return bad('The request is rejected because an invalid or out-of-range value is specified as an input parameter.', ids);
    const criteria = ((input['findingCriteria'] as { criterion?: Record<string, Criterion> } | undefined)?.criterion ?? {}) as Record<string, Criterion>;
    let list = ctx.findings();
    for (const [field, cond] of Object.entries(criteria)) {
      const out: GuardDutyFindingState[] = [];
      for (const f of list) {
        const m = matches(f, field, cond ?? {});
        if (typeof m === 'string') return bad(m, ids);
        if (m) out.push(f);
      }
      list = out;
    }
    const order = sorted(list, input['sortCriteria']);
    if (typeof order === 'string') return bad(order, ids);
    const scope = `gd-findings:${ctx.region}:${detector.detectorId}:${JSON.stringify(criteria)}:${JSON.stringify(input['sortCriteria'] ?? null)}`;
    const offset = readPageToken(scope, input['nextToken']);
    if (offset === null) return bad('The request is rejected because the nextToken is not valid.', ids);
    const p = page(order, offset, max, scope);
    return restJsonOk({ findingIds: p.items.map((f) => f.finding.id), nextToken: p.next }, ids);
  }
  // GetFindings
  const wanted = input['findingIds'];
  if (!Array.isArray(wanted) || wanted.length === 0 || wanted.length > 50) return bad('The request is rejected because findingIds must hold 1 to 50 ids.', ids);
  const byId = new Map(ctx.findings().map((f) => [f.finding.id, f]));
  const found = wanted.map((id) => byId.get(String(id))).filter((f): f is GuardDutyFindingState => !!f);
  const order = sorted(found, input['sortCriteria']);
  if (typeof order === 'string') return bad(order, ids);
  return restJsonOk(
    {
      findings: order.map(({ finding: f, archived }) => ({
        accountId: ctx.accountId,
        arn: `arn:aws:guardduty:${ctx.region}:${ctx.accountId}:detector/${detector.detectorId}/finding/${f.id}`,
        confidence: 5,
        createdAt: f.createdAt,
        description: f.title,
        id: f.id,
        partition: 'aws',
        region: ctx.region,
        resource: { resourceType: f.resourceType ?? undefined },
        schemaVersion: '2.0',
        service: { archived, count: 1, detectorId: detector.detectorId, eventFirstSeen: f.createdAt, eventLastSeen: f.updatedAt, resourceRole: 'TARGET', serviceName: 'guardduty' },
        severity: f.severity,
        title: f.title,
        type: f.type,
        updatedAt: f.updatedAt,
      })),
    },
    ids,
  );
}
