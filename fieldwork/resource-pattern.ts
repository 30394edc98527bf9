/**
 * An accepted deviation's resource: an exact resource id, or a glob where `*` matches any run of
 * characters (none included) and every other character matches itself, e.g.
 * `arn:aws:iam::123456789012:user/breakglass-*`.
 */
export function matchesResource(pattern: string, resourceId: string): boolean {
  if (!pattern.includes('*')) return pattern === resourceId;
  const parts = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(resourceId);
}
