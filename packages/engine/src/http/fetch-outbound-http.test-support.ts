import type { OutboundHttp } from './outbound-http.ts';
import { OutboundHttpError } from './outbound-http-error.ts';

/**
 * An OutboundHttp over the global fetch, for engine tests against a real local server. No address
 * guard: the server's GuardedFetch is the production implementation (and has its own tests).
 */
export const fetchOutboundHttp: OutboundHttp = {
  async request({ method, url, headers, body, timeoutMs, signal }) {
    const deadline = AbortSignal.timeout(timeoutMs);
    const host = new URL(url).host;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.any([signal, deadline]),
      });
      return {
        status: response.status,
        statusText: response.statusText,
        headers: Object.fromEntries(response.headers),
        body: await response.text(),
        url: response.url,
      };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (deadline.aborted)
        throw new OutboundHttpError('TIMEOUT', `request to ${host} timed out after ${timeoutMs} ms`);
      throw new OutboundHttpError('CONNECTION', `connection to ${host} failed`, { cause: error });
    }
  },
};
