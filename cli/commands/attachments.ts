import { dayArg } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, type ConfigOptions } from '../setup.ts';

interface AttachmentsListOptions extends ConfigOptions {
  from?: string;
  to?: string;
}

export const attachmentsListCommand = defineCommand<AttachmentsListOptions>({
  name: 'attachments list',
  summary: 'list the documents attached in the evidence store',
  description: [
    'Lists every document `binder attach` kept in the evidence store, by its latest attachment entry: file, title, criteria, effective and expiry days, SHA-256, who attached it and when.',
    'With --from and --to (both), each is also marked for that period: in effect, expired during it, expired before it, or not yet effective.',
  ].join('\n\n'),
  configure(command) {
    command.option('--from <date>', 'first day of a period, YYYY-MM-DD', dayArg).option('--to <date>', 'last day of the period, YYYY-MM-DD', dayArg);
    addConfigOption(command);
  },
  async run(options, _args, { terminal }) {
    const [{ openFieldwork }, { classifyAttachments }, { UsageError }] = await Promise.all([
      import('../fieldwork-setup.ts'),
      import('../../fieldwork/attachments-for-period.ts'),
      import('../args.ts'),
    ]);
    if ((options.from === undefined) !== (options.to === undefined)) throw new UsageError('give both --from and --to, or neither');
    if (options.from && options.to && options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
    const ws = await openFieldwork(options.config, terminal, 'read');
    const journal = await ws.store.readJournal();
    const period = options.from && options.to ? { from: options.from, to: options.to } : null;
    // Without a period no standing is shown: only each document's latest entry matters.
    const listed = classifyAttachments(journal, period?.from ?? '0000-01-01', period?.to ?? '9999-12-31').map(({ entry, standing }) => ({
      seq: entry.seq,
      recordedAt: entry.recordedAt,
      recordedBy: entry.recordedBy,
      ...entry.attachment,
      ...(period ? { standing } : {}),
    }));
    const lines = listed.map(
      (a) =>
        `  ${a.fileName}  "${a.title}"  ${a.criteria.join(',')}  effective ${a.effective}${a.expires ? ` expires ${a.expires}` : ''}  sha256 ${a.documentSha256.slice(0, 16)}…  by ${a.recordedBy} ${a.recordedAt.slice(0, 10)} (entry ${a.seq})` +
        ('standing' in a ? `  ${a.standing}` : ''),
    );
    const heading = listed.length === 0 ? `No documents attached in ${ws.store.location}. Use \`binder attach\`.` : `${listed.length} document(s) attached in ${ws.store.location}${period ? `; standing in ${period.from}..${period.to}` : ''}`;
    terminal.result([heading, ...lines].join('\n'), listed);
    return EXIT.ok;
  },
});
