/**
 * KMS: in every configured region, every key ListKeys returns with its metadata, and for
 * customer-managed keys the key policy and (for symmetric encryption keys of origin AWS_KMS not
 * pending deletion, the only ones AWS rotates) the rotation status. AWS-managed keys are kept as
 * population with their metadata only. Per snapshot: per region 1+ ListKeys pages, then
 * 1 DescribeKey per key, 1 GetKeyPolicy per customer key and 1 GetKeyRotationStatus per rotatable key.
 */
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import { regionResourceId, type KmsKey, type KmsRegion, type PolicyDocument } from '../../model/resources.ts';
import { limitConcurrency, type Limiter } from '../limit-concurrency.ts';
import { incomplete, probeRegion, readOperation, sorted, toIsoUtc } from './regional-read.ts';
import type { AwsCollectContext, AwsServiceCollector } from './service-collector.ts';

const PAGE_SIZE = 1000;
const UNROTATABLE_STATES = new Set(['PendingDeletion', 'PendingReplicaDeletion', 'PendingImport', 'Unavailable', 'Creating']);

const client = (ctx: AwsCollectContext, region: string) =>
  ctx.clients.regional('KMS', region, (config) => new KMSClient(config));

export const kmsService: AwsServiceCollector = {
  name: 'kms',
  resourceTypes: ['aws.kms.key', 'aws.kms.region'],
  operations: {
    'kms:ListKeys': 'kms:ListKeys',
    'kms:DescribeKey': 'kms:DescribeKey',
    'kms:GetKeyPolicy': 'kms:GetKeyPolicy',
    'kms:GetKeyRotationStatus': 'kms:GetKeyRotationStatus',
  },
  async collect(ctx) {
    const limit = limitConcurrency(ctx.concurrency);
    const perRegion = await Promise.all(ctx.regions.map((region) => readRegion(ctx, region, limit)));
    return { resources: perRegion.flat() };
  },
};

async function readRegion(ctx: AwsCollectContext, region: string, limit: Limiter): Promise<(KmsKey | KmsRegion)[]> {
  const probed = await probeRegion(() =>
    readOperation(ctx, 'kms', region, 'ListKeys', { Limit: PAGE_SIZE }, async (handle) => {
      const keys: string[] = [];
      for await (const page of paginateListKeys({ client: client(ctx, region), pageSize: PAGE_SIZE }, { Limit: PAGE_SIZE })) {
        for (const k of page.Keys ?? []) {
          if (!k.KeyArn) throw incomplete('kms', 'ListKeys', region, 'a key without KeyArn');
          keys.push(k.KeyArn);
        }
        handle.pageFinal(!page.Truncated);
      }
      return keys;
    }, { paginated: true, probe: true }),
  );
  const keyArns = sorted(new Set(probed.value ?? []));
  const keys = await Promise.all(keyArns.map((arn) => limit(() => readKey(ctx, region, arn))));
  const summary: KmsRegion = {
    type: 'aws.kms.region',
    id: regionResourceId(ctx.partition, 'kms', region, ctx.accountId),
    region,
    accountId: ctx.accountId,
    refused: probed.refused,
    keyArns,
  };
  return [summary, ...keys];
}

async function readKey(ctx: AwsCollectContext, region: string, arn: string): Promise<KmsKey> {
  const kms = client(ctx, region);
  const meta = await readOperation(ctx, 'kms', region, 'DescribeKey', { KeyId: arn }, async () => {
    const m = (await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata;
    if (!m?.KeyId || !m.KeyManager || !m.KeyState || !m.CreationDate)
      throw incomplete('kms', 'DescribeKey', region, `key ${arn}: no KeyId, KeyManager, KeyState or CreationDate`);
    return m;
  });
  const customer = meta.KeyManager === 'CUSTOMER';
  const keySpec = meta.KeySpec ?? meta.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const keyUsage = meta.KeyUsage ?? 'ENCRYPT_DECRYPT';
  const origin = meta.Origin ?? 'AWS_KMS';
  const rotatable =
    customer && keySpec === 'SYMMETRIC_DEFAULT' && keyUsage === 'ENCRYPT_DECRYPT' && origin === 'AWS_KMS' && !UNROTATABLE_STATES.has(meta.KeyState as string);
  const [policy, rotation] = await Promise.all([
    customer
      ? readOperation(ctx, 'kms', region, 'GetKeyPolicy', { KeyId: arn, PolicyName: 'default' }, async () => {
          const text = (await kms.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }))).Policy;
          if (!text) throw incomplete('kms', 'GetKeyPolicy', region, `key ${arn}: no Policy`);
          return parsePolicy(region, arn, text);
        })
      : null,
    rotatable
      ? readOperation(ctx, 'kms', region, 'GetKeyRotationStatus', { KeyId: arn }, () =>
          kms.send(new GetKeyRotationStatusCommand({ KeyId: arn })),
        )
      : null,
  ]);
  return {
    type: 'aws.kms.key',
    id: arn,
    keyId: meta.KeyId as string,
    region,
    description: meta.Description ?? '',
    keyManager: customer ? 'CUSTOMER' : 'AWS',
    keySpec,
    keyUsage,
    keyState: meta.KeyState as string,
    origin,
    multiRegion: meta.MultiRegion ?? false,
    creationDate: toIsoUtc(meta.CreationDate) as string,
    deletionDate: toIsoUtc(meta.DeletionDate),
    rotationEnabled: rotation ? (rotation.KeyRotationEnabled ?? false) : null,
    rotationPeriodDays: rotation?.RotationPeriodInDays ?? null,
    policy,
  };
}

function parsePolicy(region: string, arn: string, text: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw incomplete('kms', 'GetKeyPolicy', region, `key ${arn}: the policy is not JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw incomplete('kms', 'GetKeyPolicy', region, `key ${arn}: the policy is not a JSON object`);
  return parsed as PolicyDocument;
}
