/**
 * Every population, in the order `binder population --list` shows them. A new population is one
 * file exporting its definition and one line here.
 */
import type { PopulationDefinition } from '../population-types.ts';
import { accessReview } from './access-review.ts';
import { buckets } from './buckets.ts';
import { configChanges } from './config-changes.ts';
import { iamUsers } from './iam-users.ts';
import { joiners } from './joiners.ts';
import { leavers } from './leavers.ts';
import { privilegeChanges } from './privilege-changes.ts';

export const POPULATIONS: readonly PopulationDefinition[] = [
  iamUsers,
  joiners,
  leavers,
  privilegeChanges,
  configChanges,
  buckets,
  accessReview,
];
