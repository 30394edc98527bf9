import { dayArg, UsageError } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, type ConfigOptions } from '../setup.ts';

interface AcceptOptions extends ConfigOptions {
  check: string;
  resource: string;
  source?: string;
  reason: string;
  approvedBy: string;
  from?: string;
  until: string;
}

export const acceptCommand = defineCommand<AcceptOptions>({
  name: 'accept',
  summary: 'record an accepted deviation: a check failing on purpose on a resource, until a date',
  description: [
    'Records that a check failing on a resource is accepted by management (a break-glass user, a bucket public by design) from a day until a day, with the reason and who approved it, in the fieldwork journal of the evidence store: write-once, hash-chained and signed with the ledger key.',
    'The resource is an exact resource id or a glob where * matches any characters (e.g. arn:aws:iam::123456789012:user/breakglass-*). `binder exceptions list` shows the acceptance beside every exception it covers.',
  ].join('\n\n'),
  configure(command) {
    command
      .usage('--check <id> --resource <id or glob> --reason <text> --approved-by <name> --until <date> [options]')
      .requiredOption('--check <id>', 'the check id (see `binder controls`)')
      .requiredOption('--resource <id>', 'the resource id, or a glob with *')
      .option('--source <name>', 'only this source (default: every source)')
      .requiredOption('--reason <text>', 'why it is accepted')
      .requiredOption('--approved-by <name>', 'who approved it (recorded with the entry)')
      .option('--from <date>', 'first day it is accepted, YYYY-MM-DD (default: today, UTC)', dayArg)
      .requiredOption('--until <date>', 'last day it is accepted, YYYY-MM-DD', dayArg);
    addConfigOption(command);
  },
  async run(options, _args, { terminal }) {
    const [{ openFieldwork, assertCheckId, nameOf }, { systemClock }] = await Promise.all([import('../fieldwork-setup.ts'), import('../../model/clock.ts')]);
    assertCheckId(options.check, '--check');
    const approvedBy = nameOf(options.approvedBy, '--approved-by');
    const reason = options.reason.trim();
    if (!reason) throw new UsageError('--reason is empty');
    const resource = options.resource.trim();
    if (!resource || /^\*+$/.test(resource)) throw new UsageError(`--resource "${options.resource}" would accept the check on every resource; name a resource or a narrower glob`);
    const now = systemClock.now();
    const from = options.from ?? now.toISOString().slice(0, 10);
    if (options.until <= from) throw new UsageError(`--until ${options.until} must be after --from ${from}`);
    const ws = await openFieldwork(options.config, terminal, 'record');
    try {
      if (options.source !== undefined && !ws.config.sources.some((s) => s.name === options.source)) {
        throw new UsageError(`--source "${options.source}" is not a source of ${ws.file}; it has: ${ws.config.sources.map((s) => s.name).join(', ')}`);
      }
      const entry = await ws.store.appendJournal({
        kind: 'acceptance',
        recordedAt: now.toISOString(),
        recordedBy: approvedBy,
        acceptance: { checkId: options.check, resource, source: options.source ?? null, reason, approvedBy, from, until: options.until },
      });
      terminal.result(`Recorded accepted deviation of ${options.check} on ${resource} (${from}..${options.until}) as journal entry ${entry.seq}, approved by ${approvedBy}`, entry);
      return EXIT.ok;
    } finally {
      ws.close();
    }
  },
});
