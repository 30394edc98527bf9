/**
 * runSandboxForeground: what `binder sandbox` runs. Builds the scenario, starts the sandbox,
 * prints the endpoint, the environment to export and example commands, and serves until SIGINT or
 * SIGTERM (or the optional signal aborts).
 */
import type { Clock } from '../model/clock.ts';
import type { FaultOptions } from './faults.ts';
import { buildScenario } from './scenario.ts';
import type { Scenario, ScenarioPreset, ScenarioSize } from './scenario.ts';
import { SANDBOX_CREDENTIALS, startSandbox } from './server.ts';
import type { SandboxHandle } from './server.ts';

export interface RunSandboxOptions {
  seed: string;
  size: ScenarioSize | ScenarioPreset;
  /** Day to serve; default: from the clock when given, else 0. */
  day?: number;
  clock?: Clock;
  port?: number;
  start?: Date;
  days?: number;
  faults?: FaultOptions;
  /** Where lines go (default console.log). */
  log?: (line: string) => void;
  /** Stop without a process signal (tests, embedding). */
  signal?: AbortSignal;
  /** Called once the sandbox is listening. */
  onReady?: (sandbox: SandboxHandle, scenario: Scenario) => void;
}

export async function runSandboxForeground(options: RunSandboxOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const scenario = buildScenario({ seed: options.seed, size: options.size, start: options.start, days: options.days });
  const sandbox = await startSandbox({ scenario, day: options.day, clock: options.clock, port: options.port ?? 0, faults: options.faults });
  const sizeLabel = typeof options.size === 'string' ? options.size : `${options.size.users} users`;
  log(`binder sandbox: simulated AWS account ${scenario.accountId} (seed "${scenario.seed}", ${sizeLabel}), serving day ${sandbox.day()} (${scenario.dayString(sandbox.day())})`);
  log(`endpoint: ${sandbox.endpoint}  (IAM, STS, S3 path-style, S3 Control, CloudTrail, AWS Config, GuardDuty, KMS, EC2 and SNS on one port)`);
  log(`regions: ${scenario.regions.join(', ')}; ${scenario.optInRegion} is an opt-in region the account has not enabled (refused)`);
  log('');
  log('export these to point the AWS CLI or SDK at it:');
  log(`  export AWS_ENDPOINT_URL=${sandbox.endpoint}`);
  log(`  export AWS_ACCESS_KEY_ID=${SANDBOX_CREDENTIALS.accessKeyId}`);
  log(`  export AWS_SECRET_ACCESS_KEY=${SANDBOX_CREDENTIALS.secretAccessKey}`);
  log('  export AWS_REGION=us-east-1');
  log('');
  log('try:');
  log('  aws sts get-caller-identity');
  log('  aws iam get-account-authorization-details --max-items 5');
  log('  aws s3api list-buckets --max-buckets 5   # S3 needs path-style: aws configure set default.s3.addressing_style path');
  log('  aws cloudtrail describe-trails; aws ec2 describe-security-groups --region eu-west-1');
  log(`  node -e "import('@aws-sdk/client-iam').then(async m=>console.log((await new m.IAMClient({}).send(new m.GetAccountSummaryCommand({}))).SummaryMap))"`);
  log('S3 Control puts the account id in the host name; point it back at the endpoint host (binder does this itself).');
  log('Press Ctrl-C to stop.');
  options.onReady?.(sandbox, scenario);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      options.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop);
  });
  await sandbox.close();
  log(`binder sandbox stopped after ${sandbox.requestLog.length} requests.`);
}
