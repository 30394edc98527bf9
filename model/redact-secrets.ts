/**
 * Masks strings shaped like AWS secret keys, session tokens or access key ids, wherever text
 * leaves the process (failure reasons in the ledger, log fields).
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g, '[redacted]')
    .replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{100,}/g, '[redacted]')
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '[redacted-key-id]');
}
