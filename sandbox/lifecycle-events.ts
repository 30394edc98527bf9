/**
 * The identity lifecycle as the scenario performs it (users created and deleted, group membership
 * and policy attachments changed), recorded by the operations themselves in scenario-ops.ts. It is
 * the answer key of the fieldwork populations (joiners, leavers, privilege changes): independent of
 * any diff of snapshots, so a population that misses or invents a change is caught.
 */
import type { PrincipalKind } from './scenario-ops.ts';

export type LifecycleEventKind =
  | 'user-created'
  | 'user-deleted'
  | 'group-member-added'
  | 'group-member-removed'
  | 'policy-attached'
  | 'policy-detached'
  | 'inline-policy-put'
  | 'inline-policy-deleted';

export interface LifecycleEvent {
  /** The scenario day whose snapshot first shows the event (it happens the calendar day before). */
  day: number;
  kind: LifecycleEventKind;
  principalKind: PrincipalKind;
  /** The principal's ARN. */
  principalArn: string;
  /** Group name (membership), policy ARN (attachment) or inline policy name; null for user-created/deleted. */
  target: string | null;
}

/** Where operations record what they did; a World carries one only while the log is being made. */
export type LifecycleSink = LifecycleEvent[] | null;
