/**
 * Bounded time, through the real SDK over HTTP: a silent endpoint fails the call (the timeouts
 * abort the attempt, they do not only warn), a source's deadline ends its run with a reason naming
 * the deadline and what was running, and once one operation has failed the source nothing else
 * of it goes on. Bounds are generous: they fail only when something hangs or keeps retrying.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsCallError } from '../../collectors/aws/aws-call-error.ts';
import { runCollection } from '../../collectors/collect-run.ts';
import { collectSnapshot } from '../../collectors/collect-snapshot.ts';
import { silentLog } from '../../collectors/log.ts';
import { AwsSourceConfig, BinderConfig } from '../../config/schema.ts';
import { ManualClock } from '../../model/clock.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';
import { buildScenario } from '../../sandbox/scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../sandbox/server.ts';
import { freshStore, type FreshStore } from './fresh-store.ts';
import { startSilentEndpoint, type Silence } from './silent-endpoint.ts';

const SILENCES: Silence[] = ['no-answer', 'stalled-body'];
const DEADLINE_MS = 2000;
const clock = () => new ManualClock(new Date('2026-03-01T02:05:00Z'));
const credentials = generateFakeCredentials();
const secondsSince = (t0: number) => (performance.now() - t0) / 1000;

async function waitUntil(what: string, condition: () => boolean, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`still not true after ${ms} ms: ${what}`);
    await sleep(20);
  }
}

let fresh: FreshStore;
beforeAll(async () => {
  fresh = await freshStore('binder-timeouts-');
});
afterAll(async () => fresh?.remove());

describe('a silent endpoint', () => {
  it.each(SILENCES)('fails each attempt at the request timeout (%s), with an error naming the call', async (silence) => {
    const silent = await startSilentEndpoint(silence);
    try {
      const t0 = performance.now();
      const err = await collectSnapshot({
        source: AwsSourceConfig.parse({ name: 'silent', endpoint: silent.endpoint }),
        scheduledFor: new Date('2026-03-01T02:00:00Z'),
        clock: clock(),
        credentials,
        requestTimeoutMs: 300,
        maxAttempts: 2,
        operationRetry: { attempts: 1 },
        timeoutMs: 60_000,
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AwsCallError);
      expect(err).toMatchObject({ service: 'sts', operation: 'GetCallerIdentity' });
      expect(['ETIMEDOUT', 'TimeoutError']).toContain((err as AwsCallError).code);
      expect(silent.accepted()).toBe(2); // the SDK retried the timed-out attempt once, as asked
      expect(secondsSince(t0)).toBeLessThan(10);
      await waitUntil('the client closed its connections', () => silent.open() === 0);
    } finally {
      await silent.close();
    }
  });

  it.each(SILENCES)(
    'ends the source run at its deadline (%s): failed, the deadline and the call in the reason and the ledger',
    async (silence) => {
      const silent = await startSilentEndpoint(silence);
      try {
        const config = BinderConfig.parse({
          sources: [{ name: `silent-${silence}`, endpoint: silent.endpoint }],
          store: { type: 'local', path: 'unused' },
        });
        const t0 = performance.now();
        const summary = await runCollection({
          config,
          store: fresh.store,
          clock: clock(),
          credentials,
          log: silentLog,
          tuning: { timeoutMs: DEADLINE_MS },
        });
        const seconds = secondsSince(t0);
        const outcome = summary.outcomes[0]!;
        expect(outcome).toMatchObject({ status: 'failed', snapshotId: null });
        expect(outcome.reason).toBe(
          'CollectionDeadlineError: deadline of 0.0333 minutes passed during sts:GetCallerIdentity',
        );
        expect(seconds).toBeGreaterThanOrEqual(DEADLINE_MS / 1000 - 0.05);
        expect(seconds).toBeLessThan(DEADLINE_MS / 1000 + 5);
        const ledger = await fresh.store.readLedger();
        expect(ledger.find((e) => e.runId === outcome.runId && e.status === 'failed')?.reason).toBe(
          outcome.reason,
        );
        await waitUntil('the aborted request let go of its connection', () => silent.open() === 0);
      } finally {
        await silent.close();
      }
    },
  );
});

describe('a source that has failed', () => {
  const scenario = buildScenario({ seed: 'collectors-timeouts', size: 'demo', days: 3 });
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, day: 1, port: 0 });
  });
  afterAll(async () => sandbox?.close());

  it('cuts a credential report poll wait short at the deadline', async () => {
    const config = BinderConfig.parse({
      sources: [{ name: 'slow-report', endpoint: sandbox.endpoint }],
      store: { type: 'local', path: 'unused' },
    });
    const t0 = performance.now();
    const summary = await runCollection({
      config,
      store: fresh.store,
      clock: clock(),
      credentials: SANDBOX_CREDENTIALS,
      log: silentLog,
      // The sandbox's first GenerateCredentialReport says STARTED: the next poll is minutes away.
      tuning: { timeoutMs: 4000, reportPoll: { initialDelayMs: 600_000, maxDelayMs: 600_000 } },
    });
    expect(summary.outcomes[0]!.reason).toMatch(
      /^CollectionDeadlineError: deadline of 0\.0667 minutes passed during .*a wait before iam:GenerateCredentialReport$/,
    );
    expect(secondsSince(t0)).toBeLessThan(4 + 5);
  });

  it('ends its run at the first failure no retry can fix, and sends nothing more while others were retrying', async () => {
    // GetBucketPolicy is denied (fatal); GetAccountAuthorizationDetails answers 500 for ever, which
    // the default policy retries for tens of seconds (8 SDK attempts, 4 whole-operation attempts).
    sandbox.faults.script({ operation: 'GetBucketPolicy', kind: 'denied', count: 1_000_000 });
    sandbox.faults.script({ operation: 'GetAccountAuthorizationDetails', kind: '5xx', count: 1_000_000 });
    try {
      const config = BinderConfig.parse({
        sources: [{ name: 'denied', endpoint: sandbox.endpoint, concurrency: 4 }],
        store: { type: 'local', path: 'unused' },
      });
      const t0 = performance.now();
      const summary = await runCollection({
        config,
        store: fresh.store,
        clock: clock(),
        credentials: SANDBOX_CREDENTIALS,
        log: silentLog,
        tuning: { reportPoll: { initialDelayMs: 5, maxDelayMs: 20 } },
      });
      const seconds = secondsSince(t0);
      const outcome = summary.outcomes[0]!;
      expect(outcome.status).toBe('failed');
      expect(outcome.reason).toMatch(
        /^s3:GetBucketPolicy in [a-z0-9-]+ failed with AccessDenied \(HTTP 403\): Access Denied$/,
      );
      expect(seconds).toBeLessThan(15);
      expect(sandbox.requestLog.some((e) => e.operation === 'GetAccountAuthorizationDetails')).toBe(true);
      // Requests already on the wire may still be answered; after that, silence.
      await sleep(500);
      const settled = sandbox.requestLog.length;
      await sleep(2500);
      expect(sandbox.requestLog.slice(settled).map((e) => `${e.service}:${e.operation}`)).toEqual([]);
    } finally {
      sandbox.faults.clearScripts();
    }
  });
});
