/**
 * The sandbox's AWS KMS: the JSON 1.1 protocol (`X-Amz-Target: TrentService.<Operation>`).
 *
 * The ledger key: DescribeKey, GetPublicKey and Sign over one Ed25519 signing key (key spec
 * ECC_NIST_EDWARDS25519) made when the sandbox starts and reachable by its key id, its ARN or the
 * alias `alias/binder-ledger` (from any answering region, as before). The private key never leaves
 * this module, as it never leaves AWS KMS. Its key id is the scenario's `ledgerKeyId`, so the key
 * is also one of the account's keys of the home region.
 *
 * The account's keys (the day's aws.kms.key resources of the signing region): ListKeys
 * (Limit 1-1000, default 100; Marker / NextMarker / Truncated), DescribeKey, GetKeyRotationStatus
 * (UnsupportedOperationException for asymmetric and HMAC keys and other origins,
 * KMSInvalidStateException for a key pending deletion) and GetKeyPolicy (policy name "default").
 * The ledger key's state follows `kms.key.enabled` (a test may disable it); everything else about
 * it comes from the scenario.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { KmsKey } from '../model/resources.ts';
import type { RequestIdSet, WireResponse } from './wire-format.ts';
import { epochSeconds, page, readPageToken } from './wire-json.ts';

/** The account's keys of the signing region, for the account operations. */
export interface KmsAccountView {
  region: string;
  accountId: string;
  keys: readonly KmsKey[];
}

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

  constructor(region: string, accountId: string, keyId: string = randomUUID()) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
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

  handle(operation: string, body: Buffer, ids: RequestIdSet, account?: KmsAccountView): WireResponse {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return kmsError(400, 'SerializationException', 'the request body is not JSON', ids);
    }
    const keyRef = typeof input.KeyId === 'string' ? input.KeyId : '';
    if (operation === 'ListKeys') return this.listKeys(input, ids, account);
    const aliasArn = new RegExp(`^arn:aws:kms:[^:]+:[0-9]{12}:${SANDBOX_KMS_ALIAS}$`);
    const isLedger = [this.key.keyId, this.key.arn, SANDBOX_KMS_ALIAS].includes(keyRef) || aliasArn.test(keyRef);
    const accountKey = account?.keys.find((k) => k.keyId === keyRef || k.id === keyRef || (isLedger && k.keyId === this.key.keyId));
    if (!isLedger && !accountKey) {
      return kmsError(400, 'NotFoundException', `Key '${keyRef}' does not exist`, ids);
    }
    if (!isLedger || operation === 'GetKeyRotationStatus' || operation === 'GetKeyPolicy') {
      const k = accountKey ? this.live(accountKey) : undefined;
      if (!k) return kmsError(400, 'NotFoundException', `Key '${keyRef}' does not exist`, ids);
      switch (operation) {
        case 'DescribeKey':
          return kmsOk({ KeyMetadata: keyMetadata(k, account?.accountId ?? '') }, ids);
        case 'GetKeyRotationStatus':
          if (k.keyState === 'PendingDeletion') return kmsError(400, 'KMSInvalidStateException', `${k.id} is pending deletion.`, ids);
          if (k.keySpec !== 'SYMMETRIC_DEFAULT' || k.origin !== 'AWS_KMS') return kmsError(400, 'UnsupportedOperationException', `${k.id} key usage or key spec does not support automatic rotation.`, ids);
          return kmsOk(k.keyManager === 'AWS' || k.rotationEnabled === null ? { KeyRotationEnabled: true, KeyId: k.id, RotationPeriodInDays: 365 } : { KeyRotationEnabled: k.rotationEnabled, KeyId: k.id, RotationPeriodInDays: k.rotationPeriodDays ?? undefined }, ids);
        case 'GetKeyPolicy': {
          const name = input.PolicyName ?? 'default';
          if (name !== 'default') return kmsError(400, 'NotFoundException', `No such policy exists: ${String(name)}`, ids);
          return kmsOk({ Policy: JSON.stringify(k.policy ?? awsManagedKeyPolicy(k, account?.accountId ?? '')), PolicyName: 'default' }, ids);
        }
        default:
          if (!isLedger) return kmsError(400, 'UnknownOperationException', `the sandbox does not serve kms:${operation} on the account's keys`, ids);
      }
    }
    const metadata = {
      ...(accountKey ? keyMetadata(this.live(accountKey), account?.accountId ?? '') : {}),
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

  /** The ledger key as the scenario lists it, with its state from the live `enabled` flag. */
  private live(k: KmsKey): KmsKey {
    if (k.keyId !== this.key.keyId || this.key.enabled) return k;
    return { ...k, keyState: 'Disabled' };
  }

  private listKeys(input: Record<string, unknown>, ids: RequestIdSet, account?: KmsAccountView): WireResponse {
    const limit = input.Limit === undefined ? 100 : input.Limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000) return kmsError(400, 'ValidationException', `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000`, ids);
    const keys = account?.keys ?? [];
    const scope = `kms-keys:${account?.region ?? ''}`;
    const offset = readPageToken(scope, input.Marker);
    if (offset === null) return kmsError(400, 'InvalidMarkerException', 'Marker is not valid.', ids);
    const p = page(keys, offset, limit, scope);
    return kmsOk({ Keys: p.items.map((k) => ({ KeyId: k.keyId, KeyArn: k.id })), Truncated: p.next !== undefined, NextMarker: p.next }, ids);
  }
}

