/** Fails a user without a permissions boundary, only when settings.requirePermissionsBoundary is true. */
import { defineCheck } from '../../check.ts';

export const UserPermissionsBoundary = defineCheck({
  id: 'iam.user-permissions-boundary',
  fails:
    'a user has no permissions boundary (further; severity low, off by default unless settings.requirePermissionsBoundary)',
  control: 'AC-01',
  title: 'Users have a permissions boundary',
  rationale:
    'A permissions boundary caps what a user can ever be granted, so a mistaken or malicious grant cannot exceed it.',
  criteria: ['CC6.3'],
  severity: 'low',
  settingsRead: ['requirePermissionsBoundary'],
  note: 'Off by default: not applicable unless requirePermissionsBoundary is true. Only the presence of a boundary is read. Does not judge what the boundary allows (a boundary of "*" on "*" caps nothing and passes), nor boundaries on roles.',
  remediation: {
    change: "Set the organisation's permissions boundary policy on the user.",
    console: 'IAM > Users > <user> > Permissions > Permissions boundary > Set permissions boundary',
    cli: 'aws iam put-user-permissions-boundary --user-name <user> --permissions-boundary <boundary-policy-arn>',
  },
  target: 'aws.iam.user',
  reads: [],
  timeDependent: false,
  evaluate(user, ctx) {
    if (!ctx.settings.requirePermissionsBoundary) {
      return { outcome: 'not-applicable', reason: `user ${user.name}: requirePermissionsBoundary is false` };
    }
    if (user.permissionsBoundaryArn === null)
      return { outcome: 'fail', reason: `user ${user.name}: no permissions boundary` };
    return { outcome: 'pass', reason: `user ${user.name}: boundary ${user.permissionsBoundaryArn}` };
  },
});
