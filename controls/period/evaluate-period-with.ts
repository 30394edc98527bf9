/**
 * Type II evaluation of a period with the checks and catalog passed in (see evaluate-period.ts for
 * the entry point wired to the real checks and catalog).
 *
 * Cost follows churn: per source the first snapshot of the period is loaded whole and every check
 * runs on every resource; each later snapshot is reached by applying its change record to the
 * resources held, and a check runs again only on resources (of its target types) that changed, unless it reads a
 * resource type that changed in that snapshot or depends on the as-of time (then it runs on all
 * its targets). Unchanged results are reused. Memory holds one source's current resources plus,
 * per (check, resource), the current outcome and the open failure run; never every result, and of
 * the drift only counts (the change log is streamed from the store again: period-drift.ts).
 *
 * Deterministic: the same store, config, period and `now` give the same output, except
 * stats.durationMs (a measurement; zero it with zeroDuration before comparing or hashing).
 */
import { vouchedSnapshots } from '../../store/ledger.ts';
import type { BinderConfig } from '../../config/schema.ts';
import type {
  CheckSummary,
  CheckException,
  Coverage,
  PeriodEvaluation,
  SnapshotRef,
  SnapshotTally,
} from '../../model/evaluation.ts';
import type { ResourceType } from '../../model/resources.ts';
import { TOOL } from '../../model/version.ts';
import type {
  EvidenceStore,
  LedgerEntry,
  ProgressFn,
  SnapshotRecord,
} from '../../store/types.ts';
import { targetTypes, type Check, type CheckContext } from '../check.ts';
import type { Control, Criterion } from '../catalog/types.ts';
import { applyAcceptances, type AcceptedDeviation } from './apply-acceptances.ts';
import { CheckTracker } from './check-tracker.ts';
import { coverageOfSource } from './coverage-of-source.ts';
import { driftOf } from './drift-of.ts';
import { DriftTally } from './drift-tally.ts';
import { expectedSlots } from './expected-slots.ts';
import { PeriodEvaluationError } from './period-evaluation-error.ts';
import { periodRange } from './period-range.ts';
import { summarizeControls } from './summarize-controls.ts';
import { summarizeCriteria } from './summarize-criteria.ts';
import { byObservation as byTime, walkSource } from './walk-source.ts';

/** The part of the evidence store evaluation reads. */
export type PeriodEvidence = Pick<
  EvidenceStore,
  'listSnapshots' | 'loadSnapshot' | 'loadChanges' | 'readLedger'
>;

export interface PeriodCatalog {
  checks: readonly Check[];
  criteria: readonly Criterion[];
  controls: readonly Control[];
}

