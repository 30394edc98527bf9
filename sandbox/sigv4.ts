/**
 * Verification of AWS Signature Version 4 (Authorization header form), as AWS does it: rebuild the
 * canonical request from what arrived, derive the signing key from the known secret, compare.
 * S3 rules: the path is used as sent (no second encoding) and the payload hash is the value of
 * x-amz-content-sha256 (a hex hash, which must match the body, or UNSIGNED-PAYLOAD / STREAMING-*).
 * Other services: each path segment is URI-encoded again, and the payload hash is the body's.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SignedRequest {
  method: string;
  /** Raw path as received (before decoding). */
  path: string;
  /** Raw query string without "?". */
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string; // YYYYMMDD
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export type AuthProblem =
  | { kind: 'missing' }
  | { kind: 'malformed'; message: string }
  | { kind: 'unknown-key'; accessKeyId: string; parsed: ParsedAuthorization }
  | { kind: 'payload-mismatch'; message: string; parsed: ParsedAuthorization }
  | { kind: 'signature-mismatch'; message: string; parsed: ParsedAuthorization };

export type AuthResult = { ok: true; parsed: ParsedAuthorization } | { ok: false; problem: AuthProblem };

const AUTH_RE = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;

/** Parse the Authorization header; null when absent, a message when malformed. */
export function parseAuthorization(headers: IncomingHttpHeaders): ParsedAuthorization | null | string {
  const raw = headers['authorization'];
  if (raw === undefined || raw === '') return null;
  const m = AUTH_RE.exec(raw.trim());
  if (!m) {
    if (!raw.startsWith('AWS4-HMAC-SHA256 ')) return `Authorization header requires AWS4-HMAC-SHA256 (got "${raw.split(' ')[0]}")`;
    return "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in the AWS4-HMAC-SHA256 form";
  }
  return {
    accessKeyId: m[1] as string,
    date: m[2] as string,
    region: m[3] as string,
    service: m[4] as string,
    signedHeaders: (m[5] as string).split(';'),
    signature: m[6] as string,
  };
}

/** RFC 3986 encoding as SigV4 requires (encodeURIComponent leaves !'()* alone). */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function canonicalQuery(query: string): string {
  if (!query) return '';
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const v = safeDecode(eq < 0 ? '' : part.slice(eq + 1));
    if (k === 'X-Amz-Signature') continue;
    pairs.push([uriEncode(k), uriEncode(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalPath(path: string, isS3: boolean): string {
  if (isS3) return path || '/';
  // Non-S3: normalise and encode each (already encoded) segment again.
  const segments: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const joined = `/${segments.map(uriEncode).join('/')}`;
  return path.endsWith('/') && joined !== '/' ? `${joined}/` : joined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v.join(',') : v).trim().replace(/\s+/g, ' ');
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** Verify a request's signature; secretFor returns the secret of a known access key id. */
export function verifySigV4(req: SignedRequest, secretFor: (accessKeyId: string) => string | undefined): AuthResult {
  const parsed = parseAuthorization(req.headers);
  if (parsed === null) return { ok: false, problem: { kind: 'missing' } };
  if (typeof parsed === 'string') return { ok: false, problem: { kind: 'malformed', message: parsed } };
  const amzDate = headerValue(req.headers, 'x-amz-date');
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return { ok: false, problem: { kind: 'malformed', message: 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.' } };
  }
  if (amzDate.slice(0, 8) !== parsed.date) {
    return { ok: false, problem: { kind: 'signature-mismatch', message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${amzDate.slice(0, 8)}'`, parsed } };
  }
  if (!parsed.signedHeaders.includes('host')) {
    return { ok: false, problem: { kind: 'signature-mismatch', message: "'Host' must be a 'SignedHeader' in the AWS Authorization.", parsed } };
  }
  const secret = secretFor(parsed.accessKeyId);
  if (secret === undefined) return { ok: false, problem: { kind: 'unknown-key', accessKeyId: parsed.accessKeyId, parsed } };

  const isS3 = parsed.service === 's3';
  const bodyHash = sha256Hex(req.body);
  let payloadHash = bodyHash;
  const declared = headerValue(req.headers, 'x-amz-content-sha256');
  if (declared !== undefined) {
    if (/^[0-9a-f]{64}$/.test(declared)) {
      if (declared !== bodyHash) {
        return { ok: false, problem: { kind: 'payload-mismatch', message: `The provided 'x-amz-content-sha256' header does not match what was computed (${bodyHash}).`, parsed } };
      }
      payloadHash = declared;
    } else if (declared === 'UNSIGNED-PAYLOAD' || declared.startsWith('STREAMING-')) {
      payloadHash = declared;
    } else {
      return { ok: false, problem: { kind: 'payload-mismatch', message: `x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-... or a valid sha256 value (got "${declared}").`, parsed } };
    }
  } else if (isS3) {
    return { ok: false, problem: { kind: 'malformed', message: 'Missing required header for this request: x-amz-content-sha256' } };
  }

  const headerLines: string[] = [];
  for (const name of parsed.signedHeaders) {
    const v = headerValue(req.headers, name);
    if (v === undefined) return { ok: false, problem: { kind: 'signature-mismatch', message: `Signed header ${name} is missing from the request.`, parsed } };
    headerLines.push(`${name}:${v}\n`);
  }
  const canonicalRequest = [req.method, canonicalPath(req.path, isS3), canonicalQuery(req.query), headerLines.join(''), parsed.signedHeaders.join(';'), payloadHash].join('\n');
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const expected = createHmac('sha256', signingKey(secret, parsed.date, parsed.region, parsed.service)).update(stringToSign).digest();
  const given = Buffer.from(parsed.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      problem: {
        kind: 'signature-mismatch',
        message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        parsed,
      },
    };
  }
  return { ok: true, parsed };
}
