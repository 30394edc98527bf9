import { dayArg, UsageError } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, type ConfigOptions } from '../setup.ts';

interface AttachOptions extends ConfigOptions {
  criteria?: string;
  effective?: string;
  expires?: string;
  title?: string;
  description?: string;
  sourceUrl?: string;
  by: string;
  fromYaml?: string;
}

export const attachCommand = defineCommand<AttachOptions>({
  name: 'attach',
  summary: 'keep documents (policies, minutes, screenshots) write-once in the evidence store',
  description: [
    'Stores each file (PDF, images, text, spreadsheets) write-once in the evidence store under its SHA-256, and records an attachment in the fieldwork journal (hash-chained, signed with the ledger key): the criteria it evidences, the day it took effect and, optionally, the last day it applies, with who attached it and when. Each file is read once: what is hashed is what is stored, so changing the file afterwards changes nothing in the store.',
    'A file already attached with the same details stores nothing and says which journal entry holds it; the same bytes with other details get a new entry (the latest counts). --from-yaml imports a manual-evidence.yaml (the `manualEvidence` folder\'s index) instead of naming files.',
    'Everything is checked before anything is stored: an unknown criterion, an unreadable file or one over attachments.maxFileMiB (default 50) is an error with exit 2 and nothing stored.',
  ].join('\n\n'),
  configure(command) {
    command
      .usage('--criteria <ids> --effective <date> --by <name> [options] <file...>\n       binder attach --from-yaml <manual-evidence.yaml> --by <name>')
      .argument('[files...]', 'the documents to attach')
      .option('--criteria <ids>', 'criteria the documents evidence, comma-separated (e.g. CC1.1,CC5.3)')
      .option('--effective <date>', 'the day they took effect, YYYY-MM-DD', dayArg)
      .option('--expires <date>', 'the last day they apply, YYYY-MM-DD (default: no expiry)', dayArg)
      .option('--title <text>', 'title (default: the file name)')
      .option('--description <text>', 'a description')
      .option('--source-url <url>', 'where the document came from (a policy portal page)')
      .requiredOption('--by <name>', 'who attaches them (recorded with each entry)')
      .option('--from-yaml <file>', 'attach every document a manual-evidence.yaml lists');
    addConfigOption(command);
  },
  async run(options, args, { terminal }) {
    // A variadic argument arrives as one array among the positional arguments.
    const files = ((args[0] as unknown as string[] | undefined) ?? []).flat();
    const [{ openFieldwork, parseCriteria, nameOf }, { readDocument, safeFileName, mediaTypeOf }, { attachDocuments }, { FieldworkInputError }, { systemClock }] = await Promise.all([
      import('../fieldwork-setup.ts'),
      import('../../fieldwork/read-document.ts'),
      import('../../fieldwork/attach-documents.ts'),
      import('../../fieldwork/fieldwork-input-error.ts'),
      import('../../model/clock.ts'),
    ]);
    type Doc = Parameters<typeof attachDocuments>[1][number];
    const by = nameOf(options.by, '--by');
    const { loadConfig } = await import('../../config/load-config.ts');
    const loaded = await loadConfig(options.config);
    const maxBytes = Math.floor(loaded.config.attachments.maxFileMiB * 1024 * 1024);
    const limit = `attachments.maxFileMiB ${loaded.config.attachments.maxFileMiB} in ${loaded.file}`;

    // Every document read and checked before the store is touched: bad input stores nothing.
    const docs: Doc[] = [];
    if (options.fromYaml) {
      const given = (['criteria', 'effective', 'expires', 'title', 'description', 'sourceUrl'] as const).filter((k) => options[k] !== undefined);
      if (files.length || given.length) throw new UsageError(`--from-yaml takes each document's details from the file; do not also give ${files.length ? 'files' : `--${given[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`}`);
      const [{ loadManualEvidence }, { basename, dirname, join }] = await Promise.all([import('../../binder/load-manual-evidence.ts'), import('node:path')]);
      let items;
      try {
        items = (await loadManualEvidence(dirname(options.fromYaml), '9999-12-31', basename(options.fromYaml))).items;
      } catch (err) {
        throw new FieldworkInputError((err as Error).message);
      }
      for (const item of items) {
        const origin = join(dirname(options.fromYaml), item.fileName);
        if (item.body.length > maxBytes) throw new FieldworkInputError(`${origin}: ${item.body.length} bytes, over the limit of ${maxBytes} bytes (${limit})`);
        const fileName = safeFileName(item.fileName);
        docs.push({
          origin,
          fileName,
          mediaType: mediaTypeOf(fileName),
          body: item.body,
          title: item.title,
          criteria: item.criteria,
          effective: item.effectiveDate,
          expires: null,
          description: item.description ?? null,
          sourceUrl: item.sourceUrl ?? null,
        });
      }
      if (docs.length === 0) throw new FieldworkInputError(`${options.fromYaml} lists no documents`);
    } else {
      if (files.length === 0) throw new UsageError('name the files to attach, or give --from-yaml <manual-evidence.yaml>');
      if (options.criteria === undefined) throw new UsageError('--criteria is required (the criteria the documents evidence, e.g. CC1.1,CC5.3)');
      if (options.effective === undefined) throw new UsageError('--effective is required (the day the documents took effect, YYYY-MM-DD)');
      const criteria = parseCriteria(options.criteria, '--criteria');
      if (options.expires !== undefined && options.expires < options.effective) throw new UsageError(`--expires ${options.expires} is before --effective ${options.effective}`);
      if (options.sourceUrl !== undefined && !URL.canParse(options.sourceUrl)) throw new UsageError(`--source-url "${options.sourceUrl}" is not a URL`);
      if (options.title !== undefined && !options.title.trim()) throw new UsageError('--title is empty');
      for (const file of files) {
        const read = await readDocument(file, maxBytes, limit);
        docs.push({
          origin: file,
          ...read,
          title: options.title?.trim() ?? read.fileName,
          criteria,
          effective: options.effective,
          expires: options.expires ?? null,
          description: options.description ?? null,
          sourceUrl: options.sourceUrl ?? null,
        });
      }
    }

    const ws = await openFieldwork(options.config, terminal, 'record');
    try {
      const outcomes = await attachDocuments(ws.store, docs, by, () => systemClock.now());
      const lines = outcomes.map((o) =>
        o.status === 'already-attached'
          ? `  ${o.origin}: already attached (journal entry ${o.journalSeq}); ${o.documentStored ? `its document ${o.documentKey} was missing from the store and is stored again` : 'nothing stored'}`
          : `  ${o.origin}: attached as journal entry ${o.journalSeq}, ${o.documentKey}${o.documentStored ? '' : ' (these bytes were already stored: a new entry with other details)'}`,
      );
      const added = outcomes.filter((o) => o.status === 'attached').length;
      terminal.result([`${added} document(s) attached, ${outcomes.length - added} already attached, in ${ws.store.location}`, ...lines].join('\n'), outcomes);
      return EXIT.ok;
    } finally {
      ws.close();
    }
  },
});
