/**
 * Amazon EC2 (Query protocol, EC2's own XML, Version 2016-11-15): DescribeSecurityGroups
 * (MaxResults 5-1000 / NextToken; GroupId.N; Filter.N on vpc-id, group-name, group-id, owner-id), GetEbsEncryptionByDefault, GetEbsDefaultKmsKeyId and
 * DescribeRegions (AllRegions: the scenario's regions opt-in-not-required, a few opt-in regions,
 * the scenario's optInRegion among them, not-opted-in). Errors in EC2's <Response><Errors> shape.
 */
import type { Ec2SecurityGroup, IpPermission } from '../model/resources.ts';
import type { RegionView } from './day-view.ts';
import { OTHER_OPT_IN_REGIONS } from './scenario-regional.ts';
import { el, esc } from './wire-format.ts';
import type { RequestIdSet, WireResponse } from './wire-format.ts';
import { page, readPageToken } from './wire-json.ts';

export const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function ec2Ok(action: string, inner: string, ids: RequestIdSet): WireResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NS}"><requestId>${ids.uuid}</requestId>${inner}</${action}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': ids.uuid }, body, errorCode: null };
}

export function ec2Error(status: number, code: string, message: string, ids: RequestIdSet): WireResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>${ids.uuid}</RequestID></Response>`;
  return { status, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': ids.uuid }, body, errorCode: code };
}

const items = (name: string, list: string[]): string => (list.length === 0 ? `<${name}/>` : `<${name}>${list.map((i) => `<item>${i}</item>`).join('')}</${name}>`);

function permissionXml(p: IpPermission): string {
  return [
    el('ipProtocol', p.ipProtocol),
    el('fromPort', p.fromPort),
    el('toPort', p.toPort),
    items('groups', p.groupPairs.map((g) => `${el('userId', g.userId)}${el('groupId', g.groupId)}`)),
    items('ipRanges', p.ipv4Ranges.map((r) => `${el('cidrIp', r.cidr)}${el('description', r.description)}`)),
    items('ipv6Ranges', p.ipv6Ranges.map((r) => `${el('cidrIpv6', r.cidr)}${el('description', r.description)}`)),
    items('prefixListIds', p.prefixListIds.map((id) => el('prefixListId', id))),
  ].join('');
}

function groupXml(g: Ec2SecurityGroup): string {
  return [
    el('ownerId', g.ownerId),
    el('groupId', g.groupId),
    el('groupName', g.groupName),
    el('groupDescription', g.description),
    el('vpcId', g.vpcId),
    items('ipPermissions', g.ingress.map(permissionXml)),
    items('ipPermissionsEgress', g.egress.map(permissionXml)),
    g.tags.length ? items('tagSet', g.tags.map((t) => `${el('key', t.key)}${el('value', t.value)}`)) : '',
    el('securityGroupArn', g.id),
  ].join('');
}

export interface Ec2Context {
  state: RegionView | undefined;
  region: string;
  /** The regions the account has enabled (the scenario's). */
  regions: readonly string[];
  params: URLSearchParams;
  ids: RequestIdSet;
}

/** Numbered Query list parameters: Name.1, Name.2, ... */
function listParam(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.${i}`); i++) out.push(params.get(`${name}.${i}`) as string);
  return out;
}

export function handleEc2(action: string, ctx: Ec2Context): WireResponse {
  const { params, ids } = ctx;
  switch (action) {
    case 'DescribeSecurityGroups': {
      const groupIds = listParam(params, 'GroupId');
      const maxRaw = params.get('MaxResults');
      if (maxRaw !== null && groupIds.length > 0) return ec2Error(400, 'InvalidParameterCombination', 'The parameter groupIds cannot be used with the parameter maxResults', ids);
      const max = maxRaw === null ? null : Number(maxRaw);
      if (max !== null && !(Number.isInteger(max) && max >= 5 && max <= 1000)) return ec2Error(400, 'InvalidParameterValue', `Value ( ${maxRaw} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`, ids);
      let groups = ctx.state?.securityGroups ?? [];
      if (groupIds.length > 0) {
        const missing = groupIds.find((id) => !groups.some((g) => g.groupId === id));
        if (missing) return ec2Error(400, 'InvalidGroup.NotFound', `The security group '${missing}' does not exist`, ids);
        groups = groups.filter((g) => groupIds.includes(g.groupId));
      }
      const filters = new Map<string, string[]>();
      for (let i = 1; params.has(`Filter.${i}.Name`); i++) filters.set(params.get(`Filter.${i}.Name`) as string, listParam(params, `Filter.${i}.Value`));
      const FILTERS: Record<string, (g: Ec2SecurityGroup) => string | null> = { 'vpc-id': (g) => g.vpcId, 'group-name': (g) => g.groupName, 'group-id': (g) => g.groupId, 'owner-id': (g) => g.ownerId };
      for (const [name, values] of filters) {
        const field = FILTERS[name];
        if (!field) return ec2Error(400, 'InvalidParameterValue', `The filter '${name}' is invalid (the sandbox filters security groups on ${Object.keys(FILTERS).join(', ')})`, ids);
        groups = groups.filter((g) => values.includes(field(g) ?? ''));
      }
      const scope = `ec2-sg:${ctx.region}:${JSON.stringify([...filters])}`;
      const offset = readPageToken(scope, params.get('NextToken'));
      if (offset === null) return ec2Error(400, 'InvalidParameterValue', 'The value of NextToken is invalid', ids);
      const p = page(groups, offset, max ?? groups.length, scope);
      return ec2Ok('DescribeSecurityGroups', `${items('securityGroupInfo', p.items.map(groupXml))}${el('nextToken', p.next)}`, ids);
    }
    case 'GetEbsEncryptionByDefault': {
      const on = ctx.state?.ec2?.ebsEncryptionByDefault ?? false;
      return ec2Ok('GetEbsEncryptionByDefault', `${el('ebsEncryptionByDefault', on)}${el('sseType', on ? 'sse-ebs' : undefined)}`, ids);
    }
    case 'GetEbsDefaultKmsKeyId':
      return ec2Ok('GetEbsDefaultKmsKeyId', el('kmsKeyId', ctx.state?.ec2?.ebsDefaultKmsKeyId ?? 'alias/aws/ebs'), ids);
    case 'DescribeRegions': {
      const all = params.get('AllRegions') === 'true';
      const names = listParam(params, 'RegionName');
      const rows: [string, string][] = [...ctx.regions.map((r): [string, string] => [r, 'opt-in-not-required']), ...OTHER_OPT_IN_REGIONS.filter((r) => !ctx.regions.includes(r)).map((r): [string, string] => [r, 'not-opted-in'])];
      const shown = rows.filter(([name, status]) => (all || status !== 'not-opted-in') && (names.length === 0 || names.includes(name))).sort((a, b) => (a[0] < b[0] ? -1 : 1));
      return ec2Ok('DescribeRegions', items('regionInfo', shown.map(([name, status]) => `${el('regionName', name)}${el('regionEndpoint', `ec2.${name}.amazonaws.com`)}${el('optInStatus', status)}`)), ids);
    }
    default:
      return ec2Error(400, 'InvalidAction', `The action ${action} is not valid for this web service.`, ids);
  }
}
