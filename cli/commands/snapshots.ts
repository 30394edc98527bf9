import type { LedgerEntry, SnapshotRecord } from '../../store/types.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, openWorkspace, type ConfigOptions } from '../setup.ts';

interface SnapshotsListOptions extends ConfigOptions {
  source?: string;
}

export const snapshotsListCommand = defineCommand<SnapshotsListOptions>({
  name: 'snapshots list',
  summary: 'list stored snapshots',
  description: [
    'Lists the complete snapshots in the evidence store, oldest first: id, the slot it fills (or, off-schedule, when it started), capture time, resource count and the SHA-256 taken at collection time.',
    'A snapshot that no signed ledger entry records (left by a run that was killed before it finished) is marked NOT EVIDENCE. One that fills no schedule slot is marked off-schedule: taken on purpose (collect --off-schedule), or started after its slot\'s grace time (schedule.graceMinutes).',
  ].join('\n\n'),
  configure(command) {
    addConfigOption(command).option('-s, --source <name>', 'only this source');
  },
  async run(options, _args, { terminal }) {
    const [{ vouchedSnapshots }, { fillsNamedSlot }] = await Promise.all([import('../../store/ledger.ts'), import('../../schedule/slot-rules.ts')]);
    const ws = await openWorkspace(options.config);
    const records = await ws.store.listSnapshots(options.source ? { source: options.source } : {});
    const ledger = await ws.store.readLedger();
    const vouched = vouchedSnapshots(ledger);
    const started = vouchingRunStarts(ledger, vouched);
    const isEvidence = (r: SnapshotRecord) => vouched.get(r.id) === r.snapshotSha256;
    // Older stores hold a late run under the slot before it: the run's start time tells.
    const isOffSchedule = (r: SnapshotRecord) => !fillsNamedSlot(r, started.get(r.id) ?? null, ws.config.schedule.graceMinutes);
    const text =
      records.length === 0
        ? `No snapshots in ${ws.store.location}. Run \`binder collect\`.`
        : [
            `${records.length} snapshot(s) in ${ws.store.location}`,
            ...records.map(
              (r) =>
                // An off-schedule run's scheduledFor is when it started (it fills no slot).
                `${r.id}  ${r.offSchedule ? `started ${r.scheduledFor}` : `slot ${r.scheduledFor}`}  captured ${r.capturedAt}  ${r.resourceCount} resources  sha256 ${r.snapshotSha256.slice(0, 16)}…` +
                (isOffSchedule(r) ? '  off-schedule' : '') +
                (isEvidence(r) ? '' : '  NOT EVIDENCE: no ledger entry records it (its run did not finish)'),
            ),
          ].join('\n');
    terminal.result(
      text,
      records.map((r) => ({ ...r, offSchedule: isOffSchedule(r), evidence: isEvidence(r) })),
    );
    return EXIT.ok;
  },
});

/** Snapshot id -> the start time of the run whose ledger entry vouches for it. */
function vouchingRunStarts(ledger: readonly LedgerEntry[], vouched: ReadonlyMap<string, string | null>): Map<string, string> {
  const starts = new Map<string, string>();
  for (const e of ledger) {
    if (e.snapshotId !== null && e.finishedAt !== null && vouched.get(e.snapshotId) === e.snapshotSha256) starts.set(e.snapshotId, e.startedAt);
  }
  return starts;
}

export const snapshotsShowCommand = defineCommand<ConfigOptions>({
  name: 'snapshots show',
  summary: 'print one full snapshot as JSON (rebuilt and hash-verified)',
  description:
    'Rebuilds the snapshot from the store, proves it identical to the hash taken at collection time, and prints it as JSON (provenance and every resource).',
  configure(command) {
    command.argument('<id>', 'the snapshot id (see `binder snapshots list`)');
    addConfigOption(command);
  },
  async run(options, [id], { terminal }) {
    const ws = await openWorkspace(options.config);
    const snapshot = await ws.store.loadSnapshot(id!);
    terminal.result(JSON.stringify(snapshot, null, 2), snapshot);
    return EXIT.ok;
  },
});
