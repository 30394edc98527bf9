/**
 * Redaction by meaning: registered values, secret-named keys, exact credential shapes. Every fake
 * credential is made at run time (no credential-shaped literal is committed).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSecretFieldName, redactFields, redactSecrets } from '../../model/redact-secrets.ts';
import { generateFakeCredentials } from '../../sandbox/fake-credentials.ts';

/** A base64 secret of exactly 40 characters with a / or + in it (how AWS secret keys look). */
function fakeSecretKey(): string {
  for (;;) {
    const key = randomBytes(30).toString('base64');
    if (/[/+]/.test(key)) return key;
  }
}

/** A session token in the STS shape: the fixed header, then a few hundred base64 characters. */
function fakeSessionToken(header: string): string {
  return `${header}${randomBytes(300).toString('base64')}`;
}
const TOKEN_HEADERS = ['IQoJb3JpZ2luX2Vj', 'FwoGZXIvYXdz', 'FQoGZXIvYXdz', 'AQoDYXdz'];

/** Our identifiers, several of them 40 characters of base64 alphabet or longer. */
const OUR_IDS = [
  'Europe/20260301T020000Z/20260301T020312Z-1a2b3c4d', // first 40: base64, / and five of each case
  'EastUS/20260301T020000Z/20260301T020312Z-1a2b3c4d',
  'prod01/20260301T020000Z/20260301T020312Z-1a2b3c4d',
  'Production-Europe/20260301T020000Z/20260301T020312Z-deadbeef',
  'arn:aws:iam::123456789012:role/service-role/BinderCollectorRoleForEvidenceReadOnlyEurope',
  'arn:aws:iam::aws:policy/service-role/AWSConfigRulesExecutionRole',
  'arn:aws:s3:::acme-soc2-evidence/binder/objects/sha256/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
  'Yd6PSJxJFQeTYJ/3dDO7miqJfVMXXW0S2Hijo3WFs4bz6oe2QCVXasxXLZdMfASd/uR+CQbMZS8=', // S3 x-amz-id-2
  '4f2c8a1e-7b3d-4e5f-9a6b-0c1d2e3f4a5b',
];

describe('redactSecrets', () => {
  it('leaves snapshot ids, ARNs and request ids whole, even 40-character base64 runs of both cases', () => {
    for (const id of OUR_IDS) expect(redactSecrets(`could not write ${id}: AccessDenied`), id).toBe(`could not write ${id}: AccessDenied`);
    // A run of exactly 40 base64 characters with / and many capitals, on its own: not a secret by length.
    const run = 'Europe/20260301T020000Z/20260301T020312Z';
    expect(run).toHaveLength(40);
    expect(redactSecrets(run)).toBe(run);
  });

  it('masks access key ids (AKIA and ASIA) wherever they stand', () => {
    const { accessKeyId } = generateFakeCredentials();
    const temporary = `ASIA${accessKeyId.slice(4)}`;
    expect(redactSecrets(`key ${accessKeyId} and (${temporary}).`)).toBe('key [redacted-key-id] and ([redacted-key-id]).');
  });

  it('masks a 40-character secret standing next to a key id, before or after it', () => {
    const { accessKeyId } = generateFakeCredentials();
    const secret = fakeSecretKey();
    expect(redactSecrets(`${accessKeyId} ${secret}`)).toBe('[redacted-key-id] [redacted]');
    expect(redactSecrets(`${accessKeyId},${secret}\n`)).toBe('[redacted-key-id],[redacted]\n');
    expect(redactSecrets(`pair (${secret} / ${accessKeyId})`)).toBe('pair ([redacted] / [redacted-key-id])');
    // A snapshot id in the same text, with words between it and the key id, stays readable.
    expect(redactSecrets(`${accessKeyId} ${secret} may not write ${OUR_IDS[0]}`)).toBe(`[redacted-key-id] [redacted] may not write ${OUR_IDS[0]}`);
    expect(redactSecrets(`${accessKeyId} wrote ${OUR_IDS[0]}`)).toBe(`[redacted-key-id] wrote ${OUR_IDS[0]}`);
  });

  it('masks session tokens by their STS header, with no key id or name near them', () => {
    for (const header of TOKEN_HEADERS) {
      const token = fakeSessionToken(header);
      expect(redactSecrets(`the token ${token} expired`), header).toBe('the token [redacted] expired');
    }
  });

  it('masks a long token next to a key id even without a known header', () => {
    const { accessKeyId } = generateFakeCredentials();
    const token = randomBytes(120).toString('base64');
    expect(redactSecrets(`${accessKeyId}:${token}`)).toBe('[redacted-key-id]:[redacted]');
  });

  it('masks the value of a secret-named key, whatever it looks like', () => {
    const short = randomBytes(5).toString('hex'); // 10 characters: no shape would catch it
    const cases: [string, string][] = [
      [`aws_secret_access_key=${short}`, 'aws_secret_access_key=[redacted]'],
      [`aws_secret_access_key = ${short}\n`, 'aws_secret_access_key = [redacted]\n'],
      [`{"SecretAccessKey":"${short}","AccessKeyId":"x"}`, '{"SecretAccessKey":"[redacted]","AccessKeyId":"x"}'],
      [`{"sessionToken": "${short}"}`, '{"sessionToken": "[redacted]"}'],
      [`GET /?X-Amz-Security-Token=${short}&X-Amz-Date=20260301T020000Z`, 'GET /?X-Amz-Security-Token=[redacted]&X-Amz-Date=20260301T020000Z'],
      [`password=${short}.`, 'password=[redacted].'],
    ];
    for (const [text, expected] of cases) expect(redactSecrets(text)).toBe(expected);
  });

  it('does not mistake an error code and its message for a key and a value', () => {
    const text = 'sts:GetCallerIdentity (us-east-1) failed: ExpiredToken: The security token included in the request is expired';
    expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets('InvalidClientTokenId: The security token is invalid')).toBe('InvalidClientTokenId: The security token is invalid');
  });
});

describe('isSecretFieldName and redactFields', () => {
  it('knows secret-named fields in any case and separator', () => {
    for (const n of ['secretAccessKey', 'aws_secret_access_key', 'SessionToken', 'x-amz-security-token', 'password', 'privateKeyPem', 'Authorization', 'credentials'])
      expect(isSecretFieldName(n), n).toBe(true);
    for (const n of ['snapshotId', 'runId', 'accessKeyId', 'arn', 'reason', 'requestIds']) expect(isSecretFieldName(n), n).toBe(false);
  });

  it('masks secret-named fields and credential shapes in values, and keeps ids', () => {
    const { accessKeyId, secretAccessKey } = generateFakeCredentials();
    const out = redactFields({
      snapshotId: OUR_IDS[0],
      arn: OUR_IDS[4],
      nested: { secretAccessKey, note: `key ${accessKeyId} ${secretAccessKey}` },
      error: new Error(`token ${fakeSessionToken('IQoJb3JpZ2luX2Vj')} rejected`),
    });
    expect(out).toEqual({
      snapshotId: OUR_IDS[0],
      arn: OUR_IDS[4],
      nested: { secretAccessKey: '[redacted]', note: 'key [redacted-key-id] [redacted]' },
      error: 'Error: token [redacted] rejected',
    });
  });
});
