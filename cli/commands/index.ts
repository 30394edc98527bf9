import type { Command } from '../command.ts';
import { buildCommand } from './build.ts';
import { collectCommand } from './collect.ts';
import { controlsCommand } from './controls.ts';
import { demoCommand } from './demo.ts';
import { evaluateCommand } from './evaluate.ts';
import { keysGenerateCommand } from './keys.ts';
import { sandboxCommand } from './sandbox.ts';
import { snapshotsListCommand, snapshotsShowCommand } from './snapshots.ts';
import { storeInitCommand, storeVerifyCommand } from './store.ts';
import { verifyCommand } from './verify.ts';

/** Every command, in the order `binder --help` lists them. */
export const COMMANDS: readonly Command[] = [
  demoCommand,
  collectCommand,
  snapshotsListCommand,
  snapshotsShowCommand,
  storeInitCommand,
  storeVerifyCommand,
  controlsCommand,
  evaluateCommand,
  buildCommand,
  verifyCommand,
  keysGenerateCommand,
  sandboxCommand,
];
