/**
 * The one HTTP handler every AWS SDK client of binder uses (collectors, the S3 evidence store, the
 * KMS ledger key): the SDK's Node handler with timeouts that fail the attempt instead of only
 * logging a warning, for connecting, for the answer's headers, and for silence while a body streams.
 * Without them an endpoint that accepts the connection and never answers hangs the run for ever.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface HttpTimeouts {
  connectMs: number;
  /** For the headers to arrive, and the longest silence while the body streams. */
  requestMs: number;
}

export function abortingHttpHandler(timeouts: HttpTimeouts): NodeHttpHandler {
  return new NodeHttpHandler({
    connectionTimeout: timeouts.connectMs,
    requestTimeout: timeouts.requestMs,
    // requestTimeout stops at the headers; a body that stalls after them is caught by this one.
    socketTimeout: timeouts.requestMs,
    throwOnRequestTimeout: true,
  });
}
