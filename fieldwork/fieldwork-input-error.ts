/**
 * Bad fieldwork input (an unknown population, a date outside the stored snapshots, a sample larger
 * than its population, an unreadable --items file): the CLI prints the message alone and exits 2
 * (model/input-error.ts), and nothing is written.
 */
export class FieldworkInputError extends Error {
  readonly inputError = true as const;
  constructor(message: string) {
    super(message);
    this.name = 'FieldworkInputError';
  }
}
