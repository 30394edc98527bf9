/**
 * Redaction by value, end to end: an endpoint that echoes the request's session token (20
 * characters, a shape no rule recognises) and access key id in its error messages. Neither reaches
 * the failure reason, the write-once ledger or a log line, through the real SDK over HTTP.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollection } from '../../collectors/collect-run.ts';
import { jsonLineLog } from '../../collectors/log.ts';
import { BinderConfig } from '../../config/schema.ts';
import { canonicalJson } from '../../model/canonical-json.ts';
import { ManualClock } from '../../model/clock.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { freshStore, type FreshStore } from './fresh-store.ts';

const { accessKeyId, secretAccessKey } = generateFakeCredentials();
const sessionToken = randomBytes(10).toString('hex');

/**
 * Answers GetCallerIdentity, then every other request with a 503 (transient, so it is retried
 * and logged) whose message repeats the token and key id the request carried, in the error shape
 * of the request's protocol (query XML, JSON, S3's REST XML).
 */
function echoingEndpoint(): http.Server {
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const token = String(req.headers['x-amz-security-token'] ?? '');
      const keyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
      const echo = `the security token ${token} of ${keyId} is being refreshed`;
      const requestId = `req-${randomBytes(4).toString('hex')}`;
      if (body.includes('Action=GetCallerIdentity')) {
        res.writeHead(200, { 'content-type': 'text/xml' }).end(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
            `<Arn>arn:aws:iam::123456789012:user/collector</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>` +
            `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      } else if (String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json') || (req.url ?? '').startsWith('/detector')) {
        // The JSON protocols (CloudTrail, Config, KMS; GuardDuty's REST-JSON): whichever service is
        // called first must fail the same way.
        res
          .writeHead(503, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ServiceUnavailable', 'x-amzn-requestid': requestId })
          .end(JSON.stringify({ __type: 'ServiceUnavailable', message: echo }));
      } else if (req.method === 'POST') {
        res.writeHead(503, { 'content-type': 'text/xml' }).end(
          `<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>${echo}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      } else {
        res.writeHead(503, { 'content-type': 'application/xml', 'x-amz-request-id': requestId }).end(
          `<Error><Code>ServiceUnavailable</Code><Message>${echo}</Message><RequestId>${requestId}</RequestId></Error>`,
        );
      }
    });
  });
}

let server: http.Server;
let endpoint: string;
let fresh: FreshStore;
beforeAll(async () => {
  server = echoingEndpoint();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fresh = await freshStore('binder-echo-');
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await fresh?.remove();
});

describe('credentials echoed by an endpoint', () => {
  it('never reach the failure reason, the ledger or the logs', async () => {
    const lines: string[] = [];
    const summary = await runCollection({
      config: BinderConfig.parse({
        sources: [{ name: 'echo', endpoint }],
        store: { type: 'local', path: 'unused' },
      }),
      store: fresh.store,
      clock: new ManualClock(new Date('2026-03-01T02:05:00Z')),
      credentials: { accessKeyId, secretAccessKey, sessionToken },
      log: jsonLineLog((l) => lines.push(l)),
      tuning: { maxAttempts: 2, operationRetry: { attempts: 2, minDelayMs: 5, maxDelayMs: 10 } },
    });
    const outcome = summary.outcomes[0]!;
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toMatch(/failed with ServiceUnavailable \(HTTP 503\): the security token \[redacted\] of \[redacted\] is being refreshed$/);
    // The echo went through the retry log line too, redacted there as well.
    expect(lines.some((l) => l.includes('retrying operation') && l.includes('token [redacted] of [redacted]'))).toBe(true);

    const ledger = canonicalJson(await fresh.store.readLedger());
    for (const text of [ledger, lines.join('\n'), JSON.stringify(summary)]) {
      expect(text).not.toContain(sessionToken);
      expect(text).not.toContain(accessKeyId);
      expect(text).not.toContain(secretAccessKey);
    }
  });
});
