/** ACL grants to everyone (AllUsers) or to any AWS account holder (AuthenticatedUsers). */
import type { S3Bucket, S3Grant } from '../../../model/resources.ts';

const PUBLIC_GROUPS: Record<string, string> = {
  AllUsers: 'AllUsers',
  AuthenticatedUsers: 'AuthenticatedUsers',
};

/** "AllUsers" / "AuthenticatedUsers" for a public group grantee, else null. */
export function publicGroupOf(grant: S3Grant): string | null {
  if (grant.granteeType !== 'Group' || !grant.granteeUri) return null;
  const last = grant.granteeUri.split('/').pop() ?? '';
  return PUBLIC_GROUPS[last] ?? null;
}

/** Public grants with one of the given permissions, described as "AllUsers READ". */
export function publicGrants(bucket: S3Bucket, permissions: readonly S3Grant['permission'][]): string[] {
  return bucket.acl.grants.flatMap((g) => {
    const group = publicGroupOf(g);
    return group && permissions.includes(g.permission) ? [`${group} ${g.permission}`] : [];
  });
}
