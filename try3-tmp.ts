import { buildScenario } from './sandbox/scenario.ts';
import { playChurn } from './sandbox/scenario-churn.ts';
import { refreshSummary } from './sandbox/scenario-ops.ts';
const s = buildScenario({ seed: 'x', size: 'ci' }) as any;
const w = s.cursor.clone();
let a = 0, b = 0;
for (let d = 1; d < 365; d++) { w.day = d; w.changed.clear(); let t = performance.now(); playChurn(s.ctx, s.layout, w, d); a += performance.now() - t; t = performance.now(); refreshSummary(s.ctx, w); b += performance.now() - t; }
console.log('churn', a.toFixed(0), 'summary', b.toFixed(0));