export interface EvaluatePeriodWithOptions extends PeriodCatalog {
  store: PeriodEvidence;
  config: BinderConfig;
  /** First and last day of the period (UTC, inclusive), YYYY-MM-DD. */
  from: string;
  to: string;
  /** Called after each snapshot: (snapshots done, snapshots in the period, snapshot id). */
  progress?: ProgressFn;
  /**
   * For a period still running: schedule slots after this (or still within their grace time) are
   * not expected yet, and open exceptions are measured up to it. Omit for a closed period.
   */
  now?: Date;
  /** Accepted deviations (the fieldwork journal's acceptances): laid over the exceptions, never hiding one. */
  acceptances?: readonly AcceptedDeviation[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function validateChecks(checks: readonly Check[], disabled: readonly string[]): void {
  const ids = new Set<string>();
  for (const c of checks) {
    if (ids.has(c.id)) throw new PeriodEvaluationError(`check id "${c.id}" is registered twice`, c.id);
    ids.add(c.id);
  }
  disabled.forEach((id, i) => {
    if (!ids.has(id)) {
      throw new PeriodEvaluationError(
        `checks.disabled[${i}]: "${id}" is not a known check id (known: ${[...ids].sort().join(', ')})`,
        `checks.disabled[${i}]`,
      );
    }
  });
}

export async function evaluatePeriodWith(options: EvaluatePeriodWithOptions): Promise<PeriodEvaluation> {
  const started = performance.now();
  const { store, config } = options;
  const range = periodRange(options.from, options.to);
  validateChecks(options.checks, config.checks.disabled);
  const disabled = new Set(config.checks.disabled);
  const enabled = options.checks.filter((c) => !disabled.has(c.id)).sort((a, b) => cmp(a.id, b.id));
  const nowMs = options.now?.getTime();
  const openUntilMs =
    nowMs === undefined ? range.endExclusive.getTime() : Math.min(nowMs, range.endExclusive.getTime());

  const listed = await store.listSnapshots({ from: range.start, to: range.end });
  const ledger = await store.readLedger();
  const committed = vouchedSnapshots(ledger);
  const inPeriod = listed.filter((r) => {
    const t = Date.parse(r.scheduledFor);
    return t >= range.start.getTime() && t <= range.end.getTime() && committed.get(r.id) === r.snapshotSha256;
  });
  const recordsBySource = groupBy(inPeriod, (r) => r.source);
  const ledgerBySource = groupBy<LedgerEntry>(ledger, (e) => e.source);
  const sources = [...new Set([...config.sources.map((s) => s.name), ...recordsBySource.keys()])].sort(cmp);

  // Coverage first: it decides which snapshots fill a slot, and exceptions and drift name those slots.
  const slots = expectedSlots(config.schedule, range, options.now);
  const coverage: Coverage[] = sources.map((source) =>
    coverageOfSource({
      source,
      slots,
      records: recordsBySource.get(source) ?? [],
      ledger: ledgerBySource.get(source) ?? [],
      schedule: config.schedule,
      ...(nowMs === undefined ? {} : { nowMs }),
    }),
  );
  const offSchedule = new Set(coverage.flatMap((c) => c.offSchedule.map((o) => o.snapshotId)));
  const slotOf = new Map(inPeriod.map((r) => [r.id, offSchedule.has(r.id) ? null : r.scheduledFor]));

  const trackers = enabled.map((c) => new CheckTracker(c, openUntilMs, slotOf));
  const drift = new DriftTally(); // counted, not kept: the change log is streamed from the store
  let checkEvaluations = 0;
  let resultsReused = 0;
  let done = 0;

  for (const source of sources) {
    const records = (recordsBySource.get(source) ?? []).sort(byTime);
    for (const t of trackers) t.startSource(source);
    const stableUntilByCheck = new Map(trackers.map((t) => [t.check.id, new Map<string, number>()]));
    for await (const { rec, state, changes, drift: stepDrift } of walkSource(store, records)) {
      if (stepDrift) for (const d of driftOf(stepDrift.changes, rec, slotOf.get(rec.id) ?? null, stepDrift.previousId)) drift.add(d);
      const changedTypes = new Set<ResourceType>(changes?.map((c) => c.type) ?? []);
      const changesByType = groupBy(changes ?? [], (c) => c.type);
      let ctx: CheckContext | null = null;
      const context = (): CheckContext =>
        (ctx ??= { asOf: new Date(rec.capturedAt), settings: config.checks, index: state.snapshotIndex() });

      const asOfMs = Date.parse(rec.capturedAt);
      for (const tracker of trackers) {
        const check = tracker.check;
        const all = changes === null || check.reads.some((t) => changedTypes.has(t));
        const stable = stableUntilByCheck.get(check.id)!;
        let evaluated = 0;
        for (const type of targetTypes(check)) {
          const targetChanges = changesByType.get(type) ?? [];
          for (const c of targetChanges) if (c.kind === 'removed') tracker.gone(type, c.id, rec);
          const judge = (resourceId: string): void => {
            const resource = state.get(type, resourceId)!;
            const verdict = runCheck(check, resource, context(), rec);
            tracker.record(type, resourceId, verdict.outcome, verdict.reason, rec);
            if (check.timeDependent) stable.set(`${type}\u0000${resourceId}`, verdict.stableUntil ?? -Infinity);
            evaluated++;
          };
          if (all) for (const id of state.ofType(type).keys()) judge(id);
          else if (check.timeDependent) {
            // Unchanged resources keep an age verdict until the time it said it could flip.
            const changed = new Set(targetChanges.map((c) => c.id));
            for (const id of state.ofType(type).keys()) {
              if (changed.has(id) || !((stable.get(`${type}\u0000${id}`) ?? -Infinity) > asOfMs)) judge(id);
            }
          } else for (const c of targetChanges) if (c.kind !== 'removed') judge(c.id);
        }
        checkEvaluations += evaluated;
        resultsReused += tracker.judged - evaluated;
        tracker.endSnapshot(rec);
      }
      done++; // not inside the optional call below: `?.` would skip the increment without a callback
      options.progress?.(done, inPeriod.length, rec.id);
    }
    for (const t of trackers) t.endSource();
  }

  const captures = new Map([...recordsBySource].map(([source, recs]) => [source, [...recs].sort(byTime).map((r) => r.capturedAt)]));
  const checks = summarizeChecks(options.checks, trackers, config).map((c) =>
    options.acceptances?.length
      ? { ...c, exceptions: c.exceptions.map((e) => applyAcceptances(e, options.acceptances!, captures.get(e.source) ?? [])) }
      : c,
  );
  const checksById = new Map(checks.map((c) => [c.checkId, c]));
  const controls = summarizeControls(options.controls, checksById, inPeriod.length);
  const criteria = summarizeCriteria(
    options.criteria,
    options.controls,
    controls,
    checksById,
    config.categories,
  );

  const ordered = [...inPeriod].sort((a, b) => byTime(a, b) || cmp(a.source, b.source));
  const snapshots: SnapshotRef[] = ordered.map((r) => ({
    snapshotId: r.id,
    source: r.source,
    accountId: r.accountId,
    scheduledFor: r.scheduledFor,
    slot: slotOf.get(r.id) ?? null,
    capturedAt: r.capturedAt,
    snapshotSha256: r.snapshotSha256,
    recordKey: r.recordKey,
  }));
  const latest = inPeriod.reduce<SnapshotRecord | null>(
    (m, r) => (!m || Date.parse(r.capturedAt) > Date.parse(m.capturedAt) ? r : m),
    null,
  );

  return {
    schema: 'binder.evaluation/v1',
    period: { from: range.from, to: range.to },
    evaluatedAsOf: latest ? latest.capturedAt : range.start.toISOString(),
    tool: { name: TOOL.name, version: TOOL.version },
    organization: config.organization,
    system: config.system,
    categories: [...new Set(['security', ...config.categories])].sort(cmp),
    sources: sources.map((name) => {
      const recs = recordsBySource.get(name);
      return { name, accountId: recs && recs.length > 0 ? recs[recs.length - 1]!.accountId : null };
    }),
    settings: { ...config.checks, disabled: [...config.checks.disabled].sort(cmp) },
    snapshots,
    criteria,
    controls,
    checks,
    coverage,
    driftSummary: drift.summary(),
    stats: {
      snapshotsEvaluated: done,
      checkEvaluations,
      resultsReused,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

function runCheck(
  check: Check,
  resource: Parameters<Check['evaluate']>[0],
  ctx: CheckContext,
  rec: SnapshotRecord,
) {
  let verdict;
  try {
    verdict = check.evaluate(resource, ctx);
  } catch (err) {
    throw new PeriodEvaluationError(
      `check ${check.id} failed on ${resource.type} ${resource.id} in snapshot ${rec.id}: ${(err as Error).message}`,
      check.id,
    );
  }
  if (verdict.outcome !== 'pass' && verdict.outcome !== 'fail' && verdict.outcome !== 'not-applicable') {
    throw new PeriodEvaluationError(
      `check ${check.id} returned outcome "${String(verdict.outcome)}" for ${resource.id}; expected pass, fail or not-applicable`,
      check.id,
    );
  }
  return verdict;
}

function byTally(a: SnapshotTally, b: SnapshotTally): number {
  return (
    Date.parse(a.scheduledFor) - Date.parse(b.scheduledFor) ||
    cmp(a.source, b.source) ||
    cmp(a.snapshotId, b.snapshotId)
  );
}

function byException(a: CheckException, b: CheckException): number {
  return (
    Date.parse(a.firstSeen) - Date.parse(b.firstSeen) ||
    cmp(a.source, b.source) ||
    cmp(a.resourceType, b.resourceType) ||
    cmp(a.resourceId, b.resourceId)
  );
}

function summarizeChecks(
  all: readonly Check[],
  trackers: readonly CheckTracker[],
  config: BinderConfig,
): CheckSummary[] {
  const trackerById = new Map(trackers.map((t) => [t.check.id as string, t]));
  return [...all]
    .sort((a, b) => cmp(a.id, b.id))
    .map((check) => {
      const t = trackerById.get(check.id);
      return {
        checkId: check.id,
        title: check.title,
        rationale: check.rationale,
        severity: check.severity,
        criteria: [...check.criteria],
        settings: Object.fromEntries(check.settingsRead.map((k) => [k, config.checks[k]])),
        passRate: t && t.passTotal + t.failTotal > 0 ? t.passTotal / (t.passTotal + t.failTotal) : null,
        tallies: t ? [...t.tallies].sort(byTally) : [],
        exceptions: t ? [...t.exceptions].sort(byException) : [],
        disabled: !t,
        note: check.note,
        remediation: { ...check.remediation },
      };
    });
}
