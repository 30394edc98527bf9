/**
 * The SDK's Node HTTP handler with timeouts that fail the attempt instead of only warning
 * (connecting, waiting for the answer's headers, silence while its body streams) and one
 * AbortSignal applied to every request, so a source's deadline or first failure cuts short all it
 * has in flight without each call site passing a signal.
 */
import type { NodeHttpHandler, NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { abortingHttpHandler } from '../../model/aborting-http-handler.ts';

type Request = Parameters<NodeHttpHandler['handle']>[0];
type HandleOptions = NonNullable<Parameters<NodeHttpHandler['handle']>[1]>;

export interface RequestTimeouts {
  connectTimeoutMs: number;
  /** For the headers to arrive, and the longest silence while the body streams. */
  requestTimeoutMs: number;
}

/** Passed to the clients as their requestHandler (the SDK takes any object with handle()). */
export class AbortableRequestHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly inner: NodeHttpHandler;

  constructor(
    private readonly signal: AbortSignal,
    timeouts: RequestTimeouts,
  ) {
    this.inner = abortingHttpHandler({ connectMs: timeouts.connectTimeoutMs, requestMs: timeouts.requestTimeoutMs });
  }

  handle(request: Request, options: HandleOptions = {}): ReturnType<NodeHttpHandler['handle']> {
    const own = options.abortSignal;
    const abortSignal = own instanceof AbortSignal ? AbortSignal.any([own, this.signal]) : this.signal;
    return this.inner.handle(request, { ...options, abortSignal });
  }

  updateHttpClientConfig<K extends keyof NodeHttpHandlerOptions>(key: K, value: NodeHttpHandlerOptions[K]): void {
    this.inner.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return this.inner.httpHandlerConfigs();
  }

  destroy(): void {
    this.inner.destroy();
  }
}
