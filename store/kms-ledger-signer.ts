/**
 * A ledger signer whose Ed25519 key lives in AWS KMS (key spec ECC_NIST_EDWARDS25519): the private
 * key cannot be copied off the collector host, and every signature is a logged kms:Sign call.
 * The public key is read once (GetPublicKey) for the fingerprint the store marker records, and
 * every signature KMS returns is checked with it before it is used.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { AwsCredentialIdentity } from '@smithy/types';
import { abortingHttpHandler, type HttpTimeouts } from '../model/aborting-http-handler.ts';
import { addCredentialRegistration } from '../model/secret-registry.ts';
import { publicKeyFingerprint, type LedgerSigner } from './ledger-signature.ts';
import { StoreError } from './types.ts';

export interface KmsLedgerKeyConfig {
  /** Key id, key ARN, alias name (alias/...) or alias ARN. */
  keyId: string;
  region: string;
  endpoint?: string | undefined;
  profile?: string | undefined;
}

/** KMS signs RAW messages of up to 4096 bytes; a ledger entry is well under that (reasons are capped). */
export const KMS_MAX_MESSAGE_BYTES = 4096;

export class KmsLedgerKeyError extends StoreError {
  /** Exit 2 with the message alone (model/input-error.ts). */
  readonly inputError = true as const;
}

export async function createKmsLedgerSigner(
  config: KmsLedgerKeyConfig,
  options: { credentials?: AwsCredentialIdentity; timeouts?: HttpTimeouts; label?: string } = {},
): Promise<LedgerSigner & { close(): void }> {
  const label = options.label ?? `KMS key ${config.keyId}`;
  const timeouts: HttpTimeouts = options.timeouts ?? { connectMs: 10_000, requestMs: 30_000 };
  const client = new KMSClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.profile && !options.credentials ? { profile: config.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 4,
    requestHandler: abortingHttpHandler(timeouts),
  });
  addCredentialRegistration(client.middlewareStack);
  let publicKey: KeyObject;
  try {
    const out = await client.send(new GetPublicKeyCommand({ KeyId: config.keyId }));
    if (out.KeySpec !== 'ECC_NIST_EDWARDS25519' || out.KeyUsage !== 'SIGN_VERIFY') {
      throw new KmsLedgerKeyError(`${label} is a ${out.KeySpec ?? '?'} ${out.KeyUsage ?? '?'} key; the ledger needs an ECC_NIST_EDWARDS25519 SIGN_VERIFY key (Ed25519)`);
    }
    if (!out.PublicKey) throw new KmsLedgerKeyError(`${label}: GetPublicKey returned no public key`);
    publicKey = createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' });
  } catch (err) {
    client.destroy();
    if (err instanceof KmsLedgerKeyError) throw err;
    const e = err as Error & { name?: string };
    throw new KmsLedgerKeyError(`${label} cannot be used: kms:GetPublicKey failed with ${e.name ?? 'an error'}: ${e.message}`);
  }
  const fingerprint = publicKeyFingerprint(publicKey);
  return {
    fingerprint,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    async sign(payload: Uint8Array): Promise<Uint8Array> {
      if (payload.byteLength > KMS_MAX_MESSAGE_BYTES) {
        throw new KmsLedgerKeyError(`a ledger entry of ${payload.byteLength} bytes is over KMS's ${KMS_MAX_MESSAGE_BYTES}-byte limit for signing`);
      }
      let signature: Uint8Array | undefined;
      try {
        signature = (await client.send(new SignCommand({ KeyId: config.keyId, Message: payload, MessageType: 'RAW', SigningAlgorithm: 'ED25519_SHA_512' }))).Signature;
      } catch (err) {
        const e = err as Error & { name?: string };
        throw new KmsLedgerKeyError(`${label}: kms:Sign failed with ${e.name ?? 'an error'}: ${e.message}`);
      }
      // Never append what does not verify: a wrong key or a broken answer stops here.
      if (!signature || !verify(null, payload, publicKey, signature)) {
        throw new KmsLedgerKeyError(`${label}: the signature KMS returned does not verify with its public key ${fingerprint}`);
      }
      return signature;
    },
    close: () => client.destroy(),
  };
}
