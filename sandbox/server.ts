/**
 * startSandbox: one local HTTP port that answers IAM and STS (Query protocol), S3 (path-style REST
 * XML), S3 Control, and the regional services CloudTrail, AWS Config, KMS (JSON 1.1), GuardDuty
 * (REST-JSON) and EC2 (Query with EC2's XML) as AWS does, from a scenario's state of the served
 * day, plus the KMS ledger key and the SNS topic binder's ledger and alerts use. Every request must
 * carry a valid SigV4 signature from the sandbox credentials.
 *
 * Which service: KMS, CloudTrail and Config by their X-Amz-Target (TrentService., CloudTrail_20131101.,
 * StarlingDoveService.); GuardDuty by the service "guardduty" in the signature's credential scope;
 * S3 Control by its /v20180820/ path; a form-encoded POST to / is Query (IAM, STS, SNS or EC2, told
 * apart by the service in the credential scope); everything else is S3.
 * Which region: the credential scope's. A regional service (CloudTrail, Config, GuardDuty, KMS, EC2)
 * signed for a region outside the scenario's regions (its opt-in region, or any other) is refused
 * as AWS refuses a region not enabled for the account: 400 UnrecognizedClientException "The
 * security token included in the request is invalid." (EC2: 401 AuthFailure "AWS was not able to
 * validate the provided access credentials"), after authentication and before any fault.
 * Which day: options.day, else the clock (floor((now - start) / 1 day), clamped), until setDay().
 * Not modelled: clock skew (SDK requests carry the wall clock's date while the scenario lives in
 * its own year, so RequestTimeTooSkewed is never raised), presigned URLs, session tokens.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import type { Clock } from '../model/clock.ts';
import { buildDayView } from './day-view.ts';
import type { DayView } from './day-view.ts';
import { FaultController } from './faults.ts';
import type { FaultOptions } from './faults.ts';
import { DAY_MS } from './scenario-context.ts';
import type { Scenario } from './scenario.ts';
import { verifySigV4 } from './sigv4.ts';
import type { AuthProblem } from './sigv4.ts';
import { RequestIds, queryError, s3Error, serviceError } from './wire-format.ts';
import type { RequestIdSet, Service, WireResponse } from './wire-format.ts';
import { SandboxKms } from './wire-kms.ts';
import { SandboxSns, snsError } from './wire-sns.ts';
import { handleIam, handleSts } from './wire-iam.ts';
import type { CredentialReportState } from './wire-iam.ts';
import { handleS3, handleS3Control, routeS3, routeS3Control } from './wire-s3.ts';
import { cloudTrailOperation, handleCloudTrail } from './wire-cloudtrail.ts';
import { CONFIG_TARGET_PREFIX, handleConfig } from './wire-config.ts';
import { handleEc2 } from './wire-ec2.ts';
import { handleGuardDuty, routeGuardDuty } from './wire-guardduty.ts';
import { parseJsonBody } from './wire-json.ts';
import { regionRefusal, regionalAuthError, regionalError, regionalFault } from './wire-regional.ts';
import type { RegionalWireService } from './wire-regional.ts';

import { SANDBOX_CREDENTIALS, type SandboxCredentials } from './fake-credentials.ts';

export { SANDBOX_CREDENTIALS, type SandboxCredentials };

export interface SandboxOptions {
  scenario: Scenario;
  /** Serve the day the clock is in (ignored when `day` is given). */
  clock?: Clock;
  /** Serve this day (0-based) of the scenario. Default: from the clock, else 0. */
  day?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  credentials?: SandboxCredentials;
  faults?: FaultOptions;
  /** Keep at most this many request log entries (oldest dropped first). Default 200,000. */
  requestLogLimit?: number;
}

/** The services the sandbox serves: wire-format's, and SNS (whose protocol is all in wire-sns.ts). */
export type SandboxService = Service | 'sns';

export interface RequestLogEntry {
  service: SandboxService;
  operation: string;
  /** HTTP status; 0 when the connection was dropped. */
  status: number;
  errorCode: string | null;
  /** Sandbox time (the clock, or the served day's 02:00 UTC). */
  at: string;
  day: number;
  /** Server-side handling time (after the body arrived), latency included. */
  durationMs: number;
}

