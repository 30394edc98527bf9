/** A period cannot be evaluated as asked: names the input (option, config field, snapshot id) and what was expected. */
export class PeriodEvaluationError extends Error {
  constructor(
    message: string,
    /** What the error is about: an option name, a config path, or a snapshot id. */
    readonly subject: string,
  ) {
    super(message);
    this.name = 'PeriodEvaluationError';
  }
}
