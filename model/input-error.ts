/**
 * Bad input from the person running binder (a config, a key file, a store path that is not a
 * store): the CLI prints the message alone and exits 2. A marker property rather than a base
 * class, so each error keeps its own family (StorePathError is a StoreError) and the CLI can
 * recognise them without loading the modules that define them (`binder --help` loads no SDK).
 */
export interface InputError extends Error {
  readonly inputError: true;
}

export function isInputError(err: unknown): err is InputError {
  return err instanceof Error && (err as Partial<InputError>).inputError === true;
}
