import { createTransport, type RetryEvent, type Transport } from './http-transport.ts';
import { type RetryOptions, retryPolicy } from './retry-policy.ts';

// What both clients (OffloadClient, OffloadWorkerClient) are built from: where the server is, the
// key, and how requests are retried and sent.

export interface OffloadClientOptions {
  /** E.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** An API key (`ok_…`); without one only the public routes answer. */
  apiKey?: string;
  /** Retries on 429, 503 and network errors (retry-policy.ts); `false` turns them off. */
  retry?: RetryOptions | false;
  /** Called before each retry. */
  onRetry?: (event: RetryEvent) => void;
  /** A fetch implementation; default: the global one. */
  fetch?: typeof fetch;
  userAgent?: string;
}

export function transportFor(options: OffloadClientOptions): { baseUrl: string; send: Transport } {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const send = createTransport({
    baseUrl,
    apiKey: options.apiKey,
    retry: retryPolicy(options.retry),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    userAgent: options.userAgent ?? '@offload/client',
    onRetry: options.onRetry,
  });
  return { baseUrl, send };
}