function keyMetadata(k: KmsKey, accountId: string): Record<string, unknown> {
  const symmetric = k.keySpec === 'SYMMETRIC_DEFAULT';
  const rsa = k.keySpec.startsWith('RSA_');
  return {
    AWSAccountId: accountId,
    KeyId: k.keyId,
    Arn: k.id,
    CreationDate: epochSeconds(k.creationDate),
    Enabled: k.keyState === 'Enabled',
    Description: k.description,
    KeyUsage: k.keyUsage,
    KeyState: k.keyState,
    DeletionDate: epochSeconds(k.deletionDate),
    PendingDeletionWindowInDays: k.deletionDate ? 30 : undefined,
    Origin: k.origin,
    KeyManager: k.keyManager,
    CustomerMasterKeySpec: k.keySpec,
    KeySpec: k.keySpec,
    EncryptionAlgorithms: symmetric ? ['SYMMETRIC_DEFAULT'] : rsa && k.keyUsage === 'ENCRYPT_DECRYPT' ? ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] : undefined,
    SigningAlgorithms:
      k.keyUsage !== 'SIGN_VERIFY'
        ? undefined
        : rsa
          ? ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512']
          : k.keySpec === 'ECC_NIST_EDWARDS25519'
            ? ['ED25519_SHA_512', 'ED25519_PH_SHA_512']
            : ['ECDSA_SHA_256'],
    MacAlgorithms: k.keyUsage === 'GENERATE_VERIFY_MAC' ? [`HMAC_SHA_${k.keySpec.slice(5)}`] : undefined,
    MultiRegion: k.multiRegion,
  };
}

/** The policy AWS gives its managed keys (the scenario records none: collectors ask only customer keys). */
function awsManagedKeyPolicy(k: KmsKey, accountId: string): Record<string, unknown> {
  const service = /protects my (\w+)/.exec(k.description)?.[1]?.toLowerCase() ?? 'ebs';
  return {
    Version: '2012-10-17',
    Id: `auto-${service}-2`,
    Statement: [
      {
        Sid: `Allow access through ${service.toUpperCase()} for all principals in the account that are authorized to use ${service.toUpperCase()}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `${service}.${k.region}.amazonaws.com` } },
      },
      { Sid: 'Allow direct access to key metadata to the account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'], Resource: '*' },
    ],
  };
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
