/**
 * AWS-shaped credentials made at run time for the sandbox and the tests: never a literal in the
 * repository, never valid anywhere but the sandbox that was handed them.
 */
import { randomBytes, randomInt } from 'node:crypto';

export interface SandboxCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh access key id (AKIA + 16 characters, the shape AWS uses) and a 40-character secret. */
export function generateFakeCredentials(): SandboxCredentials {
  let suffix = '';
  for (let i = 0; i < 16; i++) suffix += KEY_ID_ALPHABET[randomInt(KEY_ID_ALPHABET.length)];
  return { accessKeyId: `AKIA${suffix}`, secretAccessKey: randomBytes(30).toString('base64') };
}

/**
 * The identity the sandbox accepts by default, made once per process. A sandbox in another thread
 * or process must be given it explicitly (startSandboxWorker does).
 */
export const SANDBOX_CREDENTIALS: SandboxCredentials = generateFakeCredentials();
