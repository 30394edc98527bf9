/** How big a simulated organization is, and the named presets (demo, ci, bench, estate). */

export interface ScenarioSize {
  users: number;
  groups: number;
  roles: number;
  /** Customer-managed policies (the permissions boundary policy is one of them). */
  customerPolicies: number;
  /** Buckets, including the access-log buckets. */
  buckets: number;
  /** Fraction of users joining per day (default 0.0025) and leaving per day (default 0.0025). */
  dailyJoinRate?: number;
  dailyLeaveRate?: number;
}

export type ScenarioPreset = 'demo' | 'ci' | 'bench' | 'estate';

export const SCENARIO_PRESETS: Record<ScenarioPreset, ScenarioSize> = {
  demo: { users: 40, groups: 8, roles: 10, customerPolicies: 12, buckets: 8 },
  ci: { users: 1000, groups: 40, roles: 100, customerPolicies: 200, buckets: 200 },
  bench: { users: 10000, groups: 200, roles: 1000, customerPolicies: 2000, buckets: 2000 },
  // A large estate, as real organizations are: 50,000 identities, 10,000 buckets (the scale issue's size).
  estate: { users: 50000, groups: 1000, roles: 5000, customerPolicies: 10000, buckets: 10000 },
};

/** The smallest organization the planted violations fit into. */
export const MIN_SIZE: ScenarioSize = { users: 20, groups: 4, roles: 4, customerPolicies: 6, buckets: 8 };

export function resolveSize(size: ScenarioSize | ScenarioPreset): Required<ScenarioSize> {
  const s = typeof size === 'string' ? SCENARIO_PRESETS[size] : size;
  if (!s) throw new Error(`buildScenario: unknown size preset "${String(size)}" (expected demo, ci, bench or estate)`);
  for (const key of ['users', 'groups', 'roles', 'customerPolicies', 'buckets'] as const) {
    if (!Number.isInteger(s[key]) || s[key] < MIN_SIZE[key]) {
      throw new Error(`buildScenario: size.${key} must be an integer >= ${MIN_SIZE[key]} (got ${String(s[key])})`);
    }
  }
  return { dailyJoinRate: 0.0025, dailyLeaveRate: 0.0025, ...s };
}
