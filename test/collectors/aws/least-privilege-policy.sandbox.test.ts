/**
 * COLLECTOR_IAM_POLICY covers every operation a collection actually calls (as the sandbox saw
 * them on the wire), and grants nothing the collectors do not call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionFor,
  COLLECTOR_ACTIONS,
  COLLECTOR_IAM_POLICY,
} from '../../../collectors/aws/least-privilege-policy.ts';
import { buildScenario } from '../../../sandbox/scenario.ts';
import { startSandbox, type SandboxHandle } from '../../../sandbox/server.ts';
import { collectDay } from '../sandbox-harness.ts';

const scenario = buildScenario({ seed: 'collectors-lp', size: 'demo', days: 30 });
let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario, day: 0, port: 0 });
});
afterAll(async () => sandbox?.close());

describe('COLLECTOR_IAM_POLICY', () => {
  it('allows every operation a collection sends, and only read actions the collectors use', async () => {
    await collectDay(scenario, sandbox, 26);
    const seen = [...new Set(sandbox.requestLog.map((e) => `${e.service}:${e.operation}`))].sort();
    const allowed = new Set(COLLECTOR_IAM_POLICY.Statement.flatMap((s) => s.Action));
    const uncovered = seen.filter((op) => {
      const [service, operation] = op.split(':') as [string, string];
      const action = actionFor(service, operation);
      return action === null || !allowed.has(action);
    });
    expect(uncovered).toEqual([]);
    // Minimal: every granted action is used, except GetBucketLocation (only for servers without BucketRegion).
    const used = new Set(seen.map((op) => actionFor(...(op.split(':') as [string, string]))));
    expect(COLLECTOR_ACTIONS.filter((a) => !used.has(a))).toEqual(['s3:GetBucketLocation']);
  });

  it('is a valid read-only identity policy document', () => {
    expect(COLLECTOR_IAM_POLICY.Version).toBe('2012-10-17');
    for (const a of COLLECTOR_ACTIONS) expect(a).toMatch(/^(iam|sts|s3|cloudtrail|config|guardduty|kms|ec2):(Get|List|Describe|Generate)[A-Za-z]+$/);
    expect(JSON.parse(JSON.stringify(COLLECTOR_IAM_POLICY))).toEqual(COLLECTOR_IAM_POLICY);
  });
});
