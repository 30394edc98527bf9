import { buildScenario } from '../sandbox/scenario.ts';
import { resourcesOfType } from '../model/resources.ts';
const s = buildScenario({ seed: 'collectors-it', size: 'demo', days: 240 });
for (let d = 0; d < 240; d += 1) {
  const st = s.stateOn(d);
  const nulls = resourcesOfType(st.resources, 'aws.s3.bucket').flatMap((b) => (['encryption','publicAccessBlock','objectLock','lifecycleRules','replication','ownershipControls','policy'] as const).filter((k) => b[k] === null).map((k) => `${b.name}.${k}`));
  const acct = resourcesOfType(st.resources, 'aws.iam.account')[0]!;
  if (nulls.length || acct.passwordPolicy === null) console.log(d, nulls.join(' '), acct.passwordPolicy === null ? 'no-pw-policy' : '');
}
