/**
 * IAM returns policy documents URL-encoded (RFC 3986) JSON; some servers return plain JSON.
 * Decode and parse either, and name the entity on failure.
 */
import type { PolicyDocument } from '../../model/resources.ts';

export class PolicyDocumentError extends Error {
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super(`policy document of ${where}: ${detail}`);
    this.name = 'PolicyDocumentError';
  }
}

export function decodePolicyDocument(raw: string | undefined, where: string): PolicyDocument {
  if (raw === undefined || raw === '') throw new PolicyDocumentError(where, 'missing');
  let text = raw.trim();
  if (!text.startsWith('{')) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, '%20'));
    } catch {
      throw new PolicyDocumentError(where, 'not valid URL encoding');
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PolicyDocumentError(where, `not valid JSON (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new PolicyDocumentError(where, 'not a JSON object');
  return parsed as PolicyDocument;
}
