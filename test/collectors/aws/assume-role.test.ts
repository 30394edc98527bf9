/**
 * The roleArn credential provider: STS AssumeRole with RoleSessionName binder-collector and the
 * ExternalId, cached until five minutes before expiry, then refreshed. Through the real STS client
 * against a minimal local STS answering AssumeRole (the sandbox does not model AssumeRole).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeRoleProvider, ROLE_SESSION_NAME } from '../../../collectors/aws/clients.ts';
import { AwsSourceConfig } from '../../../config/schema.ts';
import { generateFakeCredentials } from '../../../sandbox/fake-credentials.ts';

/** The role's temporary key ids the fake STS hands out, made at run time (ASIA: AWS's temporary-key prefix). */
const ROLE_KEY_BASE = `ASIA${generateFakeCredentials().accessKeyId.slice(4, 19)}`;
const roleKeyId = (n: number) => `${ROLE_KEY_BASE}${n}`;

const baseCredentials = generateFakeCredentials();

const requests: URLSearchParams[] = [];
let expiresInMs = 3600_000;
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      requests.push(form);
      const n = requests.length;
      const expiration = new Date(Date.now() + expiresInMs).toISOString();
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>` +
          `<AccessKeyId>${roleKeyId(n)}</AccessKeyId><SecretAccessKey>roleSecret${n}</SecretAccessKey><SessionToken>token${n}</SessionToken>` +
          `<Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/Binder/binder-collector</Arn>` +
          `<AssumedRoleId>AROAX:binder-collector</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r${n}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const source = AwsSourceConfig.parse({
  name: 'prod',
  roleArn: 'arn:aws:iam::123456789012:role/Binder',
  externalId: 'ext-42',
  endpoint: 'http://unused:1',
});
const stsClients: STSClient[] = [];
const provider = () => {
  const sts = new STSClient({ region: 'us-east-1', endpoint, credentials: baseCredentials, maxAttempts: 1 });
  stsClients.push(sts);
  return assumeRoleProvider(source, sts);
};
afterAll(() => stsClients.forEach((c) => c.destroy()));

describe('assumeRoleProvider', () => {
  it('assumes the role with session name binder-collector and the external id, and caches the credentials', async () => {
    requests.length = 0;
    expiresInMs = 3600_000;
    const get = provider();
    const first = await get();
    const second = await get();
    expect(first).toMatchObject({ accessKeyId: roleKeyId(1), sessionToken: 'token1' });
    expect(second).toBe(first);
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0]!)).toMatchObject({
      Action: 'AssumeRole',
      RoleArn: source.roleArn,
      RoleSessionName: ROLE_SESSION_NAME,
      ExternalId: 'ext-42',
    });
  });

  it('refreshes credentials that expire within five minutes', async () => {
    requests.length = 0;
    expiresInMs = 60_000;
    const get = provider();
    await get();
    const again = await get();
    expect(requests).toHaveLength(2);
    expect(again.accessKeyId).toBe(roleKeyId(2));
  });
});
