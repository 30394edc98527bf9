/**
 * Populations over a sandbox year in a real local store, against what the scenario itself did:
 * joiners, leavers and privilege changes against the lifecycle its operations recorded (not a
 * diff of ours), configuration changes against the scenario's day states, as-of populations
 * against the state of that day; CSV parsed back, every row's snapshot id and hash checked.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPopulation } from '../../fieldwork/build-population.ts';
import { formatPopulation } from '../../fieldwork/population-output.ts';
import { POPULATIONS } from '../../fieldwork/populations/index.ts';
import type { Population } from '../../fieldwork/population-types.ts';
import { canonicalJson } from '../../model/canonical-json.ts';
import type { LifecycleEvent } from '../../sandbox/scenario.ts';
import type { SnapshotRecord } from '../../store/types.ts';
import { fieldworkStore, type FieldworkStore } from './year-store.ts';

let fw: FieldworkStore;
let records: Map<string, SnapshotRecord>;
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const built = new Map<string, Population>();

async function population(name: string, request: { asOf?: string; from?: string; to?: string } = YEAR): Promise<Population> {
  const id = `${name} ${JSON.stringify(request)}`;
  if (!built.has(id)) built.set(id, await buildPopulation({ store: fw.store, name, request }));
  return built.get(id)!;
}

beforeAll(async () => {
  fw = await fieldworkStore();
  records = new Map((await fw.store.listSnapshots()).map((r) => [r.id, r]));
}, 120_000);

afterAll(async () => {
  await fw?.remove();
});

function eventsOf(kinds: LifecycleEvent['kind'][]): LifecycleEvent[] {
  return fw.scenario.lifecycleEvents.filter((e) => kinds.includes(e.kind));
}

const sorted = (xs: string[]) => [...xs].sort();

describe('joiners, leavers and privilege changes over the sandbox year', () => {
  it('joiners are the users the scenario created, on the day of the snapshot that first shows them', async () => {
    const expected = eventsOf(['user-created']).map((e) => `${fw.scenario.dayString(e.day)} ${e.principalArn}`);
    expect(expected.length).toBeGreaterThan(10);
    const p = await population('joiners');
    expect(sorted(p.rows.map((r) => `${r.day} ${r.resourceId}`))).toEqual(sorted(expected));
    for (const r of p.rows) expect(r.resourceId).toMatch(new RegExp(`:user/${r.userName}$`));
  });

  it('leavers are the users the scenario deleted, with the last day each was seen', async () => {
    const expected = eventsOf(['user-deleted']).map((e) => `${fw.scenario.dayString(e.day)} ${e.principalArn} ${fw.scenario.dayString(e.day - 1)}`);
    expect(expected.length).toBeGreaterThan(10);
    const p = await population('leavers');
    expect(sorted(p.rows.map((r) => `${r.day} ${r.resourceId} ${r.lastSeenDay}`))).toEqual(sorted(expected));
  });

  it('privilege changes are the attachments, inline policies and memberships the scenario changed, and nothing else', async () => {
    const kind: Record<string, string> = {
      'group-member-added': 'group-member-added',
      'group-member-removed': 'group-member-removed',
      'policy-attached': 'policy-attached',
      'policy-detached': 'policy-detached',
      'inline-policy-put': 'inline-policy-added', // no scenario operation replaces an inline policy
      'inline-policy-deleted': 'inline-policy-removed',
    };
    const expected = eventsOf(Object.keys(kind) as LifecycleEvent['kind'][]).map((e) => `${fw.scenario.dayString(e.day)} ${e.principalKind} ${e.principalArn} ${kind[e.kind]} ${e.target}`);
    // The plants: admin attached and detached, a policy on a role, an inline policy, a group emptied and refilled, a user added to a group.
    expect(expected.length).toBeGreaterThanOrEqual(10);
    const p = await population('privilege-changes');
    expect(sorted(p.rows.map((r) => `${r.day} ${r.principalType} ${r.resourceId} ${r.change} ${r.target}`))).toEqual(sorted(expected));
  });

  it('a period counts each change once: the halves of the year add up to the year', async () => {
    const year = await population('joiners');
    const h1 = await population('joiners', { from: '2026-01-01', to: '2026-06-30' });
    const h2 = await population('joiners', { from: '2026-07-01', to: '2026-12-31' });
    expect([...h1.rows, ...h2.rows].map((r) => r.key)).toEqual(year.rows.map((r) => r.key));
    expect(h2.rows.length).toBeGreaterThan(0);
  });
});

describe('config-changes', () => {
  it('has one row per resource that differs between consecutive days of the scenario, with its change kind', async () => {
    const p = await population('config-changes', { from: '2026-02-01', to: '2026-03-15' });
    const expected: string[] = [];
    const first = 31; // 2026-02-01
    let before = new Map(fw.scenario.stateOn(first - 1).resources.map((r) => [`${r.type} ${r.id}`, canonicalJson(r)]));
    for (let d = first; d <= first + 42; d++) {
      const after = new Map(fw.scenario.stateOn(d).resources.map((r) => [`${r.type} ${r.id}`, canonicalJson(r)]));
      for (const [k, v] of after) if (!before.has(k)) expected.push(`${fw.scenario.dayString(d)} ${k} added`);
      else if (before.get(k) !== v) expected.push(`${fw.scenario.dayString(d)} ${k} changed`);
      for (const k of before.keys()) if (!after.has(k)) expected.push(`${fw.scenario.dayString(d)} ${k} removed`);
      before = after;
    }
    expect(sorted(p.rows.map((r) => `${r.day} ${r.resourceType} ${r.resourceId} ${r.change}`))).toEqual(sorted(expected));
    // The planted public ACL of day 36 (2026-02-06) shows as a change of the bucket's acl.
    const acl = p.rows.filter((r) => r.day === '2026-02-06' && r.resourceType === 'aws.s3.bucket' && (r.changedPaths as string[]).some((x) => x.startsWith('acl.grants')));
    expect(acl.length).toBe(1);
    for (const r of p.rows) expect((r.changedPaths as string[]).length, r.key).toBeGreaterThan(0);
  });
});

describe('as-of populations', () => {
  it('iam-users as of a day is that day\'s snapshot: every user with its MFA and groups', async () => {
    const p = await population('iam-users', { asOf: '2026-05-28' });
    const day = 147; // 2026-05-28, inside the admin-attached-to-user plant (146 to 149)
    expect(fw.scenario.dayString(day)).toBe('2026-05-28');
    expect(p.scope.kind === 'as-of' && p.scope.snapshot.scheduledFor).toBe(fw.scenario.snapshotTime(day).toISOString());
    const state = fw.scenario.stateOn(day).resources;
    const users = state.filter((r) => r.type === 'aws.iam.user');
    expect(sorted(p.rows.map((r) => r.userName as string))).toEqual(sorted(users.map((u) => u.name)));
    for (const r of p.rows) {
      const creds = state.find((c) => c.type === 'aws.iam.credentials' && c.id === r.resourceId);
      expect(r.mfaActive, r.key).toBe(creds && creds.type === 'aws.iam.credentials' ? creds.mfaActive : null);
    }
    expect(p.rows.filter((r) => (r.attachedPolicies as string[]).includes('arn:aws:iam::aws:policy/AdministratorAccess')).length).toBe(1);
  });

  it('buckets as of a day hold every bucket and the planted suspended versioning', async () => {
    const p = await population('buckets', { asOf: '2026-04-03' }); // day 92, bucket-versioning-suspended 91 to 95
    const state = fw.scenario.stateOn(92).resources.filter((r) => r.type === 'aws.s3.bucket');
    expect(sorted(p.rows.map((r) => r.bucketName as string))).toEqual(sorted(state.map((b) => b.name)));
    expect(p.rows.filter((r) => r.versioning === 'Suspended').length).toBe(1);
  });

  it('access-review has each quarter\'s users and roles as of its last snapshot', async () => {
    const p = await population('access-review');
    expect(p.scope.kind === 'period' && p.scope.snapshots.map((s) => s.scheduledFor.slice(0, 10))).toEqual(['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31']);
    for (const [quarter, day] of [['2026-Q1', 89], ['2026-Q2', 180], ['2026-Q3', 272], ['2026-Q4', 364]] as const) {
      const state = fw.scenario.stateOn(day).resources;
      const expected = state.filter((r) => r.type === 'aws.iam.user' || r.type === 'aws.iam.role').map((r) => `${r.type === 'aws.iam.user' ? 'user' : 'role'} ${r.id}`);
      expect(sorted(p.rows.filter((r) => r.quarter === quarter).map((r) => `${r.principalType} ${r.resourceId}`))).toEqual(sorted(expected));
    }
  });
});

describe('every population as CSV', () => {
  it('parses back with csv-parse to the same rows, each with a snapshot id and SHA-256 the store holds', async () => {
    for (const def of POPULATIONS) {
      const p = def.takes === 'as-of' ? await population(def.name, { asOf: '2026-08-15' }) : await population(def.name);
      expect(p.rows.length, def.name).toBeGreaterThan(0);
      const csv = formatPopulation(p, 'csv');
      const parsed = parse(csv, { comment: '#', columns: true, relax_column_count: false }) as Record<string, string>[];
      expect(parsed.length, def.name).toBe(p.rows.length);
      expect(Object.keys(parsed[0]!), def.name).toEqual(p.columns);
      parsed.forEach((row, i) => {
        const original = p.rows[i]!;
        expect(row.key).toBe(original.key);
        for (const c of p.columns) {
          const v = original[c];
          expect(row[c], `${def.name} ${original.key} ${c}`).toBe(v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v));
        }
        const rec = records.get(row.snapshotId!);
        expect(rec?.snapshotSha256, `${def.name} row ${row.key}`).toBe(row.snapshotSha256);
        if ('previousSnapshotId' in row) expect(records.get(row.previousSnapshotId!)?.snapshotSha256).toBe(row.previousSnapshotSha256);
      });
    }
  });

  it('names the as-of snapshot in the header', async () => {
    const p = await population('iam-users', { asOf: '2026-08-15' });
    const head = formatPopulation(p, 'csv').split('\r\n').filter((l) => l.startsWith('#')).join('\n');
    expect(head).toContain('bench/20260815T020000Z/bench-226');
    expect(head).toContain(records.get('bench/20260815T020000Z/bench-226')!.snapshotSha256);
  });
});

describe('bad requests', () => {
  const cases: [string, string, { asOf?: string; from?: string; to?: string }, RegExp][] = [
    ['an unknown population, listing the known ones', 'users', YEAR, /unknown population "users"; known: iam-users, joiners/],
    ['--as-of for a period population', 'joiners', { asOf: '2026-03-01' }, /joiners covers a period: give --from/],
    ['a period for an as-of population', 'buckets', YEAR, /buckets is as of a date: give --as-of/],
    ['--from after --to', 'joiners', { from: '2026-05-01', to: '2026-04-01' }, /--from 2026-05-01 is after --to 2026-04-01/],
    ['a period beyond the stored snapshots', 'leavers', { from: '2025-12-01', to: '2026-01-31' }, /not within the stored snapshots.*2026-01-01 to 2026-12-31/],
    ['an as-of day after the last snapshot', 'iam-users', { asOf: '2027-01-01' }, /after the last stored snapshot/],
    ['an as-of day before the first snapshot', 'iam-users', { asOf: '2025-12-31' }, /no snapshot was captured on or before/],
  ];
  for (const [what, name, request, message] of cases) {
    it(`refuses ${what}`, async () => {
      await expect(buildPopulation({ store: fw.store, name, request })).rejects.toMatchObject({ inputError: true, message: expect.stringMatching(message) });
    });
  }

  it('refuses a source the store does not hold', async () => {
    await expect(buildPopulation({ store: fw.store, name: 'joiners', request: YEAR, source: 'prod' })).rejects.toMatchObject({ inputError: true, message: expect.stringMatching(/no snapshots of source "prod"/) });
  });
});
