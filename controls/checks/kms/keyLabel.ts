import type { KmsKey } from '../../../model/resources.ts';

/** "key 1234abcd-... (us-east-1)". */
export function keyLabel(key: KmsKey): string {
  return `key ${key.keyId} (${key.region})`;
}
