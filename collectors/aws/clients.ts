/**
 * The one place AWS SDK clients are built for a source, so every collector behaves the same:
 * region, custom endpoint (config, or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> which the SDK
 * reads natively), credentials (standard provider chain, a named profile, an assumed role, or an
 * explicit override for the sandbox), bounded time (connect and request timeouts that fail the
 * attempt, retries with bounded attempts, and the source's AbortSignal on every request and every
 * wait between attempts), and middleware that registers the credentials each request is signed
 * with as secrets (masked by value in whatever leaves the process) and reports each SDK call's
 * request id, attempts and retry delay to the provenance recorder.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  BuildMiddleware,
  InitializeMiddleware,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';
import type { AwsSourceConfig } from '../../config/schema.ts';
import { addCredentialRegistration } from '../../model/secret-registry.ts';
import { AbortableRequestHandler } from './abortable-request-handler.ts';
import { AbortableRetryStrategy } from './abortable-retry-strategy.ts';
import type { ProvenanceRecorder } from './provenance-recorder.ts';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ClientOptions {
  /** Explicit credentials (sandbox, demo, tests); otherwise the standard provider chain. */
  credentials?: StaticCredentials;
  recorder?: ProvenanceRecorder;
  /** Bounded attempts per SDK call, including the first. */
  maxAttempts?: number;
  /** Milliseconds to get a connection before the attempt fails (then retried). */
  connectTimeoutMs?: number;
  /** Milliseconds to wait for an answer, or of silence in its body, before the attempt fails (then retried). */
  requestTimeoutMs?: number;
  /** Aborts every request in flight and every wait between attempts: the source's deadline or first failure. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const ROLE_SESSION_NAME = 'binder-collector';

/** The SDK's service id in AWS_ENDPOINT_URL_<SERVICE> form (e.g. CLOUDTRAIL, CONFIG_SERVICE, EC2). */
type Service = 'IAM' | 'STS' | 'S3' | 'S3_CONTROL' | (string & {});

/** What every SDK client constructor accepts from AwsClients (region, endpoint, credentials, bounds). */
export type ClientConfig = ReturnType<AwsClients['clientConfig']>;

interface DestroyableClient {
  middlewareStack: MiddlewareStack<object, MetadataBearer>;
  destroy(): void;
}

/** The custom endpoint a service will use: the source's, else the SDK's environment variables. */
export function configuredEndpoint(
  source: Pick<AwsSourceConfig, 'endpoint'>,
  service: Service,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (source.endpoint) return source.endpoint;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return null;
  return env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL ?? null;
}

export class AwsClients {
  /** IAM is global; it and STS use the source's first region. */
  readonly homeRegion: string;
  private readonly s3ByRegion = new Map<string, S3Client>();
  /** Clients of the regional services (CloudTrail, Config, ...), by "<service>:<region>". */
  private readonly regionalClients = new Map<string, DestroyableClient>();
  private iamClient: IAMClient | undefined;
  private stsClient: STSClient | undefined;
  private s3ControlClient: S3ControlClient | undefined;
  /** The STS client that assumes the source's role (with the base credentials). */
  private readonly roleSts: STSClient | undefined;
  private readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly signal: AbortSignal;

  constructor(
    readonly source: AwsSourceConfig,
    private readonly options: ClientOptions = {},
  ) {
    this.homeRegion = source.regions[0] ?? 'us-east-1';
    this.env = options.env ?? process.env;
    this.signal = options.signal ?? new AbortController().signal;
    if (source.roleArn) {
      this.roleSts = new STSClient(this.baseConfig('STS'));
      addCredentialRegistration(this.roleSts.middlewareStack);
      this.credentials = assumeRoleProvider(source, this.roleSts);
    } else {
      this.credentials = options.credentials;
    }
  }

  /** Settings shared by every client; credentials come from the chain unless overridden. */
  private baseConfig(service: Service, region = this.homeRegion) {
    const endpoint = this.source.endpoint;
    const maxAttempts = this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    return {
      region,
      ...(endpoint ? { endpoint } : {}),
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      ...(this.source.profile && !this.options.credentials ? { profile: this.source.profile } : {}),
      maxAttempts,
      // Resolve each command's middleware stack once per client, not on every send: at 2,000
      // buckets (25,000 calls) re-sorting the stack per call was a large share of the CPU time.
      // All our middleware is added when the client is built, before its first send.
      cacheMiddleware: true,
      retryStrategy: new AbortableRetryStrategy(maxAttempts, this.signal),
      requestHandler: new AbortableRequestHandler(this.signal, {
        connectTimeoutMs: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        requestTimeoutMs: this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      }),
      ...(service === 'S3' && configuredEndpoint(this.source, 'S3', this.env)
        ? { forcePathStyle: true }
        : {}),
    };
  }

  private config(service: Service, region = this.homeRegion) {
    const base = this.baseConfig(service, region);
    return this.credentials ? { ...base, credentials: this.credentials } : base;
  }

  sts(): STSClient {
    this.stsClient ??= this.instrument(new STSClient(this.config('STS')));
    return this.stsClient;
  }

  iam(): IAMClient {
    this.iamClient ??= this.instrument(new IAMClient(this.config('IAM')));
    return this.iamClient;
  }

