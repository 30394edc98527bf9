/** Runs the storage benchmark alone: node bin/run-ts.js bench/store-size-cli.ts [days] [users] [demo|ci|bench|none: calls from a real collection of that size] */
import { BENCH_ORG } from '../test/store/fixtures.ts';
import { runStoreSizeBench } from './store-size.ts';

const days = Number(process.argv[2] ?? 365);
const users = process.argv[3] ? Number(process.argv[3]) : undefined;
const org = users
  ? { users, buckets: Math.round(users / 5), roles: Math.round(users / 10), policies: Math.round(users / 5), groups: Math.max(1, Math.round(users / 50)) }
  : BENCH_ORG;
const from = process.argv[4];
const callsFrom = from === 'none' ? null : from === 'demo' || from === 'ci' || from === 'bench' ? from : undefined;
await runStoreSizeBench({ days, org, ...(callsFrom !== undefined ? { callsFrom } : {}) });
