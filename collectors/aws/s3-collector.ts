/**
 * Collects S3: ListBuckets (paginated; BucketRegion names each bucket's region), each bucket's
 * configuration read in its own region with bounded concurrency, and the account-level Block
 * Public Access from S3 Control. At most 11 calls per bucket, plus ListBuckets pages and S3 Control.
 */
import { GetBucketLocationCommand, paginateListBuckets } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type { S3AccountPublicAccessBlock, S3Bucket } from '../../model/resources.ts';
import type { ProgressFn } from '../../store/types.ts';
import { limitConcurrency } from '../limit-concurrency.ts';
import type { Log } from '../log.ts';
import { AwsCallError } from './aws-call-error.ts';
import { readBucketConfig } from './bucket-config-reader.ts';
import type { AwsClients } from './clients.ts';
import { toIsoUtc } from './iso-time.ts';
import type { ProvenanceRecorder } from './provenance-recorder.ts';
import { retryOperation, type OperationRetryPolicy } from './retry-operation.ts';

export const LIST_BUCKETS_PAGE_SIZE = 1000;

export interface S3CollectorContext {
  clients: AwsClients;
  recorder: ProvenanceRecorder;
  accountId: string;
  partition: string;
  concurrency: number;
  log: Log;
  retry: OperationRetryPolicy;
  /** Aborts the collection's calls and retry waits (its deadline, or another operation's failure). */
  signal: AbortSignal;
  progress?: ProgressFn;
}

export interface ListedBucket {
  name: string;
  region: string | null;
  creationDate: string;
}

export async function collectS3(ctx: S3CollectorContext): Promise<(S3Bucket | S3AccountPublicAccessBlock)[]> {
  const [buckets, accountBlock] = await Promise.all([readBuckets(ctx), readAccountPublicAccessBlock(ctx)]);
  ctx.log.info('s3 collected', { buckets: buckets.length, regions: ctx.clients.s3Regions() });
  return [...buckets, accountBlock];
}

export function listBuckets(ctx: S3CollectorContext): Promise<ListedBucket[]> {
  const region = ctx.clients.homeRegion;
  return retryOperation(
    's3:ListBuckets',
    () =>
      ctx.recorder.run(
        {
          service: 's3',
          operation: 'ListBuckets',
          region,
          params: { MaxBuckets: LIST_BUCKETS_PAGE_SIZE },
          paginated: true,
        },
        async (handle) => {
          const listed: ListedBucket[] = [];
          for await (const page of paginateListBuckets(
            { client: ctx.clients.s3(region), pageSize: LIST_BUCKETS_PAGE_SIZE },
            { MaxBuckets: LIST_BUCKETS_PAGE_SIZE },
          )) {
            for (const b of page.Buckets ?? []) {
              const creationDate = toIsoUtc(b.CreationDate);
              if (!b.Name || !creationDate)
                throw new AwsCallError(
                  's3',
                  'ListBuckets',
                  region,
                  'UnexpectedResponse',
                  null,
                  'a bucket without Name or CreationDate',
                );
              listed.push({ name: b.Name, region: b.BucketRegion ?? null, creationDate });
            }
            handle.pageFinal(!page.ContinuationToken);
          }
          return listed;
        },
      ),
    ctx.retry,
    ctx.log,
    ctx.signal,
  );
}

/** Only when ListBuckets did not say (older S3-compatible servers): GetBucketLocation. */
async function locateBucket(ctx: S3CollectorContext, name: string): Promise<string> {
  const region = ctx.clients.homeRegion;
  const out = await ctx.recorder.run(
    { service: 's3', operation: 'GetBucketLocation', region, params: { Bucket: name } },
    () => ctx.clients.s3(region).send(new GetBucketLocationCommand({ Bucket: name })),
  );
  const c = out.LocationConstraint as string | undefined;
  return !c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c;
}

async function readBuckets(ctx: S3CollectorContext): Promise<S3Bucket[]> {
  const read = await readListedBuckets(ctx);
  return read.filter((b): b is S3Bucket => b !== null);
}

/** Each listed bucket's configuration; null for a bucket deleted between the list and its read. */
async function readListedBuckets(ctx: S3CollectorContext): Promise<(S3Bucket | null)[]> {
  const listed = await listBuckets(ctx);
  const bucketSlots = limitConcurrency(ctx.concurrency);
  const callSlots = limitConcurrency(ctx.concurrency);
  let done = 0;
  ctx.progress?.(0, listed.length, 'buckets');
  return Promise.all(
    listed.map((b) =>
      bucketSlots(async () => {
        const bucket = await retryOperation(
          `s3:bucket ${b.name}`,
          async () => {
            let region = b.region ?? (await locateBucket(ctx, b.name));
            const read = () =>
              readBucketConfig(
                {
                  client: ctx.clients.s3(region),
                  region,
                  recorder: ctx.recorder,
                  limit: callSlots,
                  partition: ctx.partition,
                },
                b.name,
                b.creationDate,
              );
            try {
              return await read();
            } catch (err) {
              // A redirect names the bucket's real region: read it there (once).
              if (
                err instanceof AwsCallError &&
                err.isWrongRegion &&
                err.bucketRegion &&
                err.bucketRegion !== region
              ) {
                ctx.log.warn('bucket answered from another region', {
                  bucket: b.name,
                  listedRegion: region,
                  bucketRegion: err.bucketRegion,
                });
                region = err.bucketRegion;
                return await read();
              }
              throw err;
            }
          },
          ctx.retry,
          ctx.log,
          ctx.signal,
        ).catch((err: unknown) => {
          // Deleted since ListBuckets: the snapshot shows it gone; provenance keeps the NoSuchBucket answer.
          if (err instanceof AwsCallError && err.code === 'NoSuchBucket') {
            ctx.log.warn('bucket vanished during collection', { bucket: b.name });
            return null;
          }
          throw err;
        });
        ctx.progress?.(++done, listed.length, 'buckets');
        return bucket;
      }),
    ),
  );
}

export function readAccountPublicAccessBlock(ctx: S3CollectorContext): Promise<S3AccountPublicAccessBlock> {
  const region = ctx.clients.homeRegion;
  return retryOperation(
    's3control:GetPublicAccessBlock',
    async () => {
      const config = await ctx.recorder.runOptional(
        {
          service: 's3control',
          operation: 'GetPublicAccessBlock',
          region,
          params: { AccountId: ctx.accountId },
          notConfigured: ['NoSuchPublicAccessBlockConfiguration'],
        },
        async () => {
          const c =
            (
              await ctx.clients
                .s3control()
                .send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.accountId }))
            ).PublicAccessBlockConfiguration ?? {};
          return {
            blockPublicAcls: c.BlockPublicAcls ?? false,
            ignorePublicAcls: c.IgnorePublicAcls ?? false,
            blockPublicPolicy: c.BlockPublicPolicy ?? false,
            restrictPublicBuckets: c.RestrictPublicBuckets ?? false,
          };
        },
      );
      return {
        type: 'aws.s3.account-public-access-block',
        id: `arn:${ctx.partition}:s3:::account/${ctx.accountId}`,
        accountId: ctx.accountId,
        config,
      };
    },
    ctx.retry,
    ctx.log,
    ctx.signal,
  );
}
