/** Small, readable histories for the period evaluation tests. */
import type { Resource } from '../../../model/resources.ts';
import {
  accountBpa,
  bucket,
  collect,
  credentials,
  failRun,
  MemoryEvidenceStore,
  PUBLIC_READ_STATEMENT,
  role,
  slot,
  TLS_STATEMENT,
  user,
} from './fakes.ts';

export const RESTRICTED_READ_STATEMENT = {
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::123456789012:root' },
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::web/*',
};

/**
 * Ten days, 2026-03-01..10, one snapshot a day at 02:00Z, source "prod":
 * - logs: versioning Suspended on Mar 3-5, Enabled again Mar 6
 * - data: versioning Suspended from Mar 8 to the end (open)
 * - web: public-read statement replaced by an account-restricted one on Mar 2
 * - tmp: Suspended Mar 1-2, deleted Mar 3
 * - archive: never changes
 * - alice: key rotated 2025-12-06, too old from Mar 7 (91 days), rotated again Mar 9
 * - with withBeforePeriod: a Feb 28 snapshot where data was Suspended
 * - Mar 4: no run at all; Mar 7: the run failed (AccessDenied)
 */
export async function tenDayStore(
  options: { withBeforePeriod?: boolean } = {},
): Promise<MemoryEvidenceStore> {
  const store = new MemoryEvidenceStore();
  if (options.withBeforePeriod) {
    await collect(store, 'prod', '2026-02-28T02:00:00.000Z', dayResources(-1));
  }
  for (let d = 0; d < 10; d++) {
    if (d === 3) continue;
    if (d === 6) {
      await failRun(
        store,
        'prod',
        slot('2026-03-01', d),
        'AccessDenied: not authorized to perform iam:GenerateCredentialReport',
      );
      continue;
    }
    await collect(store, 'prod', slot('2026-03-01', d), dayResources(d));
  }
  return store;
}

function dayResources(d: number): Resource[] {
  const suspended = { status: 'Suspended' as const, mfaDelete: 'Disabled' as const };
  const out: Resource[] = [
    bucket('logs', d >= 2 && d <= 4 ? { versioning: suspended } : {}),
    bucket('data', d >= 7 || d < 0 ? { versioning: suspended } : {}),
    bucket('web', {
      policy: {
        Version: '2012-10-17',
        Statement: [TLS_STATEMENT, d >= 1 ? RESTRICTED_READ_STATEMENT : PUBLIC_READ_STATEMENT],
      },
      policyStatusIsPublic: d < 1,
    }),
    bucket('archive'),
    accountBpa(false),
    credentials('alice', d >= 8 ? '2026-03-09T00:00:00.000Z' : '2025-12-06T00:00:00.000Z'),
  ];
  if (d < 2) out.push(bucket('tmp', { versioning: suspended }));
  return out;
}

/**
 * A low-churn history for the reuse tests: `days` daily snapshots of `buckets` buckets and
 * `users` credential rows. Each day one bucket flips versioning; some buckets carry a public
 * policy; on day 30 account Block Public Access is switched on; a bucket is deleted on day 20
 * and a new one created on day 25. Ten users and five roles carry inline policies for a while.
 */
export async function lowChurnStore(
  days: number,
  buckets: number,
  users: number,
): Promise<MemoryEvidenceStore> {
  const store = new MemoryEvidenceStore();
  const suspendedSince = new Map<number, boolean>();
  for (let d = 0; d < days; d++) {
    const flip = (d * 7) % buckets;
    if (d > 0) suspendedSince.set(flip, !suspendedSince.get(flip));
    const resources: Resource[] = [accountBpa(d >= 30)];
    for (let b = 0; b < buckets; b++) {
      if (b === 3 && d >= 20) continue;
      resources.push(
        bucket(`b-${String(b).padStart(4, '0')}`, {
          versioning: {
            status: suspendedSince.get(b) || b % 50 === 3 ? 'Suspended' : 'Enabled',
            mfaDelete: 'Disabled',
          },
          policy: b % 40 === 1 ? { Statement: [PUBLIC_READ_STATEMENT] } : null,
        }),
      );
    }
    if (d >= 25)
      resources.push(bucket('b-new', { versioning: { status: 'Suspended', mfaDelete: 'Disabled' } }));
    for (let u = 0; u < users; u++) {
      // Rotated on a staggered schedule, so keys cross the 90-day line on different days.
      resources.push(
        credentials(
          `user-${String(u).padStart(3, '0')}`,
          new Date(Date.parse('2025-10-15T00:00:00.000Z') + u * 86_400_000).toISOString(),
        ),
      );
    }
    // Principals for the two-type check: user i has an inline policy on days 10+i..19+i; role 2 has one until it is deleted on day 40.
    for (let i = 0; i < 10; i++)
      resources.push(user(`dev-${i}`, d >= 10 + i && d < 20 + i ? ['temp-access'] : []));
    for (let i = 0; i < 5; i++)
      if (!(i === 2 && d >= 40)) resources.push(role(`svc-${i}`, i === 2 ? ['legacy'] : []));
    await collect(store, 'prod', slot('2026-01-01', d), resources);
  }
  return store;
}
