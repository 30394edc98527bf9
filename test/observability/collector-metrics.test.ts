/**
 * The scheduler's metrics: the exposition parses under a strict reader of the text format, the
 * required families are there with their types and labels, outcomes move the right series, and
 * the registry is binder's own (not prom-client's global one).
 */
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { SourceOutcome } from '../../collectors/collect-run.ts';
import { createCollectorMetrics, DURATION_BUCKETS_SECONDS } from '../../observability/collector-metrics.ts';
import { parsePrometheusText, type MetricFamily } from './prometheus-text.ts';

const outcome = (o: Partial<SourceOutcome> & Pick<SourceOutcome, 'source' | 'status'>): SourceOutcome => ({
  runId: 'r',
  slot: '2026-03-01T02:00:00.000Z',
  offSchedule: false,
  offScheduleReason: null,
  snapshotId: null,
  snapshotSha256: null,
  resourceCount: null,
  capturedAt: null,
  filledBy: null,
  apiCalls: {},
  reason: null,
  durationMs: 0,
  ...o,
});

const value = (
  family: MetricFamily | undefined,
  name: string,
  labels: Record<string, string>,
): number | undefined =>
  family?.samples.find(
    (s) =>
      s.name === name &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
      Object.keys(s.labels).length === Object.keys(labels).length,
  )?.value;

describe('collector metrics', () => {
  it('exposes the required families with their types and labels, in valid exposition text', async () => {
    const metrics = createCollectorMetrics({ sources: ['prod'] });
    metrics.recordOutcome(
      outcome({
        source: 'prod',
        status: 'success',
        durationMs: 42_000,
        apiCalls: { iam: 7, s3: 30, sts: 1 },
        capturedAt: '2026-03-01T02:00:42.000Z',
      }),
    );
    metrics.setMissedSlots('prod', 2);
    metrics.setNextSlot('prod', new Date('2026-03-02T02:00:00.000Z'));
    const { contentType, body } = await metrics.render();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(body);
    const required: Array<[string, string, string[]]> = [
      ['binder_last_success_timestamp_seconds', 'gauge', ['source']],
      ['binder_next_slot_timestamp_seconds', 'gauge', ['source']],
      ['binder_collection_runs_total', 'counter', ['outcome', 'source']],
      ['binder_missed_slots', 'gauge', ['source']],
      ['binder_api_calls_total', 'counter', ['service', 'source']],
      ['binder_collection_duration_seconds', 'histogram', ['le', 'source']],
    ];
    for (const [name, type, labels] of required) {
      const family = families.get(name);
      expect(family, name).toMatchObject({ type, help: expect.stringMatching(/\S/) });
      expect(family?.samples.length, name).toBeGreaterThan(0);
      for (const s of family?.samples ?? []) {
        const expected =
          s.name.endsWith('_sum') || s.name.endsWith('_count') ? labels.filter((l) => l !== 'le') : labels;
        expect(Object.keys(s.labels).sort(), s.name).toEqual(expected);
      }
    }
    // prom-client's process metrics, on this registry.
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(families.has(name), name).toBe(true);
    expect(
      value(families.get('binder_last_success_timestamp_seconds'), 'binder_last_success_timestamp_seconds', {
        source: 'prod',
      }),
    ).toBe(Date.parse('2026-03-01T02:00:42.000Z') / 1000);
    expect(
      value(families.get('binder_next_slot_timestamp_seconds'), 'binder_next_slot_timestamp_seconds', {
        source: 'prod',
      }),
    ).toBe(Date.parse('2026-03-02T02:00:00.000Z') / 1000);
    expect(value(families.get('binder_missed_slots'), 'binder_missed_slots', { source: 'prod' })).toBe(2);
  });

  it('counts runs by outcome, API calls by service, and times collected runs only', async () => {
    const metrics = createCollectorMetrics({ sources: ['prod', 'staging'], processMetrics: false });
    metrics.recordOutcome(
      outcome({
        source: 'prod',
        status: 'success',
        durationMs: 3_000,
        apiCalls: { iam: 5, s3: 2 },
        capturedAt: '2026-03-01T02:00:03.000Z',
      }),
    );
    metrics.recordOutcome(
      outcome({ source: 'prod', status: 'failed', durationMs: 1_500_000, apiCalls: { iam: 1 } }),
    );
    metrics.recordOutcome(outcome({ source: 'prod', status: 'skipped', durationMs: 5, apiCalls: {} }));
    metrics.recordOutcome(
      outcome({
        source: 'staging',
        status: 'success',
        durationMs: 12_000,
        apiCalls: { sts: 1, s3: 0 },
        capturedAt: '2026-03-01T02:00:12.000Z',
      }),
    );
    const families = parsePrometheusText((await metrics.render()).body);
    const runs = families.get('binder_collection_runs_total');
    const count = (source: string, outcome: string) =>
      value(runs, 'binder_collection_runs_total', { source, outcome });
    expect([count('prod', 'success'), count('prod', 'failed'), count('prod', 'skipped')]).toEqual([1, 1, 1]);
    expect([count('staging', 'success'), count('staging', 'failed'), count('staging', 'skipped')]).toEqual([
      1, 0, 0,
    ]);
    const calls = families.get('binder_api_calls_total');
    expect(calls?.samples.map((s) => [s.labels.source, s.labels.service, s.value])).toEqual([
      ['prod', 'iam', 6],
      ['prod', 's3', 2],
      ['staging', 'sts', 1],
    ]);
    const duration = families.get('binder_collection_duration_seconds');
    const bucket = (source: string, le: string) =>
      value(duration, 'binder_collection_duration_seconds_bucket', { source, le });
    expect(
      duration?.samples
        .filter((s) => s.name.endsWith('_bucket') && s.labels.source === 'prod')
        .map((s) => s.labels.le),
    ).toEqual([...DURATION_BUCKETS_SECONDS.map(String), '+Inf']);
    expect([
      bucket('prod', '1'),
      bucket('prod', '5'),
      bucket('prod', '1200'),
      bucket('prod', '1800'),
      bucket('prod', '+Inf'),
    ]).toEqual([0, 1, 1, 2, 2]);
    expect(value(duration, 'binder_collection_duration_seconds_sum', { source: 'prod' })).toBe(1503);
    expect(value(duration, 'binder_collection_duration_seconds_count', { source: 'prod' })).toBe(2);
    expect(
      value(families.get('binder_last_success_timestamp_seconds'), 'binder_last_success_timestamp_seconds', {
        source: 'staging',
      }),
    ).toBe(Date.parse('2026-03-01T02:00:12.000Z') / 1000);
    expect(families.has('process_cpu_user_seconds_total')).toBe(false);
  });

  it('escapes label values the reader gets back exactly', async () => {
    const metrics = createCollectorMetrics({ processMetrics: false });
    const odd = 'we"ird\\source\nname';
    metrics.setMissedSlots(odd, 3);
    const { body } = await metrics.render();
    expect(body).toContain('binder_missed_slots{source="we\\"ird\\\\source\\nname"} 3\n');
    expect(
      value(parsePrometheusText(body).get('binder_missed_slots'), 'binder_missed_slots', { source: odd }),
    ).toBe(3);
  });

  it('keeps its own registry: two instances side by side, nothing on the global one', async () => {
    const a = createCollectorMetrics();
    const b = createCollectorMetrics();
    a.setMissedSlots('prod', 1);
    expect((await b.render()).body).not.toContain('binder_missed_slots{');
    expect(await globalRegistry.metrics()).not.toContain('binder_');
  });

  it('refuses values that are not metrics', () => {
    const metrics = createCollectorMetrics({ processMetrics: false });
    expect(() => metrics.setMissedSlots('prod', -1)).toThrow(/whole number >= 0/);
    expect(() => metrics.setNextSlot('prod', new Date('nope'))).toThrow(/valid Date/);
  });
});

