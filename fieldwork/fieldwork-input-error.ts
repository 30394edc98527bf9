/**
 * Bad fieldwork input (an unknown population, check, criterion or exception key, a date outside the
 * stored snapshots, a sample larger than its population, an unreadable or oversized file): the CLI
 * prints the message alone and exits 2 (model/input-error.ts), and nothing is written.
 */
export class FieldworkInputError extends Error {
  /** Exit 2 with the message alone (model/input-error.ts). */
  readonly inputError = true as const;
  constructor(message: string) {
    super(message);
    this.name = 'FieldworkInputError';
  }
}
