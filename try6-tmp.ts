import { buildScenario } from './sandbox/scenario.ts';
const s = buildScenario({ seed: 'x', size: 'ci' });
const t = performance.now();
console.log(s.answerKey.length, (performance.now() - t).toFixed(0));
