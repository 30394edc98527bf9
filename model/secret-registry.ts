/**
 * The secret values this process holds (the AWS credentials in use, whatever their shape),
 * registered when they are resolved so redactSecrets can mask them by value wherever text leaves
 * the process. Shape rules alone miss short or unusual tokens; a known value is never missed.
 */
import type { AwsCredentialIdentity, BuildMiddleware, MetadataBearer, MiddlewareStack, SMITHY_CONTEXT_KEY } from '@smithy/types';

/** Shorter values would mask ordinary words and numbers; no real credential is this short. */
export const MIN_SECRET_LENGTH = 8;

const secrets = new Set<string>();
let longestFirst: string[] = [];

/** Registers a value (and its URL-encoded form, as it appears in query strings) as secret. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  secrets.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
  // Longest first, so a secret that contains another is masked whole.
  longestFirst = [...secrets].sort((a, b) => b.length - a.length);
}

/** The registered values, longest first. */
export function registeredSecrets(): readonly string[] {
  return longestFirst;
}

type SigningContext = {
  [K in typeof SMITHY_CONTEXT_KEY]?: { selectedHttpAuthScheme?: { identity?: Partial<AwsCredentialIdentity> } };
};
/** SMITHY_CONTEXT_KEY's value, typed against it (a type-only import keeps @smithy/types out of the runtime). */
const SMITHY_CONTEXT: typeof SMITHY_CONTEXT_KEY = '__smithy_context';

/**
 * An SDK middleware that registers the credentials a request is about to be signed with (resolved
 * by then from the chain, a profile, an assumed role or an override), before it is sent: an error
 * that echoes them is masked by value, whatever their shape. Used by every client binder builds
 * (collectors and the S3 evidence store).
 */
export function addCredentialRegistration(stack: MiddlewareStack<object, MetadataBearer>): void {
  const mw: BuildMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const identity = (context as SigningContext)[SMITHY_CONTEXT]?.selectedHttpAuthScheme?.identity;
    registerSecret(identity?.accessKeyId);
    registerSecret(identity?.secretAccessKey);
    registerSecret(identity?.sessionToken);
    return next(args);
  };
  stack.add(mw, { step: 'build', priority: 'high', name: 'binderCredentialRegistration' });
}
