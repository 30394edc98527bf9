/** Fails the account when IAM holds server certificates. */
import { defineCheck } from '../../check.ts';

export const NoServerCertificates = defineCheck({
  id: 'iam.no-server-certificates',
  fails: 'account has IAM server certificates (further)',
  control: 'AC-03',
  title: 'No TLS server certificates are stored in IAM',
  rationale:
    'Certificates in IAM are neither renewed nor tracked for expiry; ACM manages and rotates them, so IAM copies are a sign of unmanaged, possibly expired certificates.',
  criteria: ['CC6.1'],
  severity: 'low',
  settingsRead: [],
  note: 'Not applicable when the count was not collected. Counts every certificate, expired or not. Does not judge why a certificate is in IAM: some uses still need it (regions or services without ACM, a CloudFront distribution set up with an IAM certificate); such a certificate fails and is documented as an exception.',
  remediation: {
    change:
      'Move each certificate to AWS Certificate Manager (import it, or request a new one), point its load balancers or CloudFront distributions at the ACM certificate, then delete the IAM copy.',
    console:
      'Not shown in the IAM console (IAM server certificates are managed with the CLI or API); the replacement: Certificate Manager > Import or Request a certificate',
    cli: [
      'aws iam list-server-certificates',
      'aws acm import-certificate --certificate fileb://<certificate>.pem --private-key fileb://<private-key>.pem --certificate-chain fileb://<chain>.pem --region <region>',
      '# once nothing uses the IAM copy:',
      'aws iam delete-server-certificate --server-certificate-name <certificate-name>',
    ].join('\n'),
  },
  target: 'aws.iam.account',
  reads: [],
  timeDependent: false,
  evaluate(account) {
    const count = account.serverCertificateCount;
    const label = `account ${account.accountId}`;
    if (count === null)
      return { outcome: 'not-applicable', reason: `${label}: server certificate count not collected` };
    if (count > 0) return { outcome: 'fail', reason: `${label}: ${count} server certificate(s) in IAM` };
    return { outcome: 'pass', reason: `${label}: no server certificate in IAM` };
  },
});
