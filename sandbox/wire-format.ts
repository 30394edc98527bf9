/**
 * What every sandbox response is made of: XML text helpers, AWS request ids, and the error shapes
 * of the three protocols (IAM/STS Query, S3 REST, S3 Control REST).
 */
import { createHash } from 'node:crypto';

export type Service = 'iam' | 'sts' | 's3' | 's3control' | 'kms' | 'cloudtrail' | 'config' | 'guardduty' | 'ec2';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** AWS error code, null on success. */
  errorCode: string | null;
}

export const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const S3CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] as string);
}

/** <name>escaped text</name>; undefined/null values give an empty string (element omitted). */
export function el(name: string, value: string | number | boolean | null | undefined): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${esc(String(value))}</${name}>`;
}

/** A list of <member> elements (Query protocol). */
export function members(name: string, items: string[]): string {
  return items.length === 0 ? `<${name}/>` : `<${name}>${items.map((i) => `<member>${i}</member>`).join('')}</${name}>`;
}

/** Query protocol times: seconds precision, Z. */
export function queryTime(isoTime: string): string {
  return isoTime.replace(/\.\d{3}Z$/, 'Z');
}

/** Request ids: deterministic per server (a counter), shaped like AWS's. */
export class RequestIds {
  private n = 0;
  constructor(private readonly salt: string) {}

  next(): { uuid: string; s3Id: string; s3Id2: string } {
    const h = createHash('sha256').update(`${this.salt}:${++this.n}`).digest();
    const hex = h.toString('hex');
    return {
      uuid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
      s3Id: hex.slice(32, 48).toUpperCase(),
      s3Id2: createHash('sha384').update(h).digest('base64'),
    };
  }
}

export interface RequestIdSet {
  uuid: string;
  s3Id: string;
  s3Id2: string;
}

export function queryOk(service: 'iam' | 'sts', action: string, result: string, ids: RequestIdSet): WireResponse {
  const ns = service === 'iam' ? IAM_NS : STS_NS;
  const body = `<${action}Response xmlns="${ns}">\n  <${action}Result>${result}</${action}Result>\n  <ResponseMetadata>\n    <RequestId>${ids.uuid}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`;
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': ids.uuid }, body, errorCode: null };
}

export function queryError(service: 'iam' | 'sts', status: number, code: string, message: string, ids: RequestIdSet): WireResponse {
  const ns = service === 'iam' ? IAM_NS : STS_NS;
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const body = `<ErrorResponse xmlns="${ns}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${esc(code)}</Code>\n    <Message>${esc(message)}</Message>\n  </Error>\n  <RequestId>${ids.uuid}</RequestId>\n</ErrorResponse>\n`;
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': ids.uuid }, body, errorCode: code };
}

export function s3Headers(ids: RequestIdSet, extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-amz-request-id': ids.s3Id, 'x-amz-id-2': ids.s3Id2, ...extra };
}

export function s3Ok(xml: string, ids: RequestIdSet, extra: Record<string, string> = {}): WireResponse {
  return { status: 200, headers: s3Headers(ids, { 'content-type': 'application/xml', ...extra }), body: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, errorCode: null };
}

export function s3Error(status: number, code: string, message: string, ids: RequestIdSet, extraElements: Record<string, string> = {}, extraHeaders: Record<string, string> = {}, headOnly = false): WireResponse {
  const extras = Object.entries(extraElements)
    .map(([k, v]) => el(k, v))
    .join('');
  const body = headOnly ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message>${extras}<RequestId>${ids.s3Id}</RequestId><HostId>${esc(ids.s3Id2)}</HostId></Error>`;
  return { status, headers: s3Headers(ids, headOnly ? extraHeaders : { 'content-type': 'application/xml', ...extraHeaders }), body, errorCode: code };
}

export function s3ControlError(status: number, code: string, message: string, ids: RequestIdSet): WireResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>${ids.s3Id}</RequestId><HostId>${esc(ids.s3Id2)}</HostId></ErrorResponse>`;
  return { status, headers: s3Headers(ids, { 'content-type': 'application/xml' }), body, errorCode: code };
}

/** The error of any service, in its own shape. */
export function serviceError(service: Service, status: number, code: string, message: string, ids: RequestIdSet, headOnly = false): WireResponse {
  if (service === 'iam' || service === 'sts') return queryError(service, status, code, message, ids);
  if (service === 'kms' || service === 'cloudtrail' || service === 'config' || service === 'guardduty' || service === 'ec2') {
    return { status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': ids.uuid }, body: JSON.stringify({ __type: code, message }), errorCode: code };
  }
  if (service === 's3control') return s3ControlError(status, code, message, ids);
  return s3Error(status, code, message, ids, {}, {}, headOnly);
}
