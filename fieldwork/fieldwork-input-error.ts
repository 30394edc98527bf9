/** Bad fieldwork input (an unknown check, criterion or exception key, an unreadable or oversized file): exit 2, nothing stored. */
export class FieldworkInputError extends Error {
  /** Exit 2 with the message alone (model/input-error.ts). */
  readonly inputError = true as const;
  constructor(message: string) {
    super(message);
    this.name = 'FieldworkInputError';
  }
}
