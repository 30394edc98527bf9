/**
 * The sandbox's SNS through the real SDK client: Publish to the binder-alerts topic is kept for
 * tests to read, and what SNS refuses (an unknown topic, another region, a bad Subject, a wrong
 * signature, injected faults) comes back in SNS's own error shape.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from '../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../sandbox/server.ts';

describe('sandbox SNS', () => {
  const scenario = buildScenario({ seed: 'sns', size: 'demo', days: 10 });
  let sandbox: SandboxHandle;
  const client = (o: { region?: string; secret?: string } = {}) =>
    new SNSClient({
      endpoint: sandbox.endpoint,
      region: o.region ?? 'us-east-1',
      credentials: { ...SANDBOX_CREDENTIALS, ...(o.secret ? { secretAccessKey: o.secret } : {}) },
      maxAttempts: 1,
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, day: 1 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('holds the binder-alerts topic of the scenario account and keeps every published message', async () => {
    expect(sandbox.sns.topicArn).toBe(`arn:aws:sns:us-east-1:${scenario.accountId}:binder-alerts`);
    const out = await client().send(
      new PublishCommand({
        TopicArn: sandbox.sns.topicArn,
        Subject: 'binder: prod failed',
        Message: 'line one\nline two & <three>',
        MessageAttributes: { 'binder.kind': { DataType: 'String', StringValue: 'run-failed' } },
      }),
    );
    expect(out.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sandbox.sns.messagesTo()).toEqual([
      expect.objectContaining({
        messageId: out.MessageId,
        topicArn: sandbox.sns.topicArn,
        subject: 'binder: prod failed',
        message: 'line one\nline two & <three>',
        attributes: { 'binder.kind': 'run-failed' },
        requestId: out.$metadata.requestId,
      }),
    ]);
    expect(sandbox.requestLog.at(-1)).toMatchObject({
      service: 'sns',
      operation: 'Publish',
      status: 200,
      errorCode: null,
    });
  });

  it('answers an unknown topic with NotFound in the SNS error shape', async () => {
    const missing = `arn:aws:sns:us-east-1:${scenario.accountId}:no-such-topic`;
    await expect(
      client().send(new PublishCommand({ TopicArn: missing, Message: 'x' })),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Topic does not exist',
      $metadata: { httpStatusCode: 404 },
    });
    expect(sandbox.requestLog.at(-1)).toMatchObject({
      service: 'sns',
      operation: 'Publish',
      status: 404,
      errorCode: 'NotFound',
    });
    const raw = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=Publish',
    });
    expect(raw.status).toBe(403); // unsigned: no credential scope, so it is read as IAM's
  });

  it('refuses what SNS refuses: another region, a Subject of 100 characters or a line break, an empty message', async () => {
    const before = sandbox.sns.published.length;
    await expect(
      client({ region: 'eu-west-1' }).send(
        new PublishCommand({ TopicArn: sandbox.sns.topicArn, Message: 'x' }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      $metadata: { httpStatusCode: 400 },
    });
    for (const Subject of ['s'.repeat(100), 'two\nlines']) {
      await expect(
        client().send(new PublishCommand({ TopicArn: sandbox.sns.topicArn, Message: 'x', Subject })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Subject' });
    }
    await expect(
      client().send(new PublishCommand({ TopicArn: sandbox.sns.topicArn, Message: '' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(sandbox.sns.published.length).toBe(before);
  });

  it('verifies the signature', async () => {
    await expect(
      client({ secret: 'not-the-secret' }).send(
        new PublishCommand({ TopicArn: sandbox.sns.topicArn, Message: 'x' }),
      ),
    ).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    expect(sandbox.requestLog.at(-1)).toMatchObject({ service: 'sns', errorCode: 'SignatureDoesNotMatch' });
  });

  it('serves scripted faults for Publish in the SNS shape, then recovers', async () => {
    sandbox.faults.script({ operation: 'Publish', kind: '5xx', count: 1 });
    sandbox.faults.script({ operation: 'Publish', kind: 'throttle', count: 1 });
    sandbox.faults.script({ operation: 'Publish', kind: 'denied', count: 1 });
    const publish = () =>
      client().send(new PublishCommand({ TopicArn: sandbox.sns.topicArn, Message: 'after faults' }));
    await expect(publish()).rejects.toMatchObject({
      name: 'InternalErrorException',
      $metadata: { httpStatusCode: 500 },
    });
    await expect(publish()).rejects.toMatchObject({
      name: 'ThrottledException',
      $metadata: { httpStatusCode: 429 },
    });
    await expect(publish()).rejects.toMatchObject({
      name: 'AuthorizationErrorException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(publish()).resolves.toMatchObject({ MessageId: expect.any(String) });
    expect(sandbox.sns.messagesTo().at(-1)?.message).toBe('after faults');
    expect(sandbox.requestLog.slice(-4).map((r) => r.errorCode)).toEqual([
      'InternalError',
      'Throttled',
      'AuthorizationError',
      null,
    ]);
  });
});