  /** An S3 client for one region: each bucket is read in its own region. */
  s3(region: string): S3Client {
    let client = this.s3ByRegion.get(region);
    if (!client) {
      client = this.instrument(new S3Client(this.config('S3', region)));
      this.s3ByRegion.set(region, client);
    }
    return client;
  }

  s3control(): S3ControlClient {
    if (!this.s3ControlClient) {
      const endpoint = configuredEndpoint(this.source, 'S3_CONTROL', this.env);
      const cfg = this.config('S3_CONTROL');
      // S3 Control prefixes the host with "{accountId}."; an IP address endpoint would become an
      // invalid URL, so the client is given a host name and the request is put back on the real host.
      const client = new S3ControlClient(endpoint ? { ...cfg, endpoint: hostNameEndpoint(endpoint) } : cfg);
      if (endpoint) addRealHostMiddleware(client.middlewareStack, new URL(endpoint).hostname);
      this.s3ControlClient = this.instrument(client);
    }
    return this.s3ControlClient;
  }

  /** The config a client of `service` in `region` is built with; see regional(). */
  clientConfig(service: Service, region: string) {
    return this.config(service, region);
  }

  /**
   * The client of a regional service in one region, built once with the source's endpoint,
   * credentials, timeouts and abort signal, and instrumented like every other client (secret
   * registration, provenance). `service` is the SDK's endpoint id (AWS_ENDPOINT_URL_<service>).
   */
  regional<C extends DestroyableClient>(service: Service, region: string, build: (config: ClientConfig) => C): C {
    const key = `${service}:${region}`;
    let client = this.regionalClients.get(key) as C | undefined;
    if (!client) {
      client = this.instrument(build(this.config(service, region)));
      this.regionalClients.set(key, client);
    }
    return client;
  }

  /** Regions of the S3 clients built so far (for provenance). */
  s3Regions(): string[] {
    return [...this.s3ByRegion.keys()].sort();
  }

  destroy(): void {
    for (const c of this.s3ByRegion.values()) c.destroy();
    for (const c of this.regionalClients.values()) c.destroy();
    this.iamClient?.destroy();
    this.stsClient?.destroy();
    this.s3ControlClient?.destroy();
    this.roleSts?.destroy();
  }

  private instrument<C extends { middlewareStack: MiddlewareStack<object, MetadataBearer> }>(client: C): C {
    addCredentialRegistration(client.middlewareStack);
    const recorder = this.options.recorder;
    if (recorder) addProvenanceMiddleware(client.middlewareStack, recorder);
    return client;
  }
}

/** Reports every SDK call (after the SDK's own retries) to the recorder. */
function addProvenanceMiddleware(
  stack: MiddlewareStack<object, MetadataBearer>,
  recorder: ProvenanceRecorder,
): void {
  const mw: InitializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
    try {
      const result = await next(args);
      recorder.onSdkCall(result.output.$metadata, true);
      return result;
    } catch (err) {
      recorder.onSdkCall((err as Partial<MetadataBearer>).$metadata, false);
      throw err;
    }
  };
  stack.add(mw, { step: 'initialize', priority: 'high', name: 'binderProvenanceMiddleware' });
}

function hostNameEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(url.hostname) || url.hostname.startsWith('[');
  if (isIp) url.hostname = 'localhost';
  return url.toString().replace(/\/$/, '');
}

/** Points a request whose host became "<accountId>.<host>" back at the configured endpoint host. */
function addRealHostMiddleware(stack: MiddlewareStack<object, MetadataBearer>, realHost: string): void {
  const mw: BuildMiddleware<object, MetadataBearer> = (next) => async (args) => {
    const req = args.request as { hostname?: string; port?: number; headers?: Record<string, string> };
    if (req.hostname !== undefined && req.hostname !== realHost) {
      req.hostname = realHost;
      if (req.headers?.host !== undefined) req.headers.host = req.port ? `${realHost}:${req.port}` : realHost;
    }
    return next(args);
  };
  stack.add(mw, { step: 'build', priority: 'low', name: 'binderRealHostMiddleware' });
}

/**
 * Credentials of the source's role, from STS AssumeRole with the base credentials (chain, profile
 * or override) through the given client, refreshed five minutes before they expire. Expiry is
 * AWS's wall-clock time, so this compares with the real time, not the collection's (possibly
 * simulated) clock.
 */
export function assumeRoleProvider(source: AwsSourceConfig, sts: STSClient): AwsCredentialIdentityProvider {
  let cached: AwsCredentialIdentity | undefined;
  let inflight: Promise<AwsCredentialIdentity> | undefined;
  const refresh = async (): Promise<AwsCredentialIdentity> => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: source.roleArn,
        RoleSessionName: ROLE_SESSION_NAME,
        ...(source.externalId ? { ExternalId: source.externalId } : {}),
        DurationSeconds: 3600,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`sts:AssumeRole of ${source.roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  };
  return async () => {
    const fresh = cached?.expiration ? cached.expiration.getTime() - Date.now() > 5 * 60_000 : false;
    if (cached && fresh) return cached;
    inflight ??= refresh().finally(() => (inflight = undefined));
    cached = await inflight;
    return cached;
  };
}
