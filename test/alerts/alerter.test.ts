/**
 * The alerter against real receivers: a webhook on 127.0.0.1 (node:http in the test) and the
 * sandbox's SNS through the real SDK. One POST per alert, retries with backoff on 5xx, a receiver
 * that never answers times out, and an alert that cannot be delivered is logged and reported,
 * never thrown. Nothing secret reaches a receiver or a log line.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertPolicy, type Alert, type SourceEvent } from '../../alerts/alert-policy.ts';
import { createAlerter } from '../../alerts/alerter.ts';
import type { WebhookPayload } from '../../alerts/webhook-sender.ts';
import type { Log, LogFields } from '../../collectors/log.ts';
import { AlertsConfig } from '../../config/schema.ts';
import { registerSecret } from '../../model/secret-registry.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../sandbox/server.ts';

interface Line {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields: LogFields;
}
function recordingLog(): Log & { lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: Line['level']) =>
    (msg: string, fields: LogFields = {}) =>
      void lines.push({ level, msg, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

interface Receiver {
  url: string;
  bodies: WebhookPayload[];
  contentTypes: string[];
  close(): Promise<void>;
}
/** A webhook receiver answering each POST with the next status of `statuses` (the last one repeats); 'silent' never answers. */
async function receiver(
  statuses: Array<number | 'silent'>,
  path = '/hooks/T0000/B0000/receiver-secret-path',
): Promise<Receiver> {
  const bodies: WebhookPayload[] = [];
  const contentTypes: string[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      expect(req.method).toBe('POST');
      expect(req.url).toBe(path);
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPayload);
      contentTypes.push(String(req.headers['content-type']));
      const status = statuses[Math.min(n++, statuses.length - 1)] as number | 'silent';
      if (status !== 'silent')
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    bodies,
    contentTypes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const fast = { minDelayMs: 20, maxDelayMs: 100 };
const slot = (day: number) => new Date(Date.UTC(2026, 2, day, 2)).toISOString();
const run = (
  day: number,
  status: 'success' | 'failed',
  reason: string | null = status === 'failed' ? 'sts:GetCallerIdentity failed with ExpiredToken' : null,
): SourceEvent => ({
  kind: 'run',
  source: 'prod',
  runId: `r${day}`,
  slot: slot(day),
  status,
  reason,
  at: new Date(Date.UTC(2026, 2, day, 2, 4)).toISOString(),
});
const failedAlert: Alert = {
  kind: 'run-failed',
  source: 'prod',
  runId: 'r1',
  slot: slot(1),
  reason: 'boom',
  at: slot(1),
};

let receivers: Receiver[] = [];
const open = async (statuses: Array<number | 'silent'>) => {
  const r = await receiver(statuses);
  receivers.push(r);
  return r;
};
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

describe('alerts to a webhook', () => {
  it('POSTs exactly one JSON message with a Slack text per failure and one per recovery', async () => {
    const hook = await open([200]);
    const log = recordingLog();
    const alerter = createAlerter(AlertsConfig.parse({ webhook: { url: hook.url } }), { log, retry: fast });
    const policy = new AlertPolicy();
    for (const e of [
      run(1, 'success'),
      run(2, 'failed'),
      run(3, 'failed'),
      run(4, 'success'),
      run(5, 'success'),
    ]) {
      for (const alert of policy.observe(e))
        expect(await alerter.send(alert)).toEqual([
          expect.objectContaining({ channel: 'webhook', delivered: true, attempts: 1, error: null }),
        ]);
    }
    expect(hook.bodies.map((b) => [b.binder.kind, b.binder.runId])).toEqual([
      ['run-failed', 'r2'],
      ['run-failed', 'r3'],
      ['recovered', 'r4'],
    ]);
    expect(hook.contentTypes).toEqual(['application/json', 'application/json', 'application/json']);
    expect(hook.bodies[0]).toEqual({
      text: `binder: collection of source "prod" failed (slot ${slot(2)}, run r2, at 2026-03-02T02:04:00.000Z): sts:GetCallerIdentity failed with ExpiredToken`,
      binder: {
        kind: 'run-failed',
        source: 'prod',
        slot: slot(2),
        runId: 'r2',
        reason: 'sts:GetCallerIdentity failed with ExpiredToken',
        at: '2026-03-02T02:04:00.000Z',
        subject: 'binder: collection of prod failed',
      },
    });
    expect(hook.bodies[2]?.text).toBe(
      `binder: source "prod" recovered: run r4 (slot ${slot(4)}) succeeded at 2026-03-04T02:04:00.000Z after 2 failed runs over 2 d (failing since 2026-03-02T02:04:00.000Z).`,
    );
    expect(hook.bodies[2]?.binder).toMatchObject({
      kind: 'recovered',
      failedRuns: 2,
      missedSlots: 0,
      downMs: 2 * 86_400_000,
      reason: null,
    });
    expect(log.lines.filter((l) => l.level === 'info').map((l) => l.fields)).toEqual(
      Array(3).fill(
        expect.objectContaining({ channel: 'webhook', target: new URL(hook.url).origin, attempts: 1 }),
      ),
    );
  });

  it('retries a receiver that answers 500 twice, then delivers', async () => {
    const hook = await open([500, 500, 200]);
    const log = recordingLog();
    const alerter = createAlerter(AlertsConfig.parse({ webhook: { url: hook.url }, attempts: 4 }), {
      log,
      retry: fast,
    });
    const [delivery] = await alerter.send(failedAlert);
    expect(delivery).toMatchObject({ channel: 'webhook', delivered: true, attempts: 3, error: null });
    expect(hook.bodies.length).toBe(3);
    expect(new Set(hook.bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(log.lines.map((l) => [l.level, l.msg, l.fields.attempt ?? l.fields.attempts])).toEqual([
      ['warn', 'alert not delivered, retrying', 1],
      ['warn', 'alert not delivered, retrying', 2],
      ['info', 'alert delivered', 3],
    ]);
    expect(log.lines[0]?.fields.reason).toBe(`webhook ${new URL(hook.url).origin} answered HTTP 500`);
  });

  it('gives up on a receiver that never answers: each attempt times out, send resolves and logs the undelivered alert', async () => {
    const hook = await open(['silent']);
    const log = recordingLog();
    const alerter = createAlerter(
      AlertsConfig.parse({ webhook: { url: hook.url, timeoutSeconds: 0.3 }, attempts: 2 }),
      { log, retry: fast },
    );
    const t0 = performance.now();
    const deliveries = await alerter.send(failedAlert);
    const elapsed = performance.now() - t0;
    expect(deliveries).toEqual([
      expect.objectContaining({
        channel: 'webhook',
        delivered: false,
        attempts: 2,
        error: `webhook ${new URL(hook.url).origin}: no complete answer within 0.3 s`,
      }),
    ]);
    expect(hook.bodies.length).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(2 * 300 - 20);
    expect(elapsed).toBeLessThan(3000);
    const errors = log.lines.filter((l) => l.level === 'error');
    expect(errors).toEqual([
      {
        level: 'error',
        msg: 'alert could not be delivered',
        fields: expect.objectContaining({
          channel: 'webhook',
          kind: 'run-failed',
          source: 'prod',
          attempts: 2,
          reason: expect.stringContaining('no complete answer within 0.3 s'),
        }),
      },
    ]);
  });

  it('does not retry a receiver that refuses the request (404), nor one that is not there', async () => {
    const hook = await open([404]);
    const log = recordingLog();
    const [refused] = await createAlerter(AlertsConfig.parse({ webhook: { url: hook.url } }), {
      log,
      retry: fast,
    }).send(failedAlert);
    expect(refused).toMatchObject({
      delivered: false,
      attempts: 1,
      error: expect.stringContaining('answered HTTP 404'),
    });
    await hook.close();
    const [absent] = await createAlerter(AlertsConfig.parse({ webhook: { url: hook.url }, attempts: 2 }), {
      log,
      retry: fast,
    }).send(failedAlert);
    expect(absent).toMatchObject({
      delivered: false,
      attempts: 2,
      error: expect.stringContaining('ECONNREFUSED'),
    });
    // A port the Fetch standard blocks is refused by fetch itself: the reason says so.
    const [blocked] = await createAlerter(
      AlertsConfig.parse({ webhook: { url: 'http://127.0.0.1:6000/hook' }, attempts: 1 }),
      { log, retry: fast },
    ).send(failedAlert);
    expect(blocked?.error).toBe('webhook http://127.0.0.1:6000: TypeError: fetch failed (bad port)');
  });

  it('sends no secret: reasons are redacted, and the webhook path (its secret) is never logged', async () => {
    const hook = await open([500, 200]);
    const log = recordingLog();
    const token = 'Zq8sessionSecretValue-only-known-by-value';
    registerSecret(token);
    const alerter = createAlerter(AlertsConfig.parse({ webhook: { url: hook.url } }), { log, retry: fast });
    // A key id made at run time: never a credential-shaped literal in the repository.
    const keyId = generateFakeCredentials().accessKeyId;
    await alerter.send({
      ...failedAlert,
      reason: `AccessDenied for ${keyId} with token ${token}`,
    });
    const sent = JSON.stringify(hook.bodies);
    expect(sent).not.toContain(keyId);
    expect(sent).not.toContain(token);
    expect(hook.bodies[0]?.binder.reason).toBe('AccessDenied for [redacted-key-id] with token [redacted]');
    const logged = JSON.stringify(log.lines);
    expect(logged).not.toContain(new URL(hook.url).pathname);
    expect(logged).not.toContain(token);
  });

  it('with no channel configured, logs the alert and resolves with no deliveries', async () => {
    const log = recordingLog();
    expect(await createAlerter(AlertsConfig.parse({}), { log }).send(failedAlert)).toEqual([]);
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ kind: 'run-failed', source: 'prod' }),
      }),
    ]);
  });
});

