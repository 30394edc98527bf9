/**
 * The `reads` contract: the period evaluation reuses a check's verdict on an unchanged resource
 * only while every resource type listed in `check.reads` is unchanged too. A check that looks up
 * a type it did not declare would have its stale verdicts reused. Here every check judges every
 * resource of a sandbox year through a recording index, and any type it touches beyond its
 * declaration fails the test.
 */
import { describe, expect, it } from 'vitest';
import { CheckSettings } from '../../config/schema.ts';
import { targetTypes, type Check } from '../../controls/check.ts';
import { ALL_CHECKS } from '../../controls/checks/index.ts';
import { SnapshotIndex } from '../../controls/snapshot-index.ts';
import type { Resource, ResourceType } from '../../model/resources.ts';
import { buildScenario } from '../../sandbox/scenario.ts';

/** A SnapshotIndex that notes every resource type a lookup reads. */
class RecordingIndex extends SnapshotIndex {
  readonly touched = new Set<ResourceType>();
  override ofType<T extends ResourceType>(type: T): Extract<Resource, { type: T }>[] {
    this.touched.add(type);
    return super.ofType(type);
  }
  override get<T extends ResourceType>(type: T, id: string): Extract<Resource, { type: T }> | undefined {
    this.touched.add(type);
    return super.get(type, id);
  }
  override single<T extends ResourceType>(type: T): Extract<Resource, { type: T }> | undefined {
    this.touched.add(type);
    return super.single(type);
  }
  override groupMembers(groupName: string): string[] {
    this.touched.add('aws.iam.user');
    return super.groupMembers(groupName);
  }
  override rolesAttaching(policyArn: string): string[] {
    this.touched.add('aws.iam.role');
    return super.rolesAttaching(policyArn);
  }
}

/** Types check `check` read through the index over `resources`, beyond what it declares. */
function undeclaredReads(check: Check, resources: readonly Resource[], asOf: Date, settings: CheckSettings): ResourceType[] {
  const plain = new SnapshotIndex(resources);
  const index = new RecordingIndex(resources);
  for (const type of targetTypes(check)) {
    for (const resource of plain.ofType(type)) check.evaluate(resource as never, { asOf, settings, index });
  }
  const declared = new Set(check.reads);
  return [...index.touched].filter((t) => !declared.has(t)).sort();
}

describe('every check reads only the resource types it declares', () => {
  it('over every day of the demo sandbox year', () => {
    const scenario = buildScenario({ seed: 'demo', size: 'demo' });
    const settings = CheckSettings.parse({});
    const found = new Map<string, Set<ResourceType>>();
    let judged = 0;
    for (let day = 0; day < scenario.days; day += 1) {
      const { resources } = scenario.stateOn(day);
      const asOf = scenario.snapshotTime(day);
      for (const check of ALL_CHECKS) {
        for (const t of undeclaredReads(check, resources, asOf, settings)) {
          const set = found.get(check.id) ?? new Set();
          set.add(t);
          found.set(check.id, set);
        }
        judged += 1;
      }
    }
    expect(judged).toBe(scenario.days * ALL_CHECKS.length);
    expect(Object.fromEntries([...found].map(([id, types]) => [id, [...types].sort()]))).toEqual({});
  });

  it('catches a check that reads an undeclared type', () => {
    const scenario = buildScenario({ seed: 'demo', size: 'demo' });
    const { resources } = scenario.stateOn(0);
    const sneaky = { ...ALL_CHECKS[0]!, reads: [], evaluate: (_r: Resource, ctx: { index: SnapshotIndex }) => ({ outcome: ctx.index.single('aws.iam.account') ? 'pass' : 'fail', reason: 'x' }) } as unknown as Check;
    expect(undeclaredReads(sneaky, resources, scenario.snapshotTime(0), CheckSettings.parse({}))).toEqual(['aws.iam.account']);
  });
});