describe('the exposition reader is strict', () => {
  const ok = '# HELP m A metric.\n# TYPE m gauge\nm{a="x"} 1\n';
  it('accepts valid text', () => {
    expect(parsePrometheusText(ok).get('m')).toMatchObject({
      type: 'gauge',
      help: 'A metric.',
      samples: [{ labels: { a: 'x' }, value: 1 }],
    });
    expect(
      parsePrometheusText('# TYPE m counter\nm 1.5e3 1700000000000\nm{a="\\"\\\\\\n",} +Inf\n')
        .get('m')
        ?.samples.map((s) => [s.labels, s.value, s.timestamp]),
    ).toEqual([
      [{}, 1500, 1700000000000],
      [{ a: '"\\\n' }, Infinity, null],
    ]);
  });
  it.each([
    ['no final line feed', '# TYPE m gauge\nm 1'],
    ['a sample of no declared family', 'm 1\n'],
    ['an unknown type', '# TYPE m meter\nm 1\n'],
    ['a TYPE after samples', '# TYPE m gauge\nm 1\n# TYPE m gauge\n'],
    ['a split family', '# TYPE m gauge\n# TYPE n gauge\nm 1\nn 1\nm{a="b"} 2\n'],
    ['a bad escape', '# TYPE m gauge\nm{a="\\t"} 1\n'],
    ['an unclosed label value', '# TYPE m gauge\nm{a="x} 1\n'],
    ['a bad label name', '# TYPE m gauge\nm{0a="x"} 1\n'],
    ['a repeated label', '# TYPE m gauge\nm{a="x",a="y"} 1\n'],
    ['a repeated series', '# TYPE m gauge\nm{a="x"} 1\nm{a="x"} 2\n'],
    ['a value that is no float', '# TYPE m gauge\nm one\n'],
    ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    [
      'a histogram not cumulative',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    ],
    ['a +Inf bucket that is not _count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n'],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
