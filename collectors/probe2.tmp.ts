import { buildScenario } from '../sandbox/scenario.ts';
import { startSandbox, SANDBOX_CREDENTIALS } from '../sandbox/server.ts';
import { collectSnapshot } from './collect-snapshot.ts';
import { AwsSourceConfig } from '../config/schema.ts';
import { systemClock } from '../model/clock.ts';
const size = (process.argv[2] ?? 'demo') as 'demo' | 'ci';
const scenario = buildScenario({ seed: 'probe', size });
scenario.stateOn(0);
const sb = await startSandbox({ scenario, day: 0, port: 0 });
for (let i = 0; i < 2; i++) {
  const t = performance.now();
  sb.requestLog.length = 0;
  const snap = await collectSnapshot({ source: AwsSourceConfig.parse({ name: 'sb', endpoint: sb.endpoint }), scheduledFor: scenario.snapshotTime(0), clock: systemClock, credentials: SANDBOX_CREDENTIALS, reportPoll: { initialDelayMs: 5 } });
  const ms = performance.now() - t;
  const byService: Record<string, number> = {};
  for (const e of sb.requestLog) byService[e.service] = (byService[e.service] ?? 0) + 1;
  console.log(`run ${i}: ${Math.round(ms)} ms, resources ${snap.resources.length}, requests`, byService, 'total', sb.requestLog.length);
  const calls = snap.provenance.calls;
  const slow = [...calls].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5).map((c) => `${c.operation} ${c.durationMs}ms pages=${c.pages} at ${c.startedAt}`);
  console.log(' first call', calls.map((c) => c.startedAt).sort()[0], 'start', snap.provenance.startedAt, 'end', snap.provenance.finishedAt);
  console.log(slow.join('\n '));
}
await sb.close();
