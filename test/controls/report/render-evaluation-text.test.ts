import { beforeAll, describe, expect, it } from 'vitest';
import type { PeriodEvaluation } from '../../../model/evaluation.ts';
import { evaluatePeriodWith } from '../../../controls/period/evaluate-period-with.ts';
import { renderEvaluationText } from '../../../controls/report/render-evaluation-text.ts';
import { bucket, collect, MemoryEvidenceStore, TEST_CHECKS, TEST_CONTROLS, TEST_CRITERIA, testConfig } from '../period/fakes.ts';
import { tenDayStore } from '../period/scenarios.ts';

let evaluation: PeriodEvaluation;
beforeAll(async () => {
  evaluation = await evaluatePeriodWith({
    store: await tenDayStore(),
    config: testConfig(),
    from: '2026-03-01',
    to: '2026-03-10',
    checks: TEST_CHECKS,
    criteria: TEST_CRITERIA,
    controls: TEST_CONTROLS,
  });
});

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\u001b\[\d+m/g, '');

function section(text: string, title: RegExp): string {
  const start = text.search(title);
  const rest = text.slice(start);
  const end = rest.indexOf('\n\n');
  return end < 0 ? rest : rest.slice(0, end);
}

describe('renderEvaluationText', () => {
  it('states the period, each source with expected vs collected runs, and every gap with its reason', () => {
    const text = renderEvaluationText(evaluation);
    expect(text).toContain('Period: 2026-03-01 to 2026-03-10');
    expect(text).toContain('prod (123456789012): 8 of 10 expected runs collected (80.0%), 2 gaps');
    expect(text).toContain('2026-03-04 02:00Z  missing  no run recorded');
    expect(text).toContain('2026-03-07 02:00Z  failed   run run-2026-03-07-failed failed: AccessDenied');
  });

  it('lists each in-scope criterion with status, evidence, pass rate and exceptions, and names the out-of-scope ones', () => {
    const text = renderEvaluationText(evaluation, { width: 200 });
    const cc61 = evaluation.criteria.find((c) => c.criterionId === 'CC6.1')!;
    expect(text).toMatch(
      new RegExp(
        `CC6\\.1 +EXCEPTIONS +Logical access security \\[automated, pass rate ${(Math.floor(cc61.passRate! * 1000) / 10).toFixed(1)}%, exceptions 1 open / 4 closed\\]`,
      ),
    );
    expect(text).toMatch(/CC1\.1 +MANUAL +Commitment to integrity and ethics \[documents\]/);
    expect(text).toMatch(/CC7\.1 +NOT TESTED +Detect configuration changes \[no control\]/);
    expect(text).toContain('Out of scope (2): A1.2, C1.1');
    expect(text).not.toMatch(/^ +A1\.2 +OUT OF SCOPE/m);
  });

  it('says under each open exception what to change; closed ones get no fix line', () => {
    const text = renderEvaluationText(evaluation, { width: 200 });
    const open = section(text, /Open exceptions \(1\)/);
    expect(open).toMatch(/bucket data: versioning Suspended\n {4}fix: A fake remediation of s3\.bucket-versioning\.\n?$/);
    expect(section(text, /Closed exceptions/)).not.toContain('fix:');
  });

  it('lists open exceptions with resource and capture times (slots beside), then closed ones with their fix date', () => {
    const text = renderEvaluationText(evaluation, { width: 200 });
    const open = section(text, /Open exceptions \(1\)/);
    expect(open).toContain('s3.bucket-versioning [medium] prod: arn:aws:s3:::data');
    expect(open).toContain(
      'first seen 2026-03-08 02:05Z (slot 02:00Z), still failing at 2026-03-10 02:05Z (slot 02:00Z) (2.9 days so far)',
    );
    const closed = section(text, /Closed exceptions \(4\)/);
    expect(closed).toContain(
      'first seen 2026-03-03 02:05Z (slot 02:00Z), last seen 2026-03-05 02:05Z (slot 02:00Z), fixed by 2026-03-06 02:05Z (slot 02:00Z) (3 days)',
    );
    expect(closed).toContain('bucket logs: versioning Suspended');
    expect(closed).not.toContain('arn:aws:s3:::data');
  });

  it('lists off-schedule snapshots under their source and dates exceptions seen in them as off-schedule', async () => {
    const store = new MemoryEvidenceStore();
    await collect(store, 'prod', '2026-03-01T02:00:00.000Z', [bucket('logs')]);
    await collect(store, 'prod', '2026-03-02T02:00:00.000Z', [bucket('logs', { versioning: { status: 'Suspended', mfaDelete: 'Disabled' } })], {
      startedAt: '2026-03-02T18:21:00.000Z',
      finishedAt: '2026-03-02T18:25:00.000Z',
    });
    const late = await evaluatePeriodWith({
      store,
      config: testConfig(),
      from: '2026-03-01',
      to: '2026-03-02',
      checks: TEST_CHECKS,
      criteria: TEST_CRITERIA,
      controls: TEST_CONTROLS,
    });
    const text = renderEvaluationText(late, { width: 300 });
    expect(text).toContain('prod (123456789012): 1 of 2 expected runs collected (50.0%), 1 gap, 1 off-schedule snapshot (evaluated, fill no slot)');
    expect(text).toContain('2026-03-02 02:00Z  late     run run-2026-03-02 came too late: started 16 h 21 min after');
    expect(text).toContain(
      '2026-03-02 18:25Z  off-schedule snapshot prod/2026-03-02T02:00:00.000Z/run-2026-03-02: started 16 h 21 min after the 2026-03-02T02:00:00.000Z slot, outside its 6 h grace time',
    );
    expect(text).toContain('first seen 2026-03-02 18:25Z (off-schedule), still failing at 2026-03-02 18:25Z (off-schedule)');
  });

  it('keeps every line within the width, breaking long ARNs where needed', () => {
    for (const width of [40, 60, 80, 132]) {
      const lines = renderEvaluationText(evaluation, { width }).split('\n');
      const over = lines.filter((l) => l.length > width);
      expect(over, `width ${width}`).toEqual([]);
    }
    expect(renderEvaluationText(evaluation, { width: 40 })).toContain(
      'arn:aws:iam::123456789012:user/alice'.slice(0, 20),
    );
  });

  it('adds colour only when asked, without changing the text', () => {
    const plain = renderEvaluationText(evaluation, { width: 80 });
    const colored = renderEvaluationText(evaluation, { width: 80, color: true });
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[31m'); // exceptions in red
    expect(stripAnsi(colored)).toBe(plain);
  });

  it('names disabled checks', async () => {
    const e = await evaluatePeriodWith({
      store: await tenDayStore(),
      config: testConfig({ checks: { disabled: ['iam.access-key-rotated'] } }),
      from: '2026-03-01',
      to: '2026-03-10',
      checks: TEST_CHECKS,
      criteria: TEST_CRITERIA,
      controls: TEST_CONTROLS,
    });
    expect(renderEvaluationText(e, { width: 120 })).toContain(
      'Disabled by configuration (checks.disabled): iam.access-key-rotated',
    );
  });
});
