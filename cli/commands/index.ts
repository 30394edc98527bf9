import type { BinderCommand } from '../command.ts';
import { acceptCommand } from './accept.ts';
import { attachCommand } from './attach.ts';
import { attachmentsListCommand } from './attachments.ts';
import { buildCommand } from './build.ts';
import { collectCommand } from './collect.ts';
import { controlsCommand } from './controls.ts';
import { demoCommand } from './demo.ts';
import { evaluateCommand } from './evaluate.ts';
import { exceptionsListCommand } from './exceptions.ts';
import { keysGenerateCommand } from './keys.ts';
import { populationCommand } from './population.ts';
import { sampleCommand } from './sample.ts';
import { respondCommand } from './respond.ts';
import { sandboxCommand } from './sandbox.ts';
import { scheduleCommand } from './schedule.ts';
import { snapshotsListCommand, snapshotsShowCommand } from './snapshots.ts';
import { statusCommand } from './status.ts';
import { storeInitCommand, storeVerifyCommand } from './store.ts';
import { verifyCommand } from './verify.ts';

/**
 * Every command, in the order `binder --help` lists them. A new command is one file exporting a
 * defineCommand(...) and one line here; a name of two words ("store verify") puts it in that group.
 */
export const COMMANDS: readonly BinderCommand[] = [
  demoCommand,
  collectCommand,
  scheduleCommand,
  statusCommand,
  snapshotsListCommand,
  snapshotsShowCommand,
  storeInitCommand,
  storeVerifyCommand,
  controlsCommand,
  evaluateCommand,
  populationCommand,
  sampleCommand,
  exceptionsListCommand,
  respondCommand,
  acceptCommand,
  attachCommand,
  attachmentsListCommand,
  buildCommand,
  verifyCommand,
  keysGenerateCommand,
  sandboxCommand,
];

/** What `binder <group> --help` says each group is for. */
export const COMMAND_GROUPS: Readonly<Record<string, string>> = {
  snapshots: 'list the stored snapshots, or show one',
  store: 'create, inspect and verify the evidence store',
  exceptions: 'the exceptions of a period, with their keys, responses and accepted deviations',
  attachments: 'the documents kept in the evidence store',
  keys: 'signing keys for binders',
};
