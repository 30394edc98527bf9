import { buildScenario } from './sandbox/scenario.ts';
import { startSandbox } from './sandbox/server.ts';
import { iamClient, stsClient, s3Client, s3ControlClient } from './test/sandbox/sdk-clients.ts';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { paginateGetAccountAuthorizationDetails, GenerateCredentialReportCommand, GetCredentialReportCommand, GetAccountSummaryCommand, GetAccountPasswordPolicyCommand, ListVirtualMFADevicesCommand, ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand, GetBucketAclCommand, GetBucketPolicyCommand, GetBucketNotificationConfigurationCommand, GetBucketLocationCommand, GetObjectLockConfigurationCommand, GetBucketReplicationCommand, GetBucketLifecycleConfigurationCommand, GetBucketEncryptionCommand, GetBucketVersioningCommand, GetBucketLoggingCommand, GetBucketOwnershipControlsCommand, GetPublicAccessBlockCommand, GetBucketPolicyStatusCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as CtlGet } from '@aws-sdk/client-s3-control';
const scenario = buildScenario({ seed: 'x', size: 'demo' });
const sb = await startSandbox({ scenario, day: 40 });
try {
  console.log(await stsClient(sb).send(new GetCallerIdentityCommand({})));
  let n = 0, pages = 0;
  for await (const p of paginateGetAccountAuthorizationDetails({ client: iamClient(sb), pageSize: 25 }, {})) { pages++; n += (p.UserDetailList?.length ?? 0) + (p.GroupDetailList?.length ?? 0) + (p.RoleDetailList?.length ?? 0) + (p.Policies?.length ?? 0); if (pages === 1) console.log(JSON.stringify(p.UserDetailList?.[0]), JSON.stringify(p.Policies?.[0])?.slice(0, 300)); }
  console.log('gaad', pages, n);
  const iam = iamClient(sb);
  console.log(await iam.send(new GenerateCredentialReportCommand({})));
  try { await iam.send(new GetCredentialReportCommand({})); } catch (e) { console.log('err', (e as Error).name); }
  const r = await iam.send(new GetCredentialReportCommand({}));
  console.log(Buffer.from(r.Content!).toString().split('\n').slice(0, 3).join('\n'), r.GeneratedTime);
  console.log((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap);
  console.log((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy);
  console.log((await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 2 }))).VirtualMFADevices?.[0]);
  console.log((await iam.send(new ListServerCertificatesCommand({}))));
  const s3 = s3Client(sb);
  const lb = await s3.send(new ListBucketsCommand({ MaxBuckets: 3 }));
  console.log(lb.Buckets, lb.ContinuationToken, lb.Owner);
  const b = 'stark-9575-reports-0001';
  for (const C of [GetBucketAclCommand, GetBucketPolicyCommand, GetBucketNotificationConfigurationCommand, GetBucketLocationCommand, GetObjectLockConfigurationCommand, GetBucketReplicationCommand, GetBucketLifecycleConfigurationCommand, GetBucketEncryptionCommand, GetBucketVersioningCommand, GetBucketLoggingCommand, GetBucketOwnershipControlsCommand, GetPublicAccessBlockCommand, GetBucketPolicyStatusCommand, HeadBucketCommand] as any[]) {
    try { const o = await s3.send(new C({ Bucket: b })); delete o.$metadata; console.log(C.name, JSON.stringify(o).slice(0, 300)); } catch (e) { console.log(C.name, 'ERR', (e as Error).name, (e as Error).message); }
  }
  try { console.log(await s3ControlClient(sb).send(new CtlGet({ AccountId: scenario.accountId }))); } catch (e) { console.log('ctl', (e as Error).name, (e as Error).message); }
  const eu = lb.Buckets!.find(x=>x.BucketRegion!=='us-east-1');
  const euName = scenario.stateOn(40).resources.find((r: any) => r.type === 'aws.s3.bucket' && r.region !== 'us-east-1') as any;
  try { await s3.send(new GetBucketAclCommand({ Bucket: euName.name })); } catch (e: any) { console.log('redirect', e.name, e.$metadata.httpStatusCode, e.$response?.headers?.['x-amz-bucket-region']); }
  const s3f = s3Client(sb, { followRegionRedirects: true });
  console.log('follow', (await s3f.send(new GetBucketAclCommand({ Bucket: euName.name }))).Grants?.length);
  void eu;
  console.log(sb.requestLog.slice(-5));
} finally { await sb.close(); }