export interface SandboxHandle {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  /** The day now served. */
  day(): number;
  /** Serve a fixed day from now on (overrides the clock). */
  setDay(day: number): void;
  readonly requestLog: RequestLogEntry[];
  faults: FaultController;
  /** AWS KMS with one Ed25519 signing key (alias/binder-ledger), for a KMS-held ledger key. */
  kms: SandboxKms;
  /** Amazon SNS with the topic binder-alerts (`sns.topicArn`); what was published is in `sns.published`. */
  sns: SandboxSns;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

export async function startSandbox(options: SandboxOptions): Promise<SandboxHandle> {
  const { scenario } = options;
  const credentials = options.credentials ?? SANDBOX_CREDENTIALS;
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error(`startSandbox: host must be 127.0.0.1 (got ${String(host)})`);
  const clampDay = (d: number): number => Math.min(scenario.days - 1, Math.max(0, d));
  const checkDay = (d: number): number => {
    if (!Number.isInteger(d) || d < 0 || d >= scenario.days) throw new RangeError(`sandbox: day must be an integer in 0..${scenario.days - 1} (got ${d})`);
    return d;
  };
  let fixedDay: number | null = options.day !== undefined ? checkDay(options.day) : options.clock ? null : 0;
  const currentDay = (): number => (fixedDay !== null ? fixedDay : clampDay(Math.floor(((options.clock as Clock).now().getTime() - scenario.start.getTime()) / DAY_MS)));
  const nowMs = (day: number): number => (fixedDay === null && options.clock ? options.clock.now().getTime() : scenario.snapshotTime(day).getTime());

  const views = new Map<number, DayView>();
  const viewOf = (day: number): DayView => {
    let v = views.get(day);
    if (!v) {
      v = buildDayView(scenario, day);
      views.set(day, v);
      if (views.size > 3) views.delete(views.keys().next().value as number);
    }
    return v;
  };
  const report: { current: CredentialReportState | null } = { current: null };
  const ids = new RequestIds(`${scenario.seed}:${scenario.accountId}`);
  const faults = new FaultController(options.faults ?? {});
  const kms = new SandboxKms('us-east-1', scenario.accountId, scenario.ledgerKeyId);
  const sns = new SandboxSns('us-east-1', scenario.accountId);
  const requestLog: RequestLogEntry[] = [];
  const logLimit = options.requestLogLimit ?? 200_000;
  const log = (e: RequestLogEntry): void => {
    requestLog.push(e);
    if (requestLog.length > logLimit) requestLog.splice(0, requestLog.length - logLimit);
  };
  const secretFor = (id: string): string | undefined => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined);

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        const r = s3Error(500, 'InternalError', `sandbox error: ${(err as Error).message}`, ids.next());
        res.writeHead(r.status, r.headers).end(r.body);
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const method = req.method ?? 'GET';
    const requestIds = ids.next();
    const t0 = performance.now();
    const day = currentDay();
    const at = new Date(nowMs(day)).toISOString();

