import { buildScenario } from './sandbox/scenario.ts';
let t = performance.now();
const s = buildScenario({ seed: 'x', size: 'bench' });
console.log('build', (performance.now() - t).toFixed(0));
t = performance.now();
for (let d = 0; d < 40; d++) s.stateOn(d);
console.log('40 days', (performance.now() - t).toFixed(0));
