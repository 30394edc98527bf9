import { vouchedSnapshots } from '../../store/ledger.ts';
import { parseCommandArgs, UsageError } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { CONFIG_HELP, CONFIG_OPTION, openWorkspace } from '../setup.ts';

export const snapshotsListCommand: Command = {
  name: 'snapshots list',
  summary: 'list stored snapshots',
  help: `Usage: binder snapshots list [--config <file>] [--source <name>] [--json]

Lists the complete snapshots in the evidence store, oldest first: id, source, scheduled slot,
capture time, resource count and the SHA-256 taken at collection time. A snapshot that no signed
ledger entry records (left by a run that was killed before it finished) is marked NOT EVIDENCE.

Options:
${CONFIG_HELP}
  -s, --source <name>   only this source`,
  async run(argv, { terminal }) {
    const { values } = parseCommandArgs(argv, { ...CONFIG_OPTION, source: { type: 'string', short: 's' } });
    const ws = await openWorkspace(values.config as string | undefined);
    const source = values.source as string | undefined;
    const records = await ws.store.listSnapshots(source ? { source } : {});
    const vouched = vouchedSnapshots(await ws.store.readLedger());
    const isEvidence = (r: (typeof records)[number]) => vouched.get(r.id) === r.snapshotSha256;
    const text =
      records.length === 0
        ? `No snapshots in ${ws.store.location}. Run \`binder collect\`.`
        : [
            `${records.length} snapshot(s) in ${ws.store.location}`,
            ...records.map(
              (r) =>
                `${r.id}  scheduled ${r.scheduledFor}  captured ${r.capturedAt}  ${r.resourceCount} resources  sha256 ${r.snapshotSha256.slice(0, 16)}…` +
                (isEvidence(r) ? '' : '  NOT EVIDENCE: no ledger entry records it (its run did not finish)'),
            ),
          ].join('\n');
    terminal.result(text, records.map((r) => ({ ...r, evidence: isEvidence(r) })));
    return EXIT.ok;
  },
};

export const snapshotsShowCommand: Command = {
  name: 'snapshots show',
  summary: 'print one full snapshot as JSON (rebuilt and hash-verified)',
  help: `Usage: binder snapshots show <id> [--config <file>]

Rebuilds the snapshot from the store, proves it identical to the hash taken at collection time,
and prints it as JSON (provenance and every resource).

Options:
${CONFIG_HELP}`,
  async run(argv, { terminal }) {
    const { values, positionals } = parseCommandArgs(argv, { ...CONFIG_OPTION }, true);
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new UsageError('give exactly one snapshot id (see `binder snapshots list`)');
    const ws = await openWorkspace(values.config as string | undefined);
    const snapshot = await ws.store.loadSnapshot(id);
    terminal.result(JSON.stringify(snapshot, null, 2), snapshot);
    return EXIT.ok;
  },
};
