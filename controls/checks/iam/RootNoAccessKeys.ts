/** Fails the root credential-report row when it has an active access key (aws-evidence #13). */
import { defineCheck } from '../../check.ts';
import { credentialsLabel } from '../principalLabel.ts';
import { activeKeys } from './activeKeys.ts';

export const RootNoAccessKeys = defineCheck({
  id: 'iam.root-no-access-keys',
  fails: 'root credentials row has an active access key (#13)',
  control: 'AC-03',
  title: 'The root user has no access keys',
  rationale:
    'Root access keys give unrestricted, unconstrainable API access to the whole account; no permission or SCP can limit them, so they should not exist.',
  criteria: ['CC6.1', 'CC6.2', 'CC6.3'],
  severity: 'critical',
  settingsRead: [],
  note: 'Read from the root row of the credential report (access_key_1_active, access_key_2_active; up to 4 hours old), so a key created and deleted between two snapshots is not seen. An inactive root key passes. Does not judge root sign-ins or root sessions granted through centralized root access management.',
  remediation: {
    change:
      "Delete the root user's access keys, after checking in the credential report that nothing still uses them.",
    console:
      'Sign in as the root user > account name menu > Security credentials > Access keys > Actions > Delete',
    cli: [
      'aws iam list-access-keys',
      'aws iam delete-access-key --access-key-id <access-key-id>',
      '# run both with the root credentials: without --user-name they act on the caller, the root user',
    ].join('\n'),
  },
  target: 'aws.iam.credentials',
  reads: [],
  timeDependent: false,
  evaluate(row) {
    const label = credentialsLabel(row);
    if (!row.isRoot) return { outcome: 'not-applicable', reason: `${label}: not the root user` };
    const keys = activeKeys(row);
    if (keys.length === 0) return { outcome: 'pass', reason: `${label}: no active access key` };
    return {
      outcome: 'fail',
      reason: `${label}: access key ${keys.map((k) => k.number).join(' and ')} active`,
    };
  },
});
