/**
 * The contract of an automated check: a pure function from one resource (plus the snapshot it sits
 * in, the as-of time and the settings) to pass / fail / not applicable with a readable reason.
 * Checks never do I/O. One check per file under controls/checks/<service>/, registered in
 * controls/checks/index.ts. A check carries everything else about itself as data: its id, the
 * one-line definition of what fails (which the sandbox's independent reference implements), the
 * control it evidences, and how to fix a failure (remediation); the catalog, the check id type and
 * the definitions list are derived.
 */
import type { CheckSettings } from '../config/schema.ts';
import type { Outcome, Remediation } from '../model/evaluation.ts';
import type { Resource, ResourceType } from '../model/resources.ts';
import type { SnapshotIndex } from './snapshot-index.ts';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface CheckContext {
  /** The snapshot's capture time: ages ("key older than 90 days") are measured from here. */
  asOf: Date;
  settings: CheckSettings;
  /** Lookups over the whole snapshot, for checks that need other resources (group members, account BPA). */
  index: SnapshotIndex;
}

export interface Verdict {
  outcome: Outcome;
  /** Names the resource and the value seen, e.g. "bucket logs-1: versioning Suspended". */
  reason: string;
  /**
   * For time-dependent checks: the outcome stays the same for every as-of time before this instant
   * (epoch ms; Infinity: for ever) while the resource and what the check reads are unchanged. Lets
   * the period evaluation reuse age verdicts until a threshold is crossed instead of re-judging every
   * credential every day. Absent: re-judged at every snapshot.
   */
  stableUntil?: number;
}

export interface Check<T extends ResourceType = ResourceType> {
  /** <service>.<what>, e.g. iam.root-mfa; the type CheckId is the union of the registered ones. */
  id: string;
  /** Exactly what makes a resource fail, in one line (the definition both this check and the sandbox's reference implement). */
  fails: string;
  /** The control of controls/catalog/controls.ts this check evidences (its checks are derived from this field). */
  control: string;
  title: string;
  /** What a failure means, written for an auditor. */
  rationale: string;
  /** Trust Services Criteria this check supports, e.g. ['CC6.1', 'CC6.2']. */
  criteria: readonly string[];
  severity: Severity;
  /** Settings read; their values are recorded with every result. */
  settingsRead: readonly (keyof CheckSettings)[];
  /** Honest caveats, e.g. "almost never fails since AWS encrypts new buckets by default (Jan 2023)". */
  note: string | null;
  /**
   * How to fix a failure: what to change, where in the console, the AWS CLI command(s). Placeholders
   * in angle brackets are filled per failing resource by remediationFor (controls/remediation.ts).
   */
  remediation: Remediation;
  /** The resource type judged: one verdict per resource of this type in the snapshot. */
  target: T;
  /**
   * Further resource types judged the same way, for checks "judged per principal" (inline policies
   * live on users, groups and roles). Evaluators judge every resource of `target` and of these;
   * use targetTypes(check). Absent for single-type checks.
   */
  alsoTargets?: readonly T[];
  /**
   * Other resource types the verdict reads through ctx.index. Results are reused across snapshots
   * only while the resource itself and every resource of these types are unchanged.
   */
  reads: readonly ResourceType[];
  /** True when the verdict can change with ctx.asOf alone (age thresholds): never reused across times. */
  timeDependent: boolean;
  evaluate(resource: Extract<Resource, { type: T }>, ctx: CheckContext): Verdict;
}

/** Helper to declare a check with its target type inferred and its id kept as a literal type. */
export function defineCheck<const Id extends string, T extends ResourceType>(
  check: Check<T> & { id: Id },
): Check<T> & { id: Id } {
  return check;
}

/** Every resource type a check judges: its target, then alsoTargets. */
export function targetTypes(check: Check): readonly ResourceType[] {
  return check.alsoTargets ? [check.target, ...check.alsoTargets] : [check.target];
}
