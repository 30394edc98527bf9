/**
 * The sandbox's AWS KMS: the JSON 1.1 protocol (`X-Amz-Target: TrentService.<Operation>`) for the
 * operations a KMS-held ledger key needs: DescribeKey, GetPublicKey and Sign, over one Ed25519
 * signing key (key spec ECC_NIST_EDWARDS25519) made when the sandbox starts and reachable by its
 * key id, its ARN or the alias `alias/binder-ledger`. The private key never leaves this module,
 * as it never leaves AWS KMS.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { RequestIdSet, WireResponse } from './wire-format.ts';

export const SANDBOX_KMS_ALIAS = 'alias/binder-ledger';
/** KMS's limit for a RAW message to Sign. */
const MAX_RAW_MESSAGE = 4096;

export interface SandboxKmsKey {
  keyId: string;
  arn: string;
  publicKeyDer: Buffer;
  /** Flip to make the key disabled (Sign then fails with DisabledException, as in KMS). */
  enabled: boolean;
}

export class SandboxKms {
  readonly key: SandboxKmsKey;
  private readonly privateKey: KeyObject;

  constructor(region: string, accountId: string) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    const keyId = randomUUID();
    this.key = {
      keyId,
      arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`,
      publicKeyDer: pair.publicKey.export({ type: 'spki', format: 'der' }),
      enabled: true,
    };
  }

  /** Hex SHA-256 of the DER public key (binder's fingerprint of a key). */
  fingerprint(): string {
    return createHash('sha256').update(this.key.publicKeyDer).digest('hex');
  }

  handle(operation: string, body: Buffer, ids: RequestIdSet): WireResponse {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return kmsError(400, 'SerializationException', 'the request body is not JSON', ids);
    }
    const keyRef = typeof input.KeyId === 'string' ? input.KeyId : '';
    const aliasArn = new RegExp(`^arn:aws:kms:[^:]+:[0-9]{12}:${SANDBOX_KMS_ALIAS}$`);
    if (![this.key.keyId, this.key.arn, SANDBOX_KMS_ALIAS].includes(keyRef) && !aliasArn.test(keyRef)) {
      return kmsError(400, 'NotFoundException', `Key '${keyRef}' does not exist`, ids);
    }
    const metadata = {
      KeyId: this.key.keyId,
      Arn: this.key.arn,
      KeySpec: 'ECC_NIST_EDWARDS25519',
      KeyUsage: 'SIGN_VERIFY',
      KeyState: this.key.enabled ? 'Enabled' : 'Disabled',
      Enabled: this.key.enabled,
      SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'],
    };
    switch (operation) {
      case 'DescribeKey':
        return kmsOk({ KeyMetadata: metadata }, ids);
      case 'GetPublicKey':
        return kmsOk(
          {
            KeyId: this.key.arn,
            PublicKey: this.key.publicKeyDer.toString('base64'),
            KeySpec: metadata.KeySpec,
            KeyUsage: metadata.KeyUsage,
            SigningAlgorithms: metadata.SigningAlgorithms,
          },
          ids,
        );
      case 'Sign': {
        if (!this.key.enabled) return kmsError(400, 'DisabledException', `${this.key.arn} is disabled.`, ids);
        if (input.SigningAlgorithm !== 'ED25519_SHA_512') {
          return kmsError(400, 'ValidationException', `SigningAlgorithm ${String(input.SigningAlgorithm)} is not valid for this key (sandbox signs ED25519_SHA_512)`, ids);
        }
        if ((input.MessageType ?? 'RAW') !== 'RAW') return kmsError(400, 'ValidationException', 'ED25519_SHA_512 signs RAW messages only', ids);
        const message = Buffer.from(typeof input.Message === 'string' ? input.Message : '', 'base64');
        if (message.length === 0 || message.length > MAX_RAW_MESSAGE) {
          return kmsError(400, 'ValidationException', `Message must be 1 to ${MAX_RAW_MESSAGE} bytes (got ${message.length})`, ids);
        }
        return kmsOk({ KeyId: this.key.arn, Signature: sign(null, message, this.privateKey).toString('base64'), SigningAlgorithm: 'ED25519_SHA_512' }, ids);
      }
      default:
        return kmsError(400, 'UnknownOperationException', `the sandbox does not serve kms:${operation}`, ids);
    }
  }
}

function kmsOk(value: unknown, ids: RequestIdSet): WireResponse {
  return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': ids.uuid }, body: JSON.stringify(value), errorCode: null };
}

export function kmsError(status: number, code: string, message: string, ids: RequestIdSet): WireResponse {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': ids.uuid },
    body: JSON.stringify({ __type: code, message }),
    errorCode: code,
  };
}
