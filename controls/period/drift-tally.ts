/**
 * Counts drift entries as they go by (per source and resource type, activity apart) and keeps the
 * first configuration changes, so the evaluation summarises a year of drift without holding it.
 */
import type { DriftCount, DriftEntry, DriftSummary } from '../../model/evaluation.ts';
import { compareDrift } from './drift-of.ts';

/** How many configuration changes the summary keeps (the PDF lists them; the rest are in evidence/change-log.json). */
export const FIRST_CONFIGURATION_CHANGES = 250;

/**
 * A change whose only changed fields are "last used" stamps (credential report, role last used)
 * is activity, not a configuration change: counted, but not listed, so the configuration changes
 * an auditor samples for CC7.1/CC8.1 are not buried under daily sign-ins.
 */
export function isActivityOnly(d: DriftEntry): boolean {
  return d.kind === 'changed' && d.fields.length > 0 && d.fields.every((f) => /lastUsed/i.test(f.path));
}

export class DriftTally {
  private readonly counts = new Map<string, DriftCount>();
  /** Candidates for the first configuration changes; trimmed to the first ones whenever it doubles. */
  private first: DriftEntry[] = [];

  add(d: DriftEntry): void {
    const key = `${d.source}\u0000${d.resourceType}`;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = { source: d.source, resourceType: d.resourceType, added: 0, removed: 0, changed: 0, activityOnly: 0 }));
    if (isActivityOnly(d)) {
      c.activityOnly++;
      return;
    }
    c[d.kind]++;
    this.first.push(d);
    if (this.first.length >= 2 * FIRST_CONFIGURATION_CHANGES) this.first = this.firstChanges();
  }

  summary(): DriftSummary {
    const bySourceAndType = [...this.counts.values()].sort((a, b) =>
      a.source !== b.source ? (a.source < b.source ? -1 : 1) : a.resourceType < b.resourceType ? -1 : a.resourceType > b.resourceType ? 1 : 0,
    );
    const sum = (k: 'added' | 'removed' | 'changed' | 'activityOnly') => bySourceAndType.reduce((n, c) => n + c[k], 0);
    const [added, removed, changed, activityOnly] = [sum('added'), sum('removed'), sum('changed'), sum('activityOnly')];
    return {
      entries: added + removed + changed + activityOnly,
      added,
      removed,
      changed,
      activityOnly,
      bySourceAndType,
      firstConfigurationChanges: this.firstChanges(),
    };
  }

  private firstChanges(): DriftEntry[] {
    return [...this.first].sort(compareDrift).slice(0, FIRST_CONFIGURATION_CHANGES);
  }
}

/** The summary of a list of drift entries. */
export function summarizeDrift(entries: Iterable<DriftEntry>): DriftSummary {
  const tally = new DriftTally();
  for (const e of entries) tally.add(e);
  return tally.summary();
}
