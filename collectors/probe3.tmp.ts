import { buildScenario } from '../sandbox/scenario.ts';
import { resourcesOfType } from '../model/resources.ts';
const s = buildScenario({ seed: 'collectors-it', size: 'demo' });
for (const d of [0, 100, 200]) {
const st = s.stateOn(d);
const b = resourcesOfType(st.resources, 'aws.s3.bucket');
console.log(d, [...new Set(b.map((x) => x.region))], b.filter((x) => !x.policy).length, 'nopolicy', resourcesOfType(st.resources, 'aws.iam.account')[0]!.passwordPolicy === null);
}
const t = performance.now();
const big = buildScenario({ seed: 'x', size: { users: 1100, groups: 4, roles: 4, customerPolicies: 6, buckets: 8 }, days: 3 });
console.log(big.stateOn(1).resources.length, performance.now() - t);