describe('alerts to SNS (the sandbox, through the real SDK)', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: buildScenario({ seed: 'alerts', size: 'demo', days: 10 }),
      day: 1,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  const snsConfig = (extra: Record<string, unknown> = {}) =>
    AlertsConfig.parse({
      sns: {
        topicArn: sandbox.sns.topicArn,
        region: 'us-east-1',
        endpoint: sandbox.endpoint,
        timeoutSeconds: 2,
      },
      ...extra,
    });

  it('publishes the subject and text to the topic', async () => {
    const log = recordingLog();
    const alerter = createAlerter(snsConfig(), { log, retry: fast, snsCredentials: SANDBOX_CREDENTIALS });
    const before = sandbox.sns.published.length;
    const missed: Alert = {
      kind: 'slot-missed',
      source: 'prod',
      slot: slot(3),
      runId: null,
      reason: 'the scheduler was not running',
      at: '2026-03-03T08:00:00.000Z',
    };
    expect(await alerter.send(missed)).toEqual([
      expect.objectContaining({ channel: 'sns', target: sandbox.sns.topicArn, delivered: true, attempts: 1 }),
    ]);
    alerter.close();
    expect(sandbox.sns.published.slice(before)).toEqual([
      expect.objectContaining({
        topicArn: sandbox.sns.topicArn,
        subject: `binder: prod missed the ${slot(3)} slot`,
        message: `binder: source "prod" missed the slot of ${slot(3)} (noticed at 2026-03-03T08:00:00.000Z): the scheduler was not running. Evaluation will report it as a coverage gap.`,
        attributes: { 'binder.kind': 'slot-missed', 'binder.source': 'prod' },
      }),
    ]);
  });

  it('retries through server errors, and an alert SNS keeps refusing is logged, reported and not thrown', async () => {
    const log = recordingLog();
    const alerter = createAlerter(snsConfig({ attempts: 3 }), {
      log,
      retry: fast,
      snsCredentials: SANDBOX_CREDENTIALS,
    });
    const before = sandbox.sns.published.length;
    sandbox.faults.script({ operation: 'Publish', kind: '5xx', count: 2 });
    expect(await alerter.send(failedAlert)).toEqual([
      expect.objectContaining({ delivered: true, attempts: 3 }),
    ]);
    expect(sandbox.sns.published.length).toBe(before + 1);

    sandbox.faults.script({ operation: 'Publish', kind: '5xx', count: 3 });
    const [undelivered] = await alerter.send(failedAlert);
    expect(undelivered).toMatchObject({
      channel: 'sns',
      delivered: false,
      attempts: 3,
      error: `sns:Publish to ${sandbox.sns.topicArn} failed with InternalErrorException (HTTP 500): Internal Error`,
    });
    expect(sandbox.sns.published.length).toBe(before + 1);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ channel: 'sns', attempts: 3, reason: undelivered?.error }),
      }),
    ]);
    expect(sandbox.faults.pendingScripts()).toEqual([]);
    alerter.close();
  });

  it('does not retry a topic that does not exist; the webhook still gets the alert', async () => {
    const hook = await open([200]);
    const log = recordingLog();
    const config = AlertsConfig.parse({
      webhook: { url: hook.url },
      sns: {
        topicArn: sandbox.sns.topicArn.replace(/binder-alerts$/, 'gone'),
        region: 'us-east-1',
        endpoint: sandbox.endpoint,
      },
    });
    const deliveries = await createAlerter(config, {
      log,
      retry: fast,
      snsCredentials: SANDBOX_CREDENTIALS,
    }).send(failedAlert);
    expect(deliveries).toEqual([
      expect.objectContaining({ channel: 'webhook', delivered: true, attempts: 1 }),
      expect.objectContaining({
        channel: 'sns',
        delivered: false,
        attempts: 1,
        error: expect.stringContaining('failed with NotFoundException (HTTP 404): Topic does not exist'),
      }),
    ]);
    expect(hook.bodies.length).toBe(1);
  });
});
