import { buildScenario } from './sandbox/scenario.ts';
import { Resource } from './model/resources.ts';
const size = (process.argv[2] ?? 'demo') as 'demo';
let t = performance.now();
const s = buildScenario({ seed: 'x', size });
console.log('build', (performance.now() - t).toFixed(0), 'ms', s.accountId, s.callerArn);
t = performance.now();
let total = 0;
for (let d = 0; d < s.days; d++) total += s.stateOn(d).resources.length;
console.log('365 days', (performance.now() - t).toFixed(0), 'ms avg res', (total / s.days).toFixed(0));
if (size === 'demo') { for (const r of s.stateOn(200).resources) Resource.parse(r); }
t = performance.now();
const key = s.answerKey;
console.log('answer key', (performance.now() - t).toFixed(0), 'ms', key.length);
for (const e of key) console.log(e.firstSeen, e.fixedAt, e.checkId, e.resourceId.slice(-40), e.plantId);
const m = process.memoryUsage(); console.log('rss MB', (m.rss/1e6).toFixed(0));
