/**
 * "Grants full admin": one document lets its holder do every action on every resource.
 *
 * - An Allow of Action "*" (or "*:*") on Resource "*" is full admin, whatever its Condition: the
 *   condition narrows when the grant applies (e.g. only with MFA), not what it grants.
 * - An Allow with NotAction on Resource "*" grants everything *except* the listed actions. With
 *   NotAction ["iam:*"] that is PowerUserAccess: very broad, but the holder cannot manage
 *   identities, so it is not counted as full admin here (allows() still reports e.g. "s3:*").
 *   It is full admin when other Allows on "*" in the same document add back every excluded
 *   pattern (NotAction ["iam:*"] plus Action ["iam:*"]).
 * - NotResource, or a Resource narrower than "*", is never full admin.
 * - Deny statements are not subtracted: the checks' definition is "an Allow of * on *" (their
 *   `fails`), and a Deny beside such an Allow is one edit away from nothing.
 */
import type { PolicyDocument } from '../../model/resources.ts';
import { normaliseStatements, type Statement } from './statements.ts';
import { actionCovers, resourceCovers } from './wildcard.ts';

function onEveryResource(s: Statement): boolean {
  return s.resources !== null && s.resources.some((p) => resourceCovers(p, '*'));
}

/** The Allow statements that make the document full admin (empty when it is not). */
export function fullAdminStatements(doc: PolicyDocument | null | undefined): Statement[] {
  const broad = normaliseStatements(doc).filter((s) => s.effect === 'Allow' && onEveryResource(s));
  const direct = broad.filter((s) => s.actions !== null && s.actions.some((p) => actionCovers(p, '*')));
  if (direct.length > 0) return direct;
  const addedBack = broad.flatMap((s) => s.actions ?? []);
  return broad.filter(
    (s) =>
      s.notActions !== null &&
      s.notActions.length > 0 &&
      s.notActions.every((excluded) => addedBack.some((p) => actionCovers(p, excluded))),
  );
}

export function isFullAdmin(doc: PolicyDocument | null | undefined): boolean {
  return fullAdminStatements(doc).length > 0;
}