    // Which service and operation.
    let service: SandboxService;
    let operation: string;
    let form: URLSearchParams | null = null;
    const contentType = String(req.headers['content-type'] ?? '');
    const scopeService = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers['authorization'] ?? ''))?.[1];
    const target = String(req.headers['x-amz-target'] ?? '');
    if (method === 'POST' && target.startsWith('TrentService.')) {
      service = 'kms';
      operation = target.slice('TrentService.'.length);
    } else if (method === 'POST' && cloudTrailOperation(target) !== null) {
      service = 'cloudtrail';
      operation = cloudTrailOperation(target) as string;
    } else if (method === 'POST' && target.startsWith(CONFIG_TARGET_PREFIX)) {
      service = 'config';
      operation = target.slice(CONFIG_TARGET_PREFIX.length);
    } else if (scopeService === 'guardduty') {
      service = 'guardduty';
      operation = routeGuardDuty(method, path).operation;
    } else if (path.startsWith('/v20180820/')) {
      service = 's3control';
      operation = routeS3Control(method, path).operation;
    } else if (method === 'POST' && path === '/' && contentType.startsWith('application/x-www-form-urlencoded')) {
      form = new URLSearchParams(body.toString('utf8'));
      operation = form.get('Action') ?? 'MissingAction';
      service = scopeService === 'sts' || scopeService === 'iam' || scopeService === 'sns' || scopeService === 'ec2' ? scopeService : operation === 'GetCallerIdentity' ? 'sts' : 'iam';
    } else {
      service = 's3';
      operation = routeS3(method, path, new URLSearchParams(rawQuery)).operation;
    }
    const isHead = method === 'HEAD';

    const send = (r: WireResponse): void => {
      res.writeHead(r.status, { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) });
      res.end(isHead ? undefined : r.body);
      log({ service, operation, status: r.status, errorCode: r.errorCode, at, day, durationMs: performance.now() - t0 });
    };

    const auth = verifySigV4({ method, path, query: rawQuery, headers: req.headers, body }, secretFor);
    const latency = faults.latencyMs();
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (!auth.ok) return send(isRegional(service) ? regionalAuthError(service, auth.problem, requestIds) : authError(service, auth.problem, requestIds, isHead));
    // A regional service signed for a region the account has not enabled: refused as AWS refuses it.
    const signingRegion = auth.parsed.region;
    if (isRegional(service) && !scenario.regions.includes(signingRegion)) return send(regionRefusal(service, requestIds));

    // The fault controller keys on wire-format's Service; SNS faults are scripted by operation (Publish).
    const fault = faults.decide(service as Service, operation);
    if (fault.kind === 'drop') {
      req.socket.destroy();
      log({ service, operation, status: 0, errorCode: 'ConnectionDropped', at, day, durationMs: performance.now() - t0 });
      return;
    }
    if (service === 'sns') {
      return send(fault.kind === 'none' ? sns.handle(operation, form as URLSearchParams, requestIds, { signingRegion: auth.parsed.region, at }) : snsFault(fault.kind, fault.status, scenario.callerArn, requestIds));
    }
    if (isRegional(service) && fault.kind !== 'none') return send(regionalFault(service, fault.kind, fault.status, scenario.callerArn, operation, requestIds));
    if (fault.kind === 'throttle') {
      return send(
        service === 'iam' || service === 'sts'
          ? queryError(service, 400, 'Throttling', 'Rate exceeded', requestIds)
          : serviceError(service, 503, 'SlowDown', 'Please reduce your request rate.', requestIds, isHead),
      );
    }
    if (fault.kind === 'denied') {
      return send(
        service === 'iam' || service === 'sts'
          ? queryError(service, 403, 'AccessDenied', `User: ${scenario.callerArn} is not authorized to perform: ${service}:${operation}`, requestIds)
          : serviceError(service, 403, 'AccessDenied', 'Access Denied', requestIds, isHead),
      );
    }
    if (fault.kind === '5xx') {
      const status = fault.status ?? 500;
      const code = status === 503 ? 'ServiceUnavailable' : service === 'iam' || service === 'sts' ? 'InternalFailure' : 'InternalError';
      const message = status === 503 ? 'Service is unable to handle request.' : 'We encountered an internal error. Please try again.';
      return send(serviceError(service, status, code, message, requestIds, isHead));
    }

    const view = viewOf(day);
    if (service === 'kms') return send(kms.handle(operation, body, requestIds, { region: signingRegion, accountId: scenario.accountId, keys: view.regions.get(signingRegion)?.keys ?? [] }));
    if (service === 'cloudtrail' || service === 'config') {
      const input = parseJsonBody(body);
      if (!input) return send(regionalError(service, 400, 'SerializationException', 'the request body is not a JSON object', requestIds));
      if (service === 'cloudtrail') return send(handleCloudTrail(operation, { view, region: signingRegion, accountId: scenario.accountId, input, ids: requestIds }));
      return send(handleConfig(operation, { state: view.regions.get(signingRegion)?.config, input, ids: requestIds }));
    }
    if (service === 'guardduty') {
      return send(
        handleGuardDuty(routeGuardDuty(method, path), {
          state: view.regions.get(signingRegion)?.guardduty,
          region: signingRegion,
          accountId: scenario.accountId,
          findings: () => scenario.guardDutyFindings(signingRegion, day),
          query: new URLSearchParams(rawQuery),
          input: method === 'POST' ? parseJsonBody(body) : {},
          ids: requestIds,
        }),
      );
    }
    if (service === 'ec2') {
      const params = form as URLSearchParams;
      return send(handleEc2(params.get('Action') ?? 'MissingAction', { state: view.regions.get(signingRegion), region: signingRegion, regions: scenario.regions, params, ids: requestIds }));
    }
    if (service === 's3control') {
      const accountHeader = req.headers['x-amz-account-id'];
      return send(handleS3Control(routeS3Control(method, path), { scenario, view, ids: requestIds, accountHeader: Array.isArray(accountHeader) ? accountHeader[0] : accountHeader }));
    }
    if (service === 's3') {
      const query = new URLSearchParams(rawQuery);
      return send(handleS3(routeS3(method, path, query), { scenario, view, query, ids: requestIds, signingRegion: auth.parsed.region, method }));
    }
    const params = form as URLSearchParams;
    if (!params.get('Action')) return send(queryError(service as 'iam' | 'sts', 400, 'MissingAction', 'Missing Action', requestIds));
    const ctx = { scenario, view, params, ids: requestIds, nowMs: nowMs(day), report, viewOf };
    return send(service === 'sts' ? handleSts(operation, ctx) : handleIam(operation, ctx));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    day: currentDay,
    setDay(d: number) {
      fixedDay = checkDay(d);
    },
    requestLog,
    faults,
    kms,
    sns,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

