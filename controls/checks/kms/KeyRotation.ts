/**
 * Fails a customer-managed symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, origin
 * AWS_KMS, state Enabled) with rotationEnabled false; not applicable for other keys.
 */
import { defineCheck } from '../../check.ts';
import { keyLabel } from './keyLabel.ts';

export const KeyRotation = defineCheck({
  id: 'kms.key-rotation',
  fails:
    'a customer-managed symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT, origin AWS_KMS, state Enabled) with rotationEnabled false; N/A for other keys',
  control: 'DP-04',
  title: 'Customer-managed KMS keys rotate automatically',
  rationale:
    'Automatic rotation replaces the key material on a schedule, bounding how much data any one version of the key protects and how long a compromised version stays useful.',
  criteria: ['CC6.1', 'CC6.7'],
  severity: 'medium',
  settingsRead: [],
  note: 'rotationEnabled from GetKeyRotationStatus, per key (ListKeys, DescribeKey). Judged only for customer-managed keys with key spec SYMMETRIC_DEFAULT, usage ENCRYPT_DECRYPT, origin AWS_KMS and state Enabled; every other key is not applicable: AWS-managed keys (AWS rotates them yearly), asymmetric and HMAC keys and imported or external key material (KMS cannot rotate them), and disabled keys or keys pending deletion. Also not applicable when the rotation status was not collected. Does not judge the rotation period (any period passes), on-demand rotations, or a multi-Region replica, whose rotation follows its primary.',
  remediation: {
    change:
      'Turn on automatic rotation of the key (yearly by default; a period from 90 to 2560 days can be set).',
    console: 'KMS (region <region>) > Customer managed keys > <key-id> > Key rotation > Edit > Enable',
    cli: 'aws kms enable-key-rotation --key-id <key-id> --region <region>',
  },
  target: 'aws.kms.key',
  reads: [],
  timeDependent: false,
  evaluate(key) {
    const label = keyLabel(key);
    const outOfScope =
      key.keyManager !== 'CUSTOMER'
        ? 'AWS-managed'
        : key.keySpec !== 'SYMMETRIC_DEFAULT'
          ? `key spec ${key.keySpec}`
          : key.keyUsage !== 'ENCRYPT_DECRYPT'
            ? `key usage ${key.keyUsage}`
            : key.origin !== 'AWS_KMS'
              ? `origin ${key.origin}`
              : key.keyState !== 'Enabled'
                ? `state ${key.keyState}`
                : null;
    if (outOfScope !== null)
      return { outcome: 'not-applicable', reason: `${label}: ${outOfScope}, rotation not judged` };
    if (key.rotationEnabled === null)
      return { outcome: 'not-applicable', reason: `${label}: rotation status not collected` };
    if (!key.rotationEnabled) return { outcome: 'fail', reason: `${label}: rotationEnabled false` };
    const period = key.rotationPeriodDays !== null ? ` every ${key.rotationPeriodDays} days` : '';
    return { outcome: 'pass', reason: `${label}: rotation enabled${period}` };
  },
});
