/**
 * Option value parsers for commander (`.argParser(...)`): a bad value is a usage error naming the
 * option (exit 2). UsageError is for what only a command can check (two options that disagree).
 */
import { InvalidArgumentError } from 'commander';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A --from/--to date: YYYY-MM-DD, a real calendar day. */
export function dayArg(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('Expected a date as YYYY-MM-DD.');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError(`${value} is not a calendar date.`);
  }
  return value;
}

/** A whole number from min to max. */
export function intArg(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** A repeatable option's values, in the order given. */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
