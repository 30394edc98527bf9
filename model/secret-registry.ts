/**
 * The secret values this process holds (the AWS credentials in use, whatever their shape),
 * registered when they are resolved so redactSecrets can mask them by value wherever text leaves
 * the process. Shape rules alone miss short or unusual tokens; a known value is never missed.
 */

/** Shorter values would mask ordinary words and numbers; no real credential is this short. */
export const MIN_SECRET_LENGTH = 8;

const secrets = new Set<string>();
let longestFirst: string[] = [];

/** Registers a value (and its URL-encoded form, as it appears in query strings) as secret. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  secrets.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
  // Longest first, so a secret that contains another is masked whole.
  longestFirst = [...secrets].sort((a, b) => b.length - a.length);
}

/** The registered values, longest first. */
export function registeredSecrets(): readonly string[] {
  return longestFirst;
}
