import { defineCommand, EXIT } from '../command.ts';
import { addConfigOption, type ConfigOptions } from '../setup.ts';

export const controlsCommand = defineCommand<ConfigOptions>({
  name: 'controls',
  summary: 'list the 61 criteria, their controls and how each is covered',
  description:
    'Lists every Trust Services Criterion with its controls and how it is evidenced (automated checks, change records, manual documents, or not at all), marking which are in scope for the config\'s categories. Without a config file, Security alone is in scope.',
  configure(command) {
    addConfigOption(command);
  },
  async run(options, _args, { terminal }) {
    const [{ loadConfig }, { CONTROLS, CRITERIA }, { ALL_CHECKS }, { controlsListing, renderControlsText }] = await Promise.all([
      import('../../config/load-config.ts'),
      import('../../controls/catalog/index.ts'),
      import('../../controls/checks/index.ts'),
      import('../../controls/report/index.ts'),
    ]);
    let categories: string[] = ['security'];
    if (options.config) categories = (await loadConfig(options.config)).config.categories;
    else {
      try {
        categories = (await loadConfig()).config.categories;
      } catch {
        // no config in this folder: Security only
      }
    }
    const catalog = { criteria: CRITERIA, controls: CONTROLS, checks: ALL_CHECKS };
    terminal.result(
      `Categories in scope: ${categories.join(', ')} (Security is always in scope)\n\n` +
        renderControlsText(catalog, { width: process.stdout.columns ?? 100, color: Boolean(process.stdout.isTTY) }),
      { ...controlsListing(catalog), categoriesInScope: categories },
    );
    return EXIT.ok;
  },
});
