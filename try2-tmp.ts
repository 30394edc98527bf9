import { buildScenario } from './sandbox/scenario.ts';
import * as churn from './sandbox/scenario-churn.ts';
import * as ops from './sandbox/scenario-ops.ts';
const s = buildScenario({ seed: 'x', size: (process.argv[2] ?? 'ci') as 'ci' });
const impl = s as unknown as { advance: (w: unknown) => void; cursor: { clone(): unknown; resources(): unknown[] } };
let w = impl.cursor.clone();
let tAdv = 0, tRes = 0;
for (let d = 1; d < 365; d++) { let t = performance.now(); impl.advance(w); tAdv += performance.now() - t; t = performance.now(); (w as any).resources(); tRes += performance.now() - t; }
console.log('advance', tAdv.toFixed(0), 'resources', tRes.toFixed(0));
void churn; void ops;
