/**
 * Masks secrets wherever text leaves the process (failure reasons in the ledger, log lines): first
 * every registered secret value (model/secret-registry.ts), then what is shaped like a credential
 * even though nobody registered it: AWS access key ids, 40-character secret keys, session tokens.
 * The shape rules are narrow on purpose, so our own identifiers stay readable: snapshot ids
 * (prod/20260301T020000Z/20260301T020312Z-1a2b3c4d), run ids, ARNs, request ids, SHA-256 hex.
 */
import { registeredSecrets } from './secret-registry.ts';

export const REDACTED = '[redacted]';

/** Runs of base64 characters (a token's padding included; a key=value's '=' is not part of it). */
const TOKEN_RUN = /[A-Za-z0-9/+]{100,}={0,2}/g;
const KEY_RUN = /[A-Za-z0-9/+]+/g;
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of registeredSecrets()) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out
    .replace(ACCESS_KEY_ID, '[redacted-key-id]')
    .replace(TOKEN_RUN, (run) => (hasBothCases(run, 1) ? REDACTED : run))
    .replace(KEY_RUN, (run) => (run.length === 40 && /[/+]/.test(run) && hasBothCases(run, 5) ? REDACTED : run));
}

/**
 * Session tokens are 100 or more base64 characters of both cases (a long hex digest or a lowercase
 * path has no capitals); secret keys are 40, with '/' or '+', and at least five letters of each
 * case (our snapshot ids have four capitals: the T and Z of two compact times).
 */
function hasBothCases(run: string, atLeast: number): boolean {
  return run.replace(/[^A-Z]/g, '').length >= atLeast && run.replace(/[^a-z]/g, '').length >= atLeast;
}

/** Field names whose values are secret whatever they look like (secretAccessKey, sessionToken, password...). */
export function isSecretFieldName(name: string): boolean {
  const compact = name.replace(/[-_\s]/g, '');
  return /secret/i.test(compact) || /(password|passphrase|token|credentials?|authorization|privatekey|apikey)$/i.test(compact);
}

/** Log fields with secret-named values masked and every string (at any depth) redacted. */
export function redactFields(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return fields === undefined ? undefined : (redactValue(fields, 0) as Record<string, unknown>);
}

const MAX_DEPTH = 8;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value instanceof Error) return redactSecrets(`${value.name}: ${value.message}`);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED; // deeper than any log field we write: not worth the risk
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretFieldName(k) ? REDACTED : redactValue(v, depth + 1);
  return out;
}
