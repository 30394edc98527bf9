/** The active access keys of a credential-report row, numbered as the report numbers them. */
import type { AccessKeyStatus, IamCredentials } from '../../../model/resources.ts';

export interface NumberedKey {
  number: 1 | 2;
  key: AccessKeyStatus;
}

export function activeKeys(row: IamCredentials): NumberedKey[] {
  const keys: NumberedKey[] = [
    { number: 1, key: row.accessKey1 },
    { number: 2, key: row.accessKey2 },
  ];
  return keys.filter((k) => k.key.active);
}
