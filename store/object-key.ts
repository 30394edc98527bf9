/**
 * Store keys: '/'-separated segments of a safe charset, the same on every backend, so a key means
 * the same file on disk and the same object in S3 and can never escape the store's root.
 */
import { StoreError } from './types.ts';

export class InvalidKeyError extends StoreError {}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._+=@-]*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Throws InvalidKeyError naming the key and what is allowed. */
export function assertValidKey(key: string): void {
  const fail = (why: string): never => {
    throw new InvalidKeyError(
      `invalid store key ${JSON.stringify(key)}: ${why} (expected '/'-separated segments of letters, digits and . _ + = @ -, each starting with a letter, digit or _)`,
      key,
    );
  };
  if (typeof key !== 'string' || key.length === 0) fail('empty');
  if (key.length > 512) fail('longer than 512 characters');
  if (key.startsWith('/')) fail('absolute path');
  if (key.endsWith('.sha256')) fail('the .sha256 suffix is reserved for checksum files');
  for (const segment of key.split('/')) {
    if (segment === '' ) fail('empty segment');
    if (segment === '.' || segment === '..') fail(`"${segment}" segment`);
    if (!SEGMENT.test(segment)) fail(`segment "${segment}" has a character outside the safe set or starts with "."`);
  }
}

export function assertSha256Hex(value: string, key: string): void {
  if (!SHA256_HEX.test(value)) {
    throw new StoreError(`sha256 for ${key} must be 64 lowercase hex characters, got ${JSON.stringify(value)}`, key);
  }
}

/** Validates one segment a caller supplies (source name, run id, artifact name part). */
export function assertSafeSegment(value: string, what: string): void {
  if (!SEGMENT.test(value) || value.length > 200) {
    throw new InvalidKeyError(
      `${what} ${JSON.stringify(value)} cannot be used in a store key: use letters, digits and . _ + = @ -, starting with a letter, digit or _`,
      value,
    );
  }
}
