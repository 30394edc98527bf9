/**
 * Does a policy document allow an action on a resource? A static reading of one document:
 * - an Allow applies when its Action (or the complement of its NotAction) covers every action the
 *   query names, and its Resource (or the complement of NotResource) covers every resource;
 * - an explicit Deny wins when it touches any part of the query, but only an unconditional Deny is
 *   counted, since a conditional one may not apply to a given request;
 * - a conditional Allow is counted by default: a condition narrows *when* the grant applies, not
 *   *what* it grants, and the grant exists in the document either way.
 * So an Allow with NotAction ["iam:*"] on "*" still allows "s3:*" (and "s3:GetObject"), and an
 * Allow of "s3:*" beside a Deny of "s3:DeleteBucket" does not allow all of "s3:*".
 * Statements are judged one at a time: two Allows that only together cover a wildcard query
 * ("s3:Get*" + "s3:Put*" for "s3:*") do not count as allowing it. Concrete queries are exact.
 */
import type { PolicyDocument } from '../../model/resources.ts';
import { normaliseStatements, type Statement } from './statements.ts';
import { actionCovers, actionsIntersect, resourceCovers, resourcesIntersect } from './wildcard.ts';

export interface AllowsOptions {
  /** Count Allow statements that carry a Condition (default true). */
  includeConditionalAllows?: boolean;
  /** Count only the Allow statements this accepts (default: all), e.g. to leave out a grant a condition confines. */
  countsAsGrant?: (s: Statement) => boolean;
}

/** Every action the query pattern names is within the statement's actions. */
export function coversAction(s: Statement, action: string): boolean {
  if (s.actions) return s.actions.some((p) => actionCovers(p, action));
  if (s.notActions) return !s.notActions.some((p) => actionsIntersect(p, action));
  return false;
}

/** Some action the query pattern names is within the statement's actions. */
export function touchesAction(s: Statement, action: string): boolean {
  if (s.actions) return s.actions.some((p) => actionsIntersect(p, action));
  if (s.notActions) return !s.notActions.some((p) => actionCovers(p, action));
  return false;
}

/** Statements without Resource and NotResource (trust policies) apply to their implied resource. */
export function coversResource(s: Statement, resource: string): boolean {
  if (s.resources) return s.resources.some((p) => resourceCovers(p, resource));
  if (s.notResources) return !s.notResources.some((p) => resourcesIntersect(p, resource));
  return true;
}

export function touchesResource(s: Statement, resource: string): boolean {
  if (s.resources) return s.resources.some((p) => resourcesIntersect(p, resource));
  if (s.notResources) return !s.notResources.some((p) => resourceCovers(p, resource));
  return true;
}

function counts(s: Statement, opts: AllowsOptions): boolean {
  return (
    s.effect === 'Allow' &&
    (opts.includeConditionalAllows !== false || s.conditions.length === 0) &&
    (opts.countsAsGrant?.(s) ?? true)
  );
}

/** The Allow statements that grant the whole query, before Deny is considered. */
export function grantingStatements(
  doc: PolicyDocument | null | undefined,
  action: string,
  resource = '*',
  opts: AllowsOptions = {},
): Statement[] {
  return normaliseStatements(doc).filter(
    (s) => counts(s, opts) && coversAction(s, action) && coversResource(s, resource),
  );
}

/** The unconditional Deny statements that take away some part of the query. */
export function denyingStatements(
  doc: PolicyDocument | null | undefined,
  action: string,
  resource = '*',
): Statement[] {
  return normaliseStatements(doc).filter(
    (s) =>
      s.effect === 'Deny' &&
      s.conditions.length === 0 &&
      touchesAction(s, action) &&
      touchesResource(s, resource),
  );
}

/** True when the document allows every action of `action` on every resource of `resource`. */
export function allows(
  doc: PolicyDocument | null | undefined,
  action: string,
  resource = '*',
  opts: AllowsOptions = {},
): boolean {
  return (
    grantingStatements(doc, action, resource, opts).length > 0 &&
    denyingStatements(doc, action, resource).length === 0
  );
}

/**
 * True when the document allows the action on at least one resource: an Allow of the action with
 * any Resource, not wholly removed by an unconditional Deny of the action on "*". Used for
 * privilege escalation, where iam:PassRole on one powerful role is as good as on all.
 */
export function allowsOnSomeResource(
  doc: PolicyDocument | null | undefined,
  action: string,
  opts: AllowsOptions = {},
): boolean {
  const statements = normaliseStatements(doc);
  const granted = statements.some((s) => counts(s, opts) && coversAction(s, action));
  const wipedOut = statements.some(
    (s) =>
      s.effect === 'Deny' && s.conditions.length === 0 && coversAction(s, action) && coversResource(s, '*'),
  );
  return granted && !wipedOut;
}
