/** Fails a customer-managed key in state PendingDeletion. */
import { defineCheck } from '../../check.ts';
import { showTime } from '../age.ts';
import { keyLabel } from './keyLabel.ts';

export const KeyNotPendingDeletion = defineCheck({
  id: 'kms.key-not-pending-deletion',
  fails: 'a customer-managed key in state PendingDeletion',
  control: 'DP-04',
  title: 'No customer-managed KMS key is scheduled for deletion',
  rationale:
    'Once a key is deleted, everything encrypted under it can never be decrypted again; a key scheduled for deletion must be confirmed as unused before the waiting period ends, or the data it protects is lost.',
  criteria: ['CC6.1', 'CC6.7'],
  severity: 'high',
  settingsRead: [],
  note: 'keyState and deletionDate from DescribeKey, per key; AWS-managed keys (which cannot be scheduled for deletion) are not applicable. Only the state PendingDeletion fails: PendingReplicaDeletion (a multi-Region replica being removed) and Disabled keys pass here. Does not judge whether the deletion is intended and the key unused, which the owner must document.',
  remediation: {
    change:
      'If the key may still protect data, cancel its deletion (the key comes back Disabled: enable it if it is used); if the deletion is intended, document that nothing uses the key.',
    console: 'KMS (region <region>) > Customer managed keys > <key-id> > Key actions > Cancel key deletion',
    cli: [
      'aws kms cancel-key-deletion --key-id <key-id> --region <region>',
      'aws kms enable-key --key-id <key-id> --region <region>',
    ].join('\n'),
  },
  target: 'aws.kms.key',
  reads: [],
  timeDependent: false,
  evaluate(key) {
    const label = keyLabel(key);
    if (key.keyManager !== 'CUSTOMER') return { outcome: 'not-applicable', reason: `${label}: AWS-managed` };
    if (key.keyState === 'PendingDeletion') {
      const when = key.deletionDate ? `, deletion on ${showTime(key.deletionDate)}` : '';
      return { outcome: 'fail', reason: `${label}: state PendingDeletion${when}` };
    }
    return { outcome: 'pass', reason: `${label}: state ${key.keyState}` };
  },
});
