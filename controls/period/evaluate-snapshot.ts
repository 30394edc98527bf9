/**
 * Every enabled check on every resource of one snapshot: the full result list, for the binder's
 * sample attachments (the auditor picks dates, the binder shows every result of those snapshots).
 * The period evaluation does not keep these; it re-derives them only for the snapshots asked for.
 */
import type { CheckSettings } from '../../config/schema.ts';
import type { CheckResult } from '../../model/evaluation.ts';
import type { Snapshot } from '../../model/snapshot.ts';
import { targetTypes, type Check } from '../check.ts';
import { SnapshotIndex } from '../snapshot-index.ts';

export function evaluateSnapshot(
  snapshot: Snapshot,
  checks: readonly Check[],
  settings: CheckSettings,
): CheckResult[] {
  const disabled = new Set(settings.disabled);
  const index = new SnapshotIndex(snapshot.resources);
  const ctx = { asOf: new Date(snapshot.provenance.finishedAt), settings, index };
  const results: CheckResult[] = [];
  for (const check of [...checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (disabled.has(check.id)) continue;
    for (const type of targetTypes(check)) {
      for (const resource of index.ofType(type)) {
        const v = check.evaluate(resource, ctx);
        results.push({
          checkId: check.id,
          resourceType: resource.type,
          resourceId: resource.id,
          outcome: v.outcome,
          reason: v.reason,
        });
      }
    }
  }
  return results;
}
