/**
 * The IAM permissions the collectors need, and nothing more: one IAM action per API operation the
 * registered service collectors call (collectors/aws/services.ts; read-only, none that returns a
 * secret). Attach COLLECTOR_IAM_POLICY to the collecting role. A test fails if a collection calls
 * an operation not covered here.
 */
import { AWS_SERVICES } from './services.ts';

/** "<service>:<Operation>" as called (S3 Control's GetPublicAccessBlock is s3control:...) -> IAM action. */
export const OPERATION_ACTIONS: Readonly<Record<string, string>> = Object.freeze({
  'sts:GetCallerIdentity': 'sts:GetCallerIdentity',
  ...Object.assign({}, ...AWS_SERVICES.map((s) => s.operations)),
});

export const COLLECTOR_ACTIONS: string[] = [...new Set(Object.values(OPERATION_ACTIONS))].sort();

export const COLLECTOR_IAM_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'BinderEvidenceCollectionReadOnly',
      Effect: 'Allow',
      Action: COLLECTOR_ACTIONS,
      Resource: '*',
    },
  ],
} as const;

/** The IAM action an operation needs, or null when the collectors are not meant to call it. */
export function actionFor(service: string, operation: string): string | null {
  return OPERATION_ACTIONS[`${service}:${operation}`] ?? null;
}
