/** IAM behind the service seam: users, groups, roles, managed policies, credential report rows and account settings. */
import { collectIam } from './iam-collector.ts';
import type { AwsServiceCollector } from './service-collector.ts';

export const iamService: AwsServiceCollector = {
  name: 'iam',
  resourceTypes: ['aws.iam.user', 'aws.iam.group', 'aws.iam.role', 'aws.iam.policy', 'aws.iam.credentials', 'aws.iam.account'],
  operations: {
    'iam:GetAccountAuthorizationDetails': 'iam:GetAccountAuthorizationDetails',
    'iam:GenerateCredentialReport': 'iam:GenerateCredentialReport',
    'iam:GetCredentialReport': 'iam:GetCredentialReport',
    'iam:GetAccountPasswordPolicy': 'iam:GetAccountPasswordPolicy',
    'iam:GetAccountSummary': 'iam:GetAccountSummary',
    'iam:ListVirtualMFADevices': 'iam:ListVirtualMFADevices',
    'iam:ListServerCertificates': 'iam:ListServerCertificates',
  },
  async collect(ctx) {
    const iam = await collectIam(ctx);
    return { resources: iam.resources, credentialReportGeneratedAt: iam.credentialReportGeneratedAt };
  },
};
