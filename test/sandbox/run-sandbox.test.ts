import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { runSandboxForeground } from '../../sandbox/run-sandbox.ts';
import { SANDBOX_CREDENTIALS } from '../../sandbox/server.ts';

describe('runSandboxForeground', () => {
  it('prints the endpoint and the environment to export, serves until stopped', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    let answered = '';
    const done = runSandboxForeground({
      seed: 'cli',
      size: 'demo',
      day: 2,
      log: (l) => lines.push(l),
      signal: stop.signal,
      onReady: (sandbox, scenario) => {
        const client = new STSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: SANDBOX_CREDENTIALS });
        void client
          .send(new GetCallerIdentityCommand({}))
          .then((o) => {
            answered = `${o.Account}`;
            expect(o.Account).toBe(scenario.accountId);
          })
          .finally(() => stop.abort());
      },
    });
    await done;
    const text = lines.join('\n');
    expect(text).toMatch(/AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toContain(`AWS_ACCESS_KEY_ID=${SANDBOX_CREDENTIALS.accessKeyId}`);
    expect(text).toContain('AWS_SECRET_ACCESS_KEY=');
    expect(text).toContain('AWS_REGION=us-east-1');
    expect(text).toContain('aws sts get-caller-identity');
    expect(answered).toMatch(/^\d{12}$/);
    expect(lines.at(-1)).toMatch(/stopped after 1 requests/);
  });
});
