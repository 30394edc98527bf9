/**
 * The words of an alert, the same for every channel: a one-line subject (SNS's Subject: ASCII,
 * no line breaks, under 100 characters) and a text for people (Slack's `text`, SNS's Message).
 * Callers pass alerts whose reasons are already redacted (alerts/alerter.ts does).
 */
import type { Alert } from './alert-policy.ts';

export interface AlertMessage {
  subject: string;
  text: string;
}

/** SNS refuses a Subject of 100 characters or more. */
const MAX_SUBJECT = 99;

export function formatAlert(alert: Alert): AlertMessage {
  const slot = alert.slot ? `slot ${alert.slot}` : 'off-schedule';
  switch (alert.kind) {
    case 'run-failed':
      return {
        subject: subjectLine(`binder: collection of ${alert.source} failed`),
        text: `binder: collection of source "${alert.source}" failed (${slot}, run ${alert.runId}, at ${alert.at}): ${alert.reason}`,
      };
    case 'slot-missed':
      return {
        subject: subjectLine(`binder: ${alert.source} missed the ${alert.slot} slot`),
        text: `binder: source "${alert.source}" missed the slot of ${alert.slot} (noticed at ${alert.at}): ${alert.reason}. Evaluation will report it as a coverage gap.`,
      };
    case 'recovered': {
      const streak = [plural(alert.failedRuns, 'failed run'), plural(alert.missedSlots, 'missed slot')]
        .filter((s) => s !== null)
        .join(' and ');
      return {
        subject: subjectLine(`binder: ${alert.source} recovered`),
        text: `binder: source "${alert.source}" recovered: run ${alert.runId} (${slot}) succeeded at ${alert.at} after ${streak} over ${humanDuration(alert.downMs)} (failing since ${alert.failingSince}).`,
      };
    }
  }
}

function plural(n: number, noun: string): string | null {
  return n === 0 ? null : `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** 3 d 4 h, 2 h 5 min, 7 min, 12 s. */
export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return min > 0 ? `${h} h ${min} min` : `${h} h`;
  if (min > 0) return `${min} min`;
  return `${s} s`;
}

function subjectLine(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= MAX_SUBJECT ? ascii : `${ascii.slice(0, MAX_SUBJECT - 3)}...`;
}
