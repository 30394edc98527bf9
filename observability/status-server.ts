/**
 * The scheduler's status endpoint on node:http: `GET /healthz` (200 with the health report as
 * JSON while ok, 503 when not, or when the report cannot be made in time) and `GET /metrics`
 * (Prometheus text exposition); HEAD answers the same headers without a body, other methods on
 * those paths 405, any other path 404. Every socket is bounded: a client must send its headers
 * and request within seconds, an idle keep-alive connection is closed, and a health or metrics
 * answer that takes too long is a 503, so a stuck scraper or a slow check cannot pile up sockets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { redactFields } from '../model/redact-secrets.ts';
import type { CollectorMetrics } from './collector-metrics.ts';

export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

export interface ListenAddress {
  host: string;
  /** 0: any free port (tests). */
  port: number;
}

export class ListenAddressError extends Error {
  constructor(
    readonly text: string,
    detail: string,
  ) {
    super(
      `--listen "${text}": ${detail}; expected host:port such as 127.0.0.1:9464 (a host name or IPv4 address, [IPv6] in brackets, port 0 to 65535)`,
    );
    this.name = 'ListenAddressError';
  }
}

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Parses `--listen`: host:port, [v6]:port. */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:]*)$/.exec(text.trim());
  if (!m)
    throw new ListenAddressError(text, text.includes(':') ? 'an IPv6 address goes in brackets' : 'no port');
  const v6 = m[1];
  const host = v6 ?? (m[2] as string);
  const portText = m[3] as string;
  if (host === '') throw new ListenAddressError(text, 'no host (0.0.0.0 listens on every interface)');
  if (
    v6 !== undefined ? isIP(v6) !== 6 : isIP(host) !== 4 && (/^[\d.]+$/.test(host) || !HOST_NAME.test(host))
  ) {
    throw new ListenAddressError(
      text,
      `"${host}" is not a ${v6 !== undefined ? 'IPv6 address' : 'host name or IPv4 address'}`,
    );
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535)
    throw new ListenAddressError(text, `port "${portText}" is not a number from 0 to 65535`);
  return { host, port: Number(portText) };
}

export interface StatusServerOptions {
  /** `host:port` (as given to --listen) or a parsed address. */
  listen: string | ListenAddress;
  metrics: Pick<CollectorMetrics, 'render'>;
  health: () => HealthReport | Promise<HealthReport>;
  /** Bounds (tests shorten them); the defaults are DEFAULT_STATUS_TIMEOUTS. */
  timeouts?: Partial<StatusServerTimeouts>;
}

export interface StatusServerTimeouts {
  /** To receive a whole request. */
  requestMs: number;
  /** To receive a request's headers. */
  headersMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** A socket silent this long is destroyed, whatever it is doing. */
  idleMs: number;
  /** A health report or the metrics taking longer is answered 503. */
  answerMs: number;
}

export const DEFAULT_STATUS_TIMEOUTS: StatusServerTimeouts = {
  requestMs: 10_000,
  headersMs: 5_000,
  keepAliveMs: 5_000,
  idleMs: 30_000,
  answerMs: 5_000,
};

export interface StatusServer {
  /** http://host:port (the real port when 0 was asked). */
  url: string;
  address: ListenAddress;
  close(): Promise<void>;
}

export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const listen = typeof options.listen === 'string' ? parseListenAddress(options.listen) : options.listen;
  const t = { ...DEFAULT_STATUS_TIMEOUTS, ...options.timeouts };
  const answerTimeoutMs = t.answerMs;

  const server = http.createServer(
    {
      requestTimeout: t.requestMs,
      headersTimeout: Math.min(t.headersMs, t.requestMs),
      keepAliveTimeout: t.keepAliveMs,
      // How often node checks the request and headers deadlines (its default is every 30 s).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(t.headersMs / 2))),
      maxHeaderSize: 8192,
    },
    (req, res) => {
      // Nothing is read from a body: discard it so the connection can be reused.
      req.resume();
      answer(req, res).catch((err: unknown) => {
        if (!res.headersSent)
          send(
            res,
            req.method === 'HEAD',
            500,
            'text/plain; charset=utf-8',
            `status server error: ${(err as Error).message}\n`,
          );
        else res.destroy();
      });
    },
  );
  server.setTimeout(t.idleMs, (socket) => socket.destroy());

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const head = req.method === 'HEAD';
    if (path !== '/healthz' && path !== '/metrics')
      return send(res, head, 404, 'text/plain; charset=utf-8', 'not found: try /healthz or /metrics\n');
    if (req.method !== 'GET' && !head) {
      res.setHeader('allow', 'GET, HEAD');
      return send(
        res,
        false,
        405,
        'text/plain; charset=utf-8',
        `method ${req.method ?? '?'} not allowed: GET or HEAD\n`,
      );
    }
    if (path === '/metrics') {
      const rendered = await within(answerTimeoutMs, () => options.metrics.render());
      if (!rendered.ok)
        return send(res, head, 503, 'text/plain; charset=utf-8', `metrics unavailable: ${rendered.error}\n`);
      return send(res, head, 200, rendered.value.contentType, rendered.value.body);
    }
    const report = await within(answerTimeoutMs, async () => options.health());
    const body: HealthReport = report.ok
      ? report.value
      : { ok: false, error: `the health report failed: ${report.error}` };
    return send(
      res,
      head,
      body.ok === true ? 200 : 503,
      'application/json; charset=utf-8',
      `${JSON.stringify(redactFields(body))}\n`,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const address = { host: listen.host, port: bound.port };
  const urlHost = isIP(listen.host) === 6 ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${urlHost}:${bound.port}`,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(
  res: http.ServerResponse,
  head: boolean,
  status: number,
  contentType: string,
  body: string,
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  res.end(head ? undefined : body);
}

type Within<T> = { ok: true; value: T } | { ok: false; error: string };

async function within<T>(ms: number, fn: () => Promise<T>): Promise<Within<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Within<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([fn().then((value): Within<T> => ({ ok: true, value })), timeout]);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
