/**
 * Real AWS SDK v3 clients pointed at a sandbox, for the sandbox tests. S3 Control puts the account
 * id into the host name ({account}.localhost), so its client gets a small middleware that points
 * the request back at the sandbox's real host before signing (the collectors ship their own).
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { BuildHandler, BuildHandlerArguments, MetadataBearer } from '@smithy/types';
import { STSClient } from '@aws-sdk/client-sts';
import { SANDBOX_CREDENTIALS } from '../../sandbox/server.ts';
import type { SandboxHandle } from '../../sandbox/server.ts';

export interface ClientOptions {
  region?: string;
  maxAttempts?: number;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

function base(sandbox: SandboxHandle, o: ClientOptions) {
  return {
    endpoint: sandbox.endpoint,
    region: o.region ?? 'us-east-1',
    credentials: o.credentials ?? SANDBOX_CREDENTIALS,
    maxAttempts: o.maxAttempts ?? 3,
  };
}

export const iamClient = (s: SandboxHandle, o: ClientOptions = {}): IAMClient => new IAMClient(base(s, o));
export const stsClient = (s: SandboxHandle, o: ClientOptions = {}): STSClient => new STSClient(base(s, o));
export const s3Client = (s: SandboxHandle, o: ClientOptions & { followRegionRedirects?: boolean } = {}): S3Client =>
  new S3Client({ ...base(s, o), forcePathStyle: true, followRegionRedirects: o.followRegionRedirects ?? false });

export function s3ControlClient(s: SandboxHandle, o: ClientOptions = {}): S3ControlClient {
  const client = new S3ControlClient({ ...base(s, o), endpoint: `http://localhost:${s.port}` });
  client.middlewareStack.addRelativeTo(
    (next: BuildHandler<object, MetadataBearer>) => async (args: BuildHandlerArguments<object>) => {
      const request = args.request as { hostname?: string; headers?: Record<string, string> };
      if (request && typeof request === 'object' && request.hostname && request.headers) {
        request.hostname = '127.0.0.1';
        request.headers['host'] = `127.0.0.1:${s.port}`;
      }
      return next(args);
    },
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'sandboxHostRewrite', override: true },
  );
  return client;
}
