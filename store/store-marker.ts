/**
 * The store marker, `binder-store.json`: written once when a store is created, it says "this
 * folder (or bucket prefix) is a binder evidence store" and names the public keys that sign its
 * ledger. Every command but the first collect (or `store init`) refuses a location without one,
 * so a mistyped store.path is an error instead of an empty store that "verifies".
 */
import { randomUUID, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../model/canonical-json.ts';
import { publicKeyFingerprint, type LedgerSigner } from './ledger-signature.ts';
import { ObjectMissingError, StoreError, type ObjectBackend } from './types.ts';

export const STORE_MARKER_KEY = 'binder-store.json';
export const STORE_FORMAT = 'binder.store/v1';

export const LedgerKeyInfo = z
  .object({
    algorithm: z.literal('Ed25519'),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    publicKeyPem: z.string().regex(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n?$/),
  })
  .strict();

export const StoreMarker = z
  .object({
    format: z.literal(STORE_FORMAT),
    storeId: z.string().uuid(),
    createdAt: z.string().datetime({ offset: true }),
    ledgerKeys: z.array(LedgerKeyInfo).min(1),
  })
  .strict();
export type StoreMarker = z.infer<typeof StoreMarker>;

export class StoreMarkerError extends StoreError {}

/** The marker, or null when there is none; a marker that is damaged or malformed throws. */
export async function readStoreMarker(backend: ObjectBackend): Promise<StoreMarker | null> {
  let bytes: Uint8Array;
  try {
    bytes = await backend.get(STORE_MARKER_KEY);
  } catch (err) {
    if (err instanceof ObjectMissingError) return null;
    throw new StoreMarkerError(`store marker ${STORE_MARKER_KEY} in ${backend.location} cannot be read: ${(err as Error).message}`, STORE_MARKER_KEY);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new StoreMarkerError(`store marker ${STORE_MARKER_KEY} in ${backend.location} is not JSON`, STORE_MARKER_KEY);
  }
  const parsed = StoreMarker.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreMarkerError(
      `store marker ${STORE_MARKER_KEY} in ${backend.location} is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      STORE_MARKER_KEY,
    );
  }
  for (const k of parsed.data.ledgerKeys) {
    if (publicKeyFingerprint(createPublicKey(k.publicKeyPem)) !== k.fingerprint) {
      throw new StoreMarkerError(`store marker ${STORE_MARKER_KEY}: ledger key ${k.fingerprint} does not match its public key`, STORE_MARKER_KEY);
    }
  }
  return parsed.data;
}

export async function writeStoreMarker(backend: ObjectBackend, signer: LedgerSigner, now: Date): Promise<StoreMarker> {
  const marker: StoreMarker = {
    format: STORE_FORMAT,
    storeId: randomUUID(),
    createdAt: now.toISOString(),
    ledgerKeys: [{ algorithm: 'Ed25519', fingerprint: signer.fingerprint, publicKeyPem: signer.publicKeyPem }],
  };
  const body = Buffer.from(canonicalJson(marker));
  await backend.put(STORE_MARKER_KEY, body, { sha256: sha256Hex(body), contentType: 'application/json' });
  return marker;
}

/** The marker's ledger keys by fingerprint. */
export function trustedLedgerKeys(marker: StoreMarker): Map<string, KeyObject> {
  return new Map(marker.ledgerKeys.map((k) => [k.fingerprint, createPublicKey(k.publicKeyPem)]));
}
