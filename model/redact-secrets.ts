/**
 * Masks secrets wherever text leaves the process (failure reasons in the ledger, log lines,
 * stored error messages), by meaning, never by length alone:
 * 1. every registered secret value (model/secret-registry.ts): the credentials in use, whatever
 *    their shape;
 * 2. the value after a secret-named key in text (`aws_secret_access_key = …`, `"SessionToken":"…"`,
 *    `X-Amz-Security-Token=…`, `password: …`);
 * 3. exact credential shapes nobody registered: AWS access key ids (AKIA/ASIA + 16), STS session
 *    tokens (their fixed base64 header), and a 40-character secret key or a long token only when
 *    it stands next to an access key id.
 * A 40-character run of base64 characters alone is not a secret: snapshot ids
 * (Europe/20260301T020000Z/20260301T020312Z-1a2b3c4d), ARNs, S3 request ids stay readable.
 */
import { registeredSecrets } from './secret-registry.ts';

export const REDACTED = '[redacted]';
export const REDACTED_KEY_ID = '[redacted-key-id]';

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

/**
 * An STS session token: base64 of a protobuf-like header (tag, 0x0a, length, then "origin_ec",
 * "er/aws" or "aws"), e.g. IQoJb3JpZ2luX2Vj…, FwoGZXIvYXdz…, AQoDYXdz…, then hundreds of characters.
 */
const SESSION_TOKEN = /(?<![A-Za-z0-9/+])[A-Za-z0-9]{2}o[A-Z](?:b3JpZ2lu|ZXIvYXdz|YXdz)[A-Za-z0-9/+]{40,}={0,2}/g;

/** A standalone run of base64 characters (not part of a longer one), with its padding. */
const BASE64_RUN = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40,}={0,2}(?![A-Za-z0-9/+=])/g;
const SECRET_KEY_LENGTH = 40;
const TOKEN_MIN_LENGTH = 100;
/**
 * "Next to" a key id: nothing but separators between them ("AKIA… wJal…", "AKIA…,wJal…",
 * "(wJal… / AKIA…)"). Words between them ("AKIA… may not write Europe/2026…") mean another thing.
 */
const SEPARATORS_ONLY = /^[\s,:;=|/"'()[\]{}]{1,8}$/;

/**
 * `key=value`, `key = "value"`, `"key": "value"`, `key=value&…`: the value is masked when the key is
 * secret-named. An unquoted `key: value` is not taken: "ExpiredToken: The security token…" is an
 * error code and its message. The value ends at whitespace, a quote, & , ; < > (a trailing . ) ]
 * is left out).
 */
const KEY_VALUE = /([A-Za-z][A-Za-z0-9_.-]*)(["'][ \t]*:[ \t]*["']?|["']?[ \t]*=[ \t]*["']?)([^\s"'&,;<>]*[^\s"'&,;<>.)\]])/g;

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of registeredSecrets()) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  out = out.replace(KEY_VALUE, (all, key: string, sep: string) => (isSecretFieldName(key) ? `${key}${sep}${REDACTED}` : all));
  out = out.replace(SESSION_TOKEN, REDACTED);
  out = redactPairedSecrets(out);
  return out.replace(ACCESS_KEY_ID, REDACTED_KEY_ID);
}

/** A secret key (exactly 40) or a token (100 or more) standing next to a key id. */
function redactPairedSecrets(text: string): string {
  const keyIds = [...text.matchAll(ACCESS_KEY_ID)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (keyIds.length === 0) return text;
  return text.replace(BASE64_RUN, (run: string, offset: number) => {
    const bare = run.replace(/=+$/, '');
    if (bare.length !== SECRET_KEY_LENGTH && bare.length < TOKEN_MIN_LENGTH) return run;
    const end = offset + run.length;
    const isNextToKeyId = keyIds.some(
      (k) =>
        (k.end <= offset && SEPARATORS_ONLY.test(text.slice(k.end, offset))) ||
        (end <= k.start && SEPARATORS_ONLY.test(text.slice(end, k.start))),
    );
    return isNextToKeyId ? REDACTED : run;
  });
}

/** Field names whose values are secret whatever they look like (secretAccessKey, sessionToken, password...). */
export function isSecretFieldName(name: string): boolean {
  const compact = name.replace(/[-_.\s]/g, '');
  return /secret/i.test(compact) || /(password|passphrase|token|credentials?|authorization|privatekey(pem)?|apikey)$/i.test(compact);
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
