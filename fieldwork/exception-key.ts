/**
 * A short, stable name for one exception (a maximal run of failures of one check on one resource,
 * model/evaluation.ts CheckException), so management can answer it by name: `EX-` and the first
 * 10 hex digits of the sha256 of (checkId, source, resourceType, resourceId, first failing day).
 *
 * Stable: the same exception gets the same key whatever period is evaluated, as long as the
 * period contains its first failing day (a period starting later sees the run of failures begin
 * at its own first snapshot: a different first day, a different key). A failure that comes back
 * after a fix is a new exception with its own key. Days are UTC, like the period.
 */
import { sha256Hex, canonicalJson } from '../model/canonical-json.ts';
import type { CheckException } from '../model/evaluation.ts';

export type ExceptionIdentity = Pick<CheckException, 'checkId' | 'source' | 'resourceType' | 'resourceId' | 'firstSeen'>;

export function exceptionKey(e: ExceptionIdentity): string {
  const firstDay = new Date(e.firstSeen).toISOString().slice(0, 10);
  return `EX-${sha256Hex(canonicalJson([e.checkId, e.source, e.resourceType, e.resourceId, firstDay])).slice(0, 10)}`;
}
