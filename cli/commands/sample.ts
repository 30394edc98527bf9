import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { dayArg, intArg, UsageError } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, openWorkspace, type ConfigOptions } from '../setup.ts';

interface SampleOptions extends ConfigOptions {
  population: string;
  from?: string;
  to?: string;
  asOf?: string;
  size?: number;
  frequency?: 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annual' | 'per-event';
  seed?: string;
  items?: string;
  format: 'csv' | 'json';
  out?: string;
  source?: string;
}

export const sampleCommand = defineCommand<SampleOptions>({
  name: 'sample',
  summary: 'a reproducible sample of a population, with the evidence behind each item',
  description: [
    'Draws --size items, or the configured size for the control\'s --frequency (config sampling.sizes; default annual 1, quarterly 2, monthly 4, weekly 10, daily 30, per-event 45), by seeded rank: each item\'s rank is sha256(seed, a NUL byte, item key) and the smallest ranks are drawn, so the same seed always gives the same sample and anyone can recompute it (printf \'%s\\0%s\' SEED KEY | sha256sum). The seed and method are recorded in the output.',
    'A period population sampled at a frequency other than per-event is sampled by time: days (weeks, months, quarters, years) holding a snapshot of the period, each with every row its snapshots show. Otherwise the items are the population\'s rows, by key.',
    '--items <file> takes the auditor\'s own selection instead: one item key, or a date, per line.',
    'Each item comes with its evidence (JSON): the resource\'s JSON from that day\'s snapshot with the snapshot id and SHA-256, or the change record with the two snapshots it compares. An as-of population given --from/--to is drawn as of --to.',
  ].join('\n\n'),
  helpAfter: 'Exit codes: 0 written, 2 an unknown population, a bad date or period, a sample larger than its population, an unreadable --items file or an item not in the population (nothing is written).',
  configure(command) {
    command
      .usage('--population <name> (--from <YYYY-MM-DD> --to <YYYY-MM-DD> | --as-of <YYYY-MM-DD>) (--size <n> | --frequency <f>) --seed <text> [options]')
      .requiredOption('-p, --population <name>', 'the population (see `binder population --list`)')
      .option('--from <date>', 'first day of the period (UTC), YYYY-MM-DD', dayArg)
      .option('--to <date>', 'last day of the period, YYYY-MM-DD', dayArg)
      .option('--as-of <date>', 'for an as-of population: the day, YYYY-MM-DD', dayArg)
      .option('-n, --size <n>', 'how many items (or days, weeks, ...) to draw', intArg(1, 100_000))
      .addOption(new Option('--frequency <f>', 'how often the control operates: sets the unit and the default size').choices(['daily', 'weekly', 'monthly', 'quarterly', 'annual', 'per-event']))
      .option('--seed <text>', 'the seed the selection is reproducible from')
      .option('--items <file>', 'the auditor\'s own items or dates, one per line, instead of a seeded draw')
      .addOption(new Option('--format <format>', 'csv or json (json holds the evidence)').choices(['csv', 'json']).default('json'))
      .option('-o, --out <file>', 'write it to this file (default: stdout)')
      .option('-s, --source <name>', 'the source (AWS account); needed when the store holds several');
    addConfigOption(command);
  },
  async run(options, _args, { terminal }) {
    if (options.items !== undefined && (options.seed !== undefined || options.size !== undefined)) throw new UsageError('--items is the selection itself: give it without --seed and --size');
    const [{ drawSample }, { readItemsFile }, { formatSample }, { checkRequest, populationDefinition }] = await Promise.all([
      import('../../fieldwork/sample.ts'),
      import('../../fieldwork/read-items-file.ts'),
      import('../../fieldwork/sample-output.ts'),
      import('../../fieldwork/build-population.ts'),
    ]);
    const def = populationDefinition(options.population);
    // An as-of population may be given --as-of, or a period whose last day it is drawn as of.
    if (def.takes === 'period' || options.asOf !== undefined) checkRequest(def, options);
    else if (options.from === undefined || options.to === undefined) throw new UsageError(`population ${def.name} is as of a date: give --as-of <YYYY-MM-DD> (or --from and --to: drawn as of --to)`);
    if (options.items === undefined && options.seed === undefined) throw new UsageError('give --seed <text> (the selection is reproducible from it), or --items <file>');
    if (options.items === undefined && options.size === undefined && options.frequency === undefined) throw new UsageError('give --size <n> or --frequency <f>');
    const items = options.items === undefined ? undefined : await readItemsFile(options.items);
    const ws = await openWorkspace(options.config);
    const sample = await drawSample({
      store: ws.store,
      population: def.name,
      request: options,
      source: options.source,
      frequency: options.frequency,
      size: options.size,
      seed: options.seed,
      items,
      sizes: ws.config.sampling.sizes,
    });
    const text = formatSample(sample, options.format);
    if (options.out === undefined) {
      terminal.result(text, sample);
      return EXIT.ok;
    }
    const out = resolve(options.out);
    await writeFile(out, text);
    terminal.result(`Wrote a sample of ${sample.items.length} of ${sample.population.size} from population ${sample.population.name} (${options.format}) to ${out}`, { out, population: sample.population.name, items: sample.items.map((i) => i.key), selection: sample.selection });
    return EXIT.ok;
  },
});
