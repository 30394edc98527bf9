import { buildScenario } from '../sandbox/scenario.ts';
import { startSandbox, SANDBOX_CREDENTIALS } from '../sandbox/server.ts';
import { collectSnapshot } from './collect-snapshot.ts';
import { AwsSourceConfig } from '../config/schema.ts';
import { canonicalJson } from '../model/canonical-json.ts';
import { ManualClock } from '../model/clock.ts';
const size = (process.argv[2] ?? 'demo') as 'demo' | 'ci';
const day = Number(process.argv[3] ?? 0);
let t = performance.now();
const scenario = buildScenario({ seed: 'probe', size });
const expected = scenario.stateOn(day);
console.log('scenario built', Math.round(performance.now() - t), 'ms');
const sb = await startSandbox({ scenario, day, port: 0 });
const clock = new ManualClock(scenario.snapshotTime(day));
t = performance.now();
try {
  const snap = await collectSnapshot({ source: AwsSourceConfig.parse({ name: 'sb', endpoint: sb.endpoint }), scheduledFor: scenario.snapshotTime(day), clock, credentials: SANDBOX_CREDENTIALS, reportPoll: { initialDelayMs: 5 } });
  console.log('collected', Math.round(performance.now() - t), 'ms', snap.resources.length, 'expected', expected.resources.length);
  const byOp: Record<string, number> = {};
  for (const e of sb.requestLog) byOp[e.service] = (byOp[e.service] ?? 0) + 1;
  console.log(byOp, snap.provenance.counts);
  const exp = new Map(expected.resources.map((r) => [r.type + ' ' + r.id, canonicalJson(r)]));
  const got = new Map(snap.resources.map((r) => [r.type + ' ' + r.id, canonicalJson(r)]));
  let shown = 0;
  for (const [k, v] of exp) {
    if (!got.has(k)) { if (shown++ < 5) console.log('MISSING', k); }
    else if (got.get(k) !== v) { if (shown++ < 8) { console.log('DIFF', k); console.log(' exp', v.slice(0, 1500)); console.log(' got', got.get(k)!.slice(0, 1500)); } }
  }
  for (const k of got.keys()) if (!exp.has(k) && shown++ < 10) console.log('EXTRA', k);
  console.log('mismatches', shown);
} catch (e) { console.error('FAILED', e); }
await sb.close();
