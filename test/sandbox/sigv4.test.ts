import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { canonicalQuery, verifySigV4 } from '../../sandbox/sigv4.ts';

/** The signer's hash interface, from node:crypto (HMAC when given a secret). */
class Sha256 {
  private readonly h;
  constructor(secret?: string | Uint8Array) {
    this.h = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data: string | Uint8Array): void {
    this.h.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

const creds = generateFakeCredentials();
const secretFor = (id: string): string | undefined => (id === creds.accessKeyId ? creds.secretAccessKey : undefined);

/** Sign with the SDK's own signer, then verify with the sandbox's verifier. */
async function signed(opts: { service: string; method: string; path: string; query?: Record<string, string>; body?: string; headers?: Record<string, string>; uriEscapePath?: boolean }) {
  const signer = new SignatureV4({ credentials: creds, region: 'eu-west-1', service: opts.service, sha256: Sha256 as unknown as ConstructorParameters<typeof SignatureV4>[0]['sha256'], uriEscapePath: opts.uriEscapePath ?? true });
  const req = await signer.sign({
    method: opts.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: opts.path,
    query: opts.query ?? {},
    headers: { host: '127.0.0.1:4566', ...(opts.headers ?? {}) },
    body: opts.body,
  });
  const query = Object.entries(req.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: opts.method, path: opts.path, query, headers, body: Buffer.from(opts.body ?? '') };
}

describe('verifySigV4', () => {
  it('accepts Query-protocol requests signed by the SDK signer, and rejects a changed body', async () => {
    const body = 'Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=User&Marker=a%2Bb%3D';
    const req = await signed({ service: 'iam', method: 'POST', path: '/', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(verifySigV4(req, secretFor)).toMatchObject({ ok: true, parsed: { service: 'iam', region: 'eu-west-1', accessKeyId: creds.accessKeyId } });
    // The signer also sends x-amz-content-sha256, so a changed body shows as a payload mismatch.
    expect(verifySigV4({ ...req, body: Buffer.from(body.replace('User', 'Role')) }, secretFor)).toMatchObject({ ok: false, problem: { kind: 'payload-mismatch' } });
    const { 'x-amz-content-sha256': _dropped, ...withoutHash } = req.headers;
    expect(verifySigV4({ ...req, headers: withoutHash }, secretFor)).toMatchObject({ ok: false, problem: { kind: 'signature-mismatch' } });
  });

  it('accepts S3 requests with sub-resources, encoded query values and UNSIGNED-PAYLOAD', async () => {
    const s3 = await signed({ service: 's3', method: 'GET', path: '/my-bucket/', query: { policy: '', 'continuation-token': 'a+b/c=', prefix: "x y!'()*" }, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, uriEscapePath: false });
    expect(verifySigV4(s3, secretFor).ok).toBe(true);
    expect(verifySigV4({ ...s3, query: s3.query.replace('prefix=', 'prefix=z') }, secretFor)).toMatchObject({ ok: false, problem: { kind: 'signature-mismatch' } });
    expect(verifySigV4({ ...s3, path: '/other-bucket/' }, secretFor)).toMatchObject({ ok: false, problem: { kind: 'signature-mismatch' } });
  });

  it('checks a declared payload hash against the body', async () => {
    const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const req = await signed({ service: 's3', method: 'GET', path: '/b/', query: { acl: '' }, headers: { 'x-amz-content-sha256': empty }, uriEscapePath: false });
    expect(verifySigV4(req, secretFor).ok).toBe(true);
    expect(verifySigV4({ ...req, body: Buffer.from('x') }, secretFor)).toMatchObject({ ok: false, problem: { kind: 'payload-mismatch' } });
  });

  it('names missing, malformed and unknown-key authorization', async () => {
    const req = await signed({ service: 'sts', method: 'POST', path: '/', body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(verifySigV4({ ...req, headers: { ...req.headers, authorization: '' } }, secretFor)).toEqual({ ok: false, problem: { kind: 'missing' } });
    expect(verifySigV4({ ...req, headers: { ...req.headers, authorization: 'AWS4-HMAC-SHA256 Credential=garbled' } }, secretFor)).toMatchObject({ ok: false, problem: { kind: 'malformed' } });
    expect(verifySigV4(req, () => undefined)).toMatchObject({ ok: false, problem: { kind: 'unknown-key', accessKeyId: creds.accessKeyId } });
  });

  it('builds the canonical query AWS-style (sorted, RFC 3986, empty values kept)', () => {
    expect(canonicalQuery('x-id=ListBuckets&max-buckets=3')).toBe('max-buckets=3&x-id=ListBuckets');
    expect(canonicalQuery('policy')).toBe('policy=');
    expect(canonicalQuery("prefix=a%20b%21&b=%2A")).toBe('b=%2A&prefix=a%20b%21');
  });
});
