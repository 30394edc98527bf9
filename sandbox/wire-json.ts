/**
 * The JSON protocols of the regional services: AWS JSON 1.1 (CloudTrail, AWS Config, KMS: a POST
 * with X-Amz-Target, errors as {"__type", "message"}) and REST-JSON (GuardDuty: errors named by the
 * x-amzn-errortype header), plus the opaque pagination tokens every list operation hands out.
 */
import type { RequestIdSet, WireResponse } from './wire-format.ts';

export const JSON_11 = 'application/x-amz-json-1.1';

export function jsonOk(value: unknown, ids: RequestIdSet, contentType = JSON_11): WireResponse {
  return { status: 200, headers: { 'content-type': contentType, 'x-amzn-requestid': ids.uuid }, body: JSON.stringify(value), errorCode: null };
}

export function jsonError(status: number, code: string, message: string, ids: RequestIdSet): WireResponse {
  return { status, headers: { 'content-type': JSON_11, 'x-amzn-requestid': ids.uuid }, body: JSON.stringify({ __type: code, message }), errorCode: code };
}

export function restJsonOk(value: unknown, ids: RequestIdSet): WireResponse {
  return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': ids.uuid }, body: JSON.stringify(value), errorCode: null };
}

export function restJsonError(status: number, code: string, message: string, ids: RequestIdSet): WireResponse {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': ids.uuid, 'x-amzn-errortype': code }, body: JSON.stringify({ message, __type: code }), errorCode: code };
}

/** JSON 1.1 timestamps: epoch seconds. */
export const epochSeconds = (iso: string | null | undefined): number | undefined => (iso ? Date.parse(iso) / 1000 : undefined);

/** Parse a JSON request body; null when it is not a JSON object. */
export function parseJsonBody(body: Buffer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body.toString('utf8') || '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** An opaque page token: the offset into a list, tied to the operation and scope it was issued for. */
export function pageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64');
}

/** The offset a token stands for; null when the token is not one of ours for this scope. */
export function readPageToken(scope: string, token: unknown): number | null {
  if (token === undefined || token === null || token === '') return 0;
  if (typeof token !== 'string') return null;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { s?: unknown; o?: unknown };
    return v.s === scope && Number.isInteger(v.o) && (v.o as number) >= 0 ? (v.o as number) : null;
  } catch {
    return null;
  }
}

/** One page of a list: items [offset, offset + size) and the token of the next page, if any. */
export function page<T>(items: readonly T[], offset: number, size: number, scope: string): { items: T[]; next: string | undefined } {
  const slice = items.slice(offset, offset + size);
  return { items: slice, next: offset + size < items.length ? pageToken(scope, offset + size) : undefined };
}
