/**
 * The status endpoint over real HTTP on 127.0.0.1: /healthz answers 200 or 503 with JSON,
 * /metrics answers valid Prometheus text with its content type, HEAD carries the headers only,
 * anything else is 404 (405 for another method on those paths), slow answers and silent clients
 * are bounded, and --listen is validated with a message naming it.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollectorMetrics } from '../../observability/collector-metrics.ts';
import {
  ListenAddressError,
  parseListenAddress,
  startStatusServer,
  type HealthReport,
  type StatusServer,
} from '../../observability/status-server.ts';
import { parsePrometheusText } from './prometheus-text.ts';

let servers: StatusServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(health: () => HealthReport | Promise<HealthReport>, timeouts = {}) {
  const metrics = createCollectorMetrics({ sources: ['prod'] });
  const server = await startStatusServer({ listen: '127.0.0.1:0', metrics, health, timeouts });
  servers.push(server);
  return { server, metrics };
}

describe('status server', () => {
  it('answers /healthz with the report: 200 while ok, 503 when not', async () => {
    let report: HealthReport = { ok: true, sources: { prod: { lastSuccess: '2026-03-01T02:00:42.000Z' } } };
    const { server } = await start(() => report);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.address.port).toBeGreaterThan(0);
    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(healthy.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await healthy.json()).toEqual(report);
    report = { ok: false, failing: ['prod'] };
    const sick = await fetch(`${server.url}/healthz`);
    expect(sick.status).toBe(503);
    expect(await sick.json()).toEqual({ ok: false, failing: ['prod'] });
  });

  it('answers 503 when the health report throws or takes too long', async () => {
    let mode: 'throw' | 'hang' = 'throw';
    const { server } = await start(
      () => {
        if (mode === 'throw') throw new Error('store unreadable');
        return new Promise<HealthReport>(() => {});
      },
      { answerMs: 200 },
    );
    const thrown = await fetch(`${server.url}/healthz`);
    expect(thrown.status).toBe(503);
    expect(await thrown.json()).toEqual({ ok: false, error: 'the health report failed: store unreadable' });
    mode = 'hang';
    const t0 = performance.now();
    const hung = await fetch(`${server.url}/healthz`);
    expect(hung.status).toBe(503);
    expect(await hung.json()).toEqual({
      ok: false,
      error: 'the health report failed: no answer within 200 ms',
    });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('serves /metrics as Prometheus text with its content type', async () => {
    const { server, metrics } = await start(() => ({ ok: true }));
    metrics.recordOutcome({
      source: 'prod',
      status: 'failed',
      apiCalls: { iam: 2 },
      durationMs: 900,
      capturedAt: null,
    });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(await res.text());
    expect(
      families.get('binder_collection_runs_total')?.samples.find((s) => s.labels.outcome === 'failed')?.value,
    ).toBe(1);
    expect(families.get('binder_collection_duration_seconds')?.type).toBe('histogram');
    expect(families.has('process_resident_memory_bytes')).toBe(true);
  });

  it('answers HEAD with the headers only, other methods 405 and other paths 404', async () => {
    const { server } = await start(() => ({ ok: false }));
    for (const [path, status] of [
      ['/metrics', 200],
      ['/healthz', 503],
      ['/elsewhere', 404],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, { method: 'HEAD' });
      expect(res.status, path).toBe(status);
      expect(Number(res.headers.get('content-length')), path).toBeGreaterThan(0);
      expect(await res.text(), path).toBe('');
    }
    const post = await fetch(`${server.url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics/extra`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz?verbose=1`)).status).toBe(503);
  });

  it('closes a socket that sends no request, and one that never finishes its headers', async () => {
    const { server } = await start(() => ({ ok: true }), { idleMs: 300, headersMs: 400, requestMs: 600 });
    const closedAfter = (send: (write: (s: string) => void) => void) =>
      new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        const socket = connect(server.address.port, '127.0.0.1', () => send((s) => socket.write(s)));
        socket.on('error', () => {});
        socket.on('close', () => resolve(performance.now() - t0));
        setTimeout(() => reject(new Error('the socket was never closed')), 5000).unref();
      });
    expect(await closedAfter(() => {})).toBeLessThan(2000);
    // A slow client trickling header bytes is never idle, so only the headers deadline stops it.
    let trickle: NodeJS.Timeout | undefined;
    const slow = await closedAfter((write) => {
      write('GET /metrics HTTP/1.1\r\nHost: x\r\n');
      trickle = setInterval(() => write('X-Slow: 1\r\n'), 100);
    });
    clearInterval(trickle);
    expect(slow).toBeGreaterThanOrEqual(350);
    expect(slow).toBeLessThan(3000);
  });

  it('parses --listen, naming the option and what is expected', () => {
    expect(parseListenAddress('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListenAddress('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(parseListenAddress('localhost:9464')).toEqual({ host: 'localhost', port: 9464 });
    expect(parseListenAddress('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    for (const bad of [
      '9464',
      ':9464',
      '127.0.0.1:',
      '127.0.0.1:65536',
      '127.0.0.1:-1',
      '127.0.0.1:94x',
      '::1:9464',
      '[127.0.0.1]:80',
      '999.1.1.1:80',
      'bad_host:80',
      'a b:80',
    ]) {
      expect(() => parseListenAddress(bad), bad).toThrow(ListenAddressError);
      expect(() => parseListenAddress(bad), bad).toThrow(
        new RegExp(
          `^--listen "${bad.replace(/[[\]().]/g, '\\$&')}": .*expected host:port such as 127\\.0\\.0\\.1:9464`,
        ),
      );
    }
    expect(() => parseListenAddress('127.0.0.1:70000')).toThrow(
      /port "70000" is not a number from 0 to 65535/,
    );
  });

  it('refuses to start on an address in use, with the error of the bind', async () => {
    const { server } = await start(() => ({ ok: true }));
    await expect(
      startStatusServer({
        listen: `127.0.0.1:${server.address.port}`,
        metrics: createCollectorMetrics({ processMetrics: false }),
        health: () => ({ ok: true }),
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
