/** STS GetCallerIdentity: the account collected and the identity that collected it. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients.ts';
import type { ProvenanceRecorder } from './provenance-recorder.ts';
import { AwsCallError } from './aws-call-error.ts';

export interface CallerIdentity {
  accountId: string;
  callerArn: string;
  /** From the caller ARN: aws, aws-cn, aws-us-gov. */
  partition: string;
}

export async function getCallerIdentity(
  clients: AwsClients,
  recorder: ProvenanceRecorder,
): Promise<CallerIdentity> {
  const region = clients.homeRegion;
  const out = await recorder.run({ service: 'sts', operation: 'GetCallerIdentity', region, params: {} }, () =>
    clients.sts().send(new GetCallerIdentityCommand({})),
  );
  if (!out.Account || !out.Arn)
    throw new AwsCallError(
      'sts',
      'GetCallerIdentity',
      region,
      'IncompleteResponse',
      null,
      'no Account or Arn in the answer',
    );
  const partition = out.Arn.split(':')[1] || 'aws';
  return { accountId: out.Account, callerArn: out.Arn, partition };
}
