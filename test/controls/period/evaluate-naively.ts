/**
 * Reference for the reuse tests: loads every snapshot in full and runs every enabled check on every
 * resource, then derives tallies and exceptions from the complete result series. Slow and simple on
 * purpose; evaluatePeriodWith must agree with it exactly.
 */
import type { BinderConfig } from '../../../config/schema.ts';
import type { CheckException, Outcome, SnapshotTally } from '../../../model/evaluation.ts';
import { targetTypes, type Check } from '../../../controls/check.ts';
import { SnapshotIndex } from '../../../controls/snapshot-index.ts';
import type { EvidenceStore } from '../../../store/types.ts';

export interface NaiveCheckResult {
  tallies: SnapshotTally[];
  exceptions: CheckException[];
  passRate: number | null;
}

export async function evaluateNaively(
  store: EvidenceStore,
  config: BinderConfig,
  from: string,
  to: string,
  checks: readonly Check[],
): Promise<{ byCheck: Map<string, NaiveCheckResult>; evaluations: number }> {
  const start = new Date(`${from}T00:00:00.000Z`);
  const endExclusive = Date.parse(`${to}T00:00:00.000Z`) + 86_400_000;
  const records = (await store.listSnapshots({ from: start, to: new Date(endExclusive - 1) })).sort(
    (a, b) => Date.parse(a.capturedAt) - Date.parse(b.capturedAt),
  );
  const enabled = checks.filter((c) => !config.checks.disabled.includes(c.id));
  const byCheck = new Map<string, NaiveCheckResult>(
    enabled.map((c) => [c.id, { tallies: [], exceptions: [], passRate: null }]),
  );
  // series[check][source][resource] = outcome per snapshot index of that source ('absent' when gone)
  const series = new Map<string, { outcome: Outcome | 'absent'; reason: string }[]>();
  const sources = [...new Set(records.map((r) => r.source))].sort();
  let evaluations = 0;
  const pass = new Map<string, number>();
  const fail = new Map<string, number>();

  for (const source of sources) {
    const recs = records.filter((r) => r.source === source);
    for (let i = 0; i < recs.length; i++) {
      const rec = recs[i]!;
      const snapshot = await store.loadSnapshot(rec.id);
      const index = new SnapshotIndex(snapshot.resources);
      const ctx = { asOf: new Date(snapshot.provenance.finishedAt), settings: config.checks, index };
      for (const check of enabled) {
        const counts = { pass: 0, fail: 0, na: 0 };
        for (const resource of targetTypes(check).flatMap((t) => index.ofType(t))) {
          const v = check.evaluate(resource, ctx);
          evaluations++;
          if (v.outcome === 'pass') counts.pass++;
          else if (v.outcome === 'fail') counts.fail++;
          else counts.na++;
          const key = `${check.id}\u0000${source}\u0000${resource.type}\u0000${resource.id}`;
          let s = series.get(key);
          if (!s)
            series.set(
              key,
              (s = Array.from({ length: recs.length }, () => ({ outcome: 'absent' as const, reason: '' }))),
            );
          s[i] = { outcome: v.outcome, reason: v.reason };
        }
        byCheck.get(check.id)!.tallies.push({
          snapshotId: rec.id,
          source,
          scheduledFor: rec.scheduledFor,
          pass: counts.pass,
          fail: counts.fail,
          notApplicable: counts.na,
        });
        pass.set(check.id, (pass.get(check.id) ?? 0) + counts.pass);
        fail.set(check.id, (fail.get(check.id) ?? 0) + counts.fail);
      }
    }
    for (const [key, s] of series) {
      const [checkId, src, resourceType, resourceId] = key.split('\u0000') as [
        string,
        string,
        string,
        string,
      ];
      if (src !== source) continue;
      let runStart = -1;
      for (let i = 0; i <= s.length; i++) {
        const failing = i < s.length && s[i]!.outcome === 'fail';
        if (failing && runStart < 0) runStart = i;
        if (!failing && runStart >= 0) {
          const open = i === s.length;
          // Observations are dated by capture time; these histories are on schedule, so a snapshot's slot is what it names.
          const slotOf = (r: (typeof recs)[number]) => (r.offSchedule ? null : r.scheduledFor);
          const firstSeen = recs[runStart]!.capturedAt;
          const lastSeen = recs[i - 1]!.capturedAt;
          const endMs = open ? Math.max(endExclusive, Date.parse(lastSeen)) : Date.parse(recs[i]!.capturedAt);
          byCheck.get(checkId)!.exceptions.push({
            checkId,
            source,
            resourceType,
            resourceId,
            firstSeen,
            firstSeenSlot: slotOf(recs[runStart]!),
            lastSeen,
            lastSeenSlot: slotOf(recs[i - 1]!),
            fixedAt: open ? null : recs[i]!.capturedAt,
            fixedAtSlot: open ? null : slotOf(recs[i]!),
            open,
            durationDays: Math.round(((endMs - Date.parse(firstSeen)) / 86_400_000) * 1000) / 1000,
            reason: s[runStart]!.reason,
            firstSnapshotId: recs[runStart]!.id,
            lastSnapshotId: recs[i - 1]!.id,
            fixedSnapshotId: open ? null : recs[i]!.id,
          });
          runStart = -1;
        }
      }
    }
  }
  for (const [id, r] of byCheck) {
    const p = pass.get(id) ?? 0;
    const f = fail.get(id) ?? 0;
    r.passRate = p + f === 0 ? null : p / (p + f);
    r.tallies.sort(
      (a, b) =>
        Date.parse(a.scheduledFor) - Date.parse(b.scheduledFor) ||
        (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
    );
    r.exceptions.sort(
      (a, b) =>
        Date.parse(a.firstSeen) - Date.parse(b.firstSeen) ||
        (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
        (a.resourceType < b.resourceType ? -1 : a.resourceType > b.resourceType ? 1 : 0) ||
        (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0),
    );
  }
  return { byCheck, evaluations };
}
