/**
 * A check's remediation filled in for one failing resource: the placeholders its id gives
 * (<user>, <bucket>, <region>, <key-id>...) and the check's settings (<minPasswordLength>) are
 * substituted; any other placeholder (<access-key-id>, <trusted-cidr>) is left for the engineer.
 * Pure: reads only the resource's type and id (an exception keeps no more of the resource).
 */
import type { Remediation } from '../model/evaluation.ts';

export interface RemediationTarget {
  resourceType: string;
  resourceId: string;
}

const ARN = /^arn:([^:]+):([^:]*):([^:]*):([^:]*):(.+)$/;

/** The last segment of an IAM resource path: "user/eng/alice" -> "alice" (names never hold "/"). */
function lastSegment(resource: string, prefix: string): string | null {
  if (!resource.startsWith(`${prefix}/`)) return null;
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return name === '' ? null : name;
}

const PRINCIPAL_KINDS: Record<string, 'user' | 'group' | 'role'> = {
  'aws.iam.user': 'user',
  'aws.iam.group': 'group',
  'aws.iam.role': 'role',
};

/** The placeholder values a resource's type and id give; a value it cannot give is absent. */
export function placeholderValues(target: RemediationTarget): Record<string, string> {
  const m = ARN.exec(target.resourceId);
  if (!m) return {};
  const [, partition, , region, account, resource] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const values: Record<string, string> = { partition };
  if (region) values.region = region;
  if (/^\d{12}$/.test(account)) values['account-id'] = account; // not "aws" (an AWS-managed policy)
  const set = (name: string, value: string | null) => {
    if (value) values[name] = value;
  };
  const kind = PRINCIPAL_KINDS[target.resourceType];
  switch (target.resourceType) {
    case 'aws.iam.user':
    case 'aws.iam.group':
    case 'aws.iam.role': {
      const name = lastSegment(resource, kind!);
      set(kind!, name);
      // For checks judged per principal: aws iam delete-<principal-kind>-policy --<principal-kind>-name ...
      if (name) {
        values['principal-kind'] = kind!;
        values['principal-name'] = name;
      }
      break;
    }
    case 'aws.iam.credentials':
      set('user', lastSegment(resource, 'user')); // the root row (":root") names no user
      break;
    case 'aws.iam.policy':
      values['policy-arn'] = target.resourceId;
      set('policy', lastSegment(resource, 'policy'));
      break;
    case 'aws.s3.bucket':
      set('bucket', resource);
      break;
    case 'aws.s3.account-public-access-block':
      set('account-id', resource.startsWith('account/') ? resource.slice('account/'.length) : null);
      break;
    case 'aws.cloudtrail.trail':
      set('trail', lastSegment(resource, 'trail'));
      break;
    case 'aws.kms.key':
      set('key-id', lastSegment(resource, 'key'));
      break;
    case 'aws.ec2.security-group':
      set('group-id', lastSegment(resource, 'security-group'));
      break;
  }
  return values;
}

/** Settings as placeholders: <minPasswordLength> -> 14. Only plain values (numbers, strings, booleans). */
function settingValues(settings: Readonly<Record<string, unknown>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(settings))
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') values[k] = String(v);
  return values;
}

/** Substitutes every <name> that `values` holds; other text, and unknown placeholders, stay. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/<([A-Za-z][A-Za-z0-9-]*)>/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  );
}

/** The remediation for one failing resource, with what its id and the check's settings give filled in. */
export function remediationFor(
  remediation: Remediation,
  target: RemediationTarget,
  settings: Readonly<Record<string, unknown>> = {},
): Remediation {
  const values = { ...settingValues(settings), ...placeholderValues(target) };
  return {
    change: fillPlaceholders(remediation.change, values),
    console: fillPlaceholders(remediation.console, values),
    cli: fillPlaceholders(remediation.cli, values),
  };
}
