/**
 * The verdicts of `binder verify` and their exit codes. Only `valid` (exit 0) says the binder is
 * intact AND signed by the key the auditor expected; an intact binder whose signer was not checked,
 * or that is unsigned, gets its own exit code 3, so no script mistakes it for a pass.
 */

export type VerifyStatus =
  /** Intact, signed, and the signing key is the one given with --key / --fingerprint. */
  | 'valid'
  /** Intact and the signature verifies with the bundled key, but no key or fingerprint was given to check it against. */
  | 'signer-unchecked'
  /** Intact, not signed, and no key was expected. */
  | 'unsigned'
  /** Something does not match: the problems name the entries. */
  | 'tampered'
  /** Not a readable ZIP, or a bad --key / --fingerprint: nothing was concluded about the binder. */
  | 'unreadable'
  /** The verifier itself failed (a bug, or the machine ran out of a resource): nothing was concluded about the binder. */
  | 'error';

export const EXIT_VALID = 0;
export const EXIT_TAMPERED = 1;
/** Unreadable input, or wrong usage (the CLI uses the same code for both). */
export const EXIT_UNREADABLE = 2;
/** Intact, but nothing that was checked shows who produced it (signer not checked, or unsigned). */
export const EXIT_UNAUTHENTICATED = 3;
/** Verification could not complete. */
export const EXIT_INCOMPLETE = 4;

export const VERIFY_STATUSES: Readonly<Record<VerifyStatus, { exitCode: number; meaning: string }>> = {
  valid: { exitCode: EXIT_VALID, meaning: 'intact and signed by the expected key' },
  'signer-unchecked': { exitCode: EXIT_UNAUTHENTICATED, meaning: 'intact; signed, but the signer was not checked against an expected key' },
  unsigned: { exitCode: EXIT_UNAUTHENTICATED, meaning: 'intact but UNSIGNED: nothing shows who produced it' },
  tampered: { exitCode: EXIT_TAMPERED, meaning: 'tampered: some file, signature or claim does not match' },
  unreadable: { exitCode: EXIT_UNREADABLE, meaning: 'unreadable input or bad usage; nothing concluded' },
  error: { exitCode: EXIT_INCOMPLETE, meaning: 'verification could not complete; nothing concluded' },
};

export function exitCodeFor(status: VerifyStatus): number {
  return VERIFY_STATUSES[status].exitCode;
}
