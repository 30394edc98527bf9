import { loadConfig } from '../../config/load-config.ts';
import { controlsCatalogJson, renderControlsText } from '../../controls/report/render-controls.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT, type Command } from '../command.ts';
import { CONFIG_HELP, CONFIG_OPTION } from '../setup.ts';

export const controlsCommand: Command = {
  name: 'controls',
  summary: 'list the 61 criteria, their controls and how each is covered',
  help: `Usage: binder controls [--config <file>] [--json]

Lists every Trust Services Criterion with its controls and how it is evidenced (automated checks,
change records, manual documents, or not at all), marking which are in scope for the config's
categories. Without a config file, Security alone is in scope.

Options:
${CONFIG_HELP}`,
  async run(argv, { terminal }) {
    const { values } = parseCommandArgs(argv, { ...CONFIG_OPTION });
    let categories: string[] = ['security'];
    if (values.config) categories = (await loadConfig(values.config as string)).config.categories;
    else {
      try {
        categories = (await loadConfig()).config.categories;
      } catch {
        // no config in this folder: Security only
      }
    }
    terminal.result(renderControlsText({ categories, width: process.stdout.columns ?? 100 }), controlsCatalogJson({ categories }));
    return EXIT.ok;
  },
};