const REGIONAL_SERVICES: readonly string[] = ['cloudtrail', 'config', 'guardduty', 'kms', 'ec2'];

/** The regional services: signed for a region, refused outside the account's regions. */
function isRegional(service: SandboxService): service is RegionalWireService {
  return REGIONAL_SERVICES.includes(service);
}

function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** SNS's answers to injected faults, in its own error shape and codes. */
function snsFault(kind: 'throttle' | '5xx' | 'denied', status: 500 | 503 | undefined, callerArn: string, ids: RequestIdSet): WireResponse {
  if (kind === 'throttle') return snsError(429, 'Throttled', 'Rate exceeded', ids);
  if (kind === 'denied') return snsError(403, 'AuthorizationError', `User: ${callerArn} is not authorized to perform: SNS:Publish`, ids);
  return status === 503 ? snsError(503, 'ServiceUnavailable', 'Service is unable to handle request.', ids) : snsError(500, 'InternalError', 'Internal Error', ids);
}

function authError(service: SandboxService, p: AuthProblem, ids: RequestIdSet, head: boolean): WireResponse {
  if (service === 'sns') {
    const { status, code, message } = queryAuthError(p);
    return snsError(status, code, message, ids);
  }
  const query = service === 'iam' || service === 'sts';
  switch (p.kind) {
    case 'missing':
      return query ? queryError(service, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token', ids) : serviceError(service, 403, 'AccessDenied', 'Access Denied', ids, head);
    case 'malformed':
      return query ? queryError(service, 400, 'IncompleteSignature', p.message, ids) : serviceError(service, 400, 'AuthorizationHeaderMalformed', p.message, ids, head);
    case 'unknown-key':
      return query
        ? queryError(service, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.', ids)
        : serviceError(service, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', ids, head);
    case 'payload-mismatch':
      // IAM/STS sign the body hash: a changed body is a signature mismatch there.
      return query ? queryError(service, 403, 'SignatureDoesNotMatch', p.message, ids) : serviceError(service, 400, 'XAmzContentSHA256Mismatch', p.message, ids, head);
    case 'signature-mismatch':
      return serviceError(service, 403, 'SignatureDoesNotMatch', p.message, ids, head);
  }
}

/** The Query protocol's answer to a request that fails authentication (SNS; IAM and STS above). */
function queryAuthError(p: AuthProblem): { status: number; code: string; message: string } {
  switch (p.kind) {
    case 'missing':
      return { status: 403, code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' };
    case 'malformed':
      return { status: 400, code: 'IncompleteSignature', message: p.message };
    case 'unknown-key':
      return { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' };
    case 'payload-mismatch':
    case 'signature-mismatch':
      return { status: 403, code: 'SignatureDoesNotMatch', message: p.message };
  }
}
