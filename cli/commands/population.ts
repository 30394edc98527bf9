import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { dayArg, UsageError } from '../args.ts';
import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, openWorkspace, type ConfigOptions } from '../setup.ts';

interface PopulationOptions extends ConfigOptions {
  list?: boolean;
  from?: string;
  to?: string;
  asOf?: string;
  format: 'csv' | 'json';
  out?: string;
  source?: string;
}

export const populationCommand = defineCommand<PopulationOptions>({
  name: 'population',
  summary: 'a population for auditor fieldwork (users, joiners, leavers, changes, buckets, access review) as CSV or JSON',
  description: [
    'Writes one population, every row traceable to the snapshot(s) it came from (snapshot id and SHA-256). `binder population --list` names them and says which take --as-of and which a period.',
    'As of a day: the last snapshot captured on or before the end of that day (UTC), named in the header. Over a period (both days included, UTC): every snapshot scheduled in it, each with its changes since the snapshot before it.',
    'CSV lines before the header start with "#" (parse with comment "#"); lists are joined by "; ".',
  ].join('\n\n'),
  helpAfter: 'Exit codes: 0 written, 2 an unknown population, a date outside the stored snapshots, --as-of for a period population or --from/--to for an as-of one (nothing is written).',
  configure(command) {
    command
      .usage('<name> (--from <YYYY-MM-DD> --to <YYYY-MM-DD> | --as-of <YYYY-MM-DD>) [options]  |  --list')
      .argument('[name]', 'the population (see --list)')
      .option('--list', 'list the populations: name, what it holds, whether it takes --as-of or --from/--to')
      .option('--from <date>', 'first day of the period (UTC), YYYY-MM-DD', dayArg)
      .option('--to <date>', 'last day of the period, YYYY-MM-DD', dayArg)
      .option('--as-of <date>', 'the day (UTC) an as-of population is drawn as of, YYYY-MM-DD', dayArg)
      .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'))
      .option('-o, --out <file>', 'write it to this file (default: stdout)')
      .option('-s, --source <name>', 'the source (AWS account) to draw from; needed when the store holds several');
    addConfigOption(command);
  },
  async run(options, [name], { terminal }) {
    const { POPULATIONS } = await import('../../fieldwork/populations/index.ts');
    if (options.list) {
      if (name !== undefined) throw new UsageError('--list takes no population name');
      const list = POPULATIONS.map((p) => ({ name: p.name, takes: p.takes === 'as-of' ? '--as-of' : '--from/--to', evidence: p.evidence, description: p.description, columns: p.columns }));
      const width = Math.max(...list.map((p) => p.name.length));
      terminal.result(list.map((p) => `${p.name.padEnd(width)}  ${p.takes.padEnd(11)}  ${p.description}`).join('\n'), list);
      return EXIT.ok;
    }
    if (name === undefined) throw new UsageError(`name a population (${POPULATIONS.map((p) => p.name).join(', ')}) or give --list`);
    const [{ buildPopulation, checkRequest, populationDefinition }, { formatPopulation }] = await Promise.all([import('../../fieldwork/build-population.ts'), import('../../fieldwork/population-output.ts')]);
    // Checked before the store is opened: a wrong name or option says so without a config.
    checkRequest(populationDefinition(name), options);
    const ws = await openWorkspace(options.config);
    const population = await buildPopulation({ store: ws.store, name, request: options, source: options.source });
    const text = formatPopulation(population, options.format);
    if (options.out === undefined) {
      terminal.result(text, population);
      return EXIT.ok;
    }
    const out = resolve(options.out);
    await writeFile(out, text);
    terminal.result(`Wrote population ${population.name} (${population.rows.length} rows, ${options.format}) to ${out}`, { out, name: population.name, rows: population.rows.length, format: options.format, scope: population.scope });
    return EXIT.ok;
  },
});
