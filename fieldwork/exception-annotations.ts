/**
 * What the fieldwork journal says about one exception: management's responses to its key (in the
 * order recorded; the last is the current one) and the accepted deviations that cover it (same
 * check, its source or every source, a resource pattern that matches, a window that overlaps the
 * days it failed).
 */
import type { CheckException } from '../model/evaluation.ts';
import type { AcceptanceEntry, JournalEntry, ResponseEntry } from '../store/journal-types.ts';
import { exceptionKey } from './exception-key.ts';
import { matchesResource } from '../controls/period/apply-acceptances.ts';

export interface ExceptionAnnotations {
  key: string;
  responses: ResponseEntry[];
  acceptances: AcceptanceEntry[];
}

export function annotateException(e: CheckException, journal: readonly JournalEntry[]): ExceptionAnnotations {
  const key = exceptionKey(e);
  const firstDay = e.firstSeen.slice(0, 10);
  const lastDay = (e.fixedAt ?? e.lastSeen).slice(0, 10);
  const responses: ResponseEntry[] = [];
  const acceptances: AcceptanceEntry[] = [];
  for (const entry of journal) {
    if (entry.kind === 'response' && entry.response.exceptionKey === key) responses.push(entry);
    if (entry.kind === 'acceptance' && acceptanceCovers(entry.acceptance, e, firstDay, lastDay)) acceptances.push(entry);
  }
  return { key, responses, acceptances };
}

function acceptanceCovers(a: AcceptanceEntry['acceptance'], e: CheckException, firstDay: string, lastDay: string): boolean {
  return (
    a.checkId === e.checkId &&
    (a.source === null || a.source === e.source) &&
    matchesResource(a.resource, e.resourceId) &&
    a.from <= lastDay &&
    a.until >= firstDay
  );
}
