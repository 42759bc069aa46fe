import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import {
  MAX_RESPONSE_BYTES,
  type OutboundHttp,
  OutboundHttpError,
  type OutboundRequest,
  type OutboundResponse,
} from '@flowgate/engine';
import { AddressPolicy } from './address-policy.ts';
import { describeNetworkError } from './network-error.ts';
import { readResponseBody } from './read-response-body.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface GuardedFetchOptions {
  /** Hosts, addresses and CIDRs that may be reached although private (FLOWGATE_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  maxRedirects?: number;
  maxResponseBytes?: number;
  /** Resolves a host name to every address it has; the system resolver by default. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials are not sent on to another origin after a redirect. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The server's OutboundHttp (DESIGN §5). Before each connection — the first and every redirect
 * hop — the host is resolved here, every address it resolves to is checked against the policy,
 * and the socket connects to exactly those checked addresses (a pinned `lookup`), so a DNS answer
 * that changes between check and connect (rebinding) cannot reach a refused address. A refusal
 * happens before any socket is opened. Only http and https; at most `maxRedirects` redirects.
 */
export class GuardedFetch implements OutboundHttp {
  private readonly policy: AddressPolicy;
  private readonly maxRedirects: number;
  private readonly maxResponseBytes: number;
  private readonly resolve: (hostname: string) => Promise<ResolvedAddress[]>;
  // Own agents without keep-alive: a pooled socket from other code could point anywhere.
  private readonly agents = { http: new http.Agent(), https: new https.Agent() };

  constructor(options: GuardedFetchOptions) {
    this.policy = new AddressPolicy(options.allowHosts);
    this.maxRedirects = options.maxRedirects ?? 5;
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    this.resolve = options.resolve ?? ((hostname) => dnsLookup(hostname, { all: true, verbatim: true }));
  }

  async request(request: OutboundRequest): Promise<OutboundResponse> {
    const deadline = AbortSignal.timeout(request.timeoutMs);
    const signal = AbortSignal.any([request.signal, deadline]);
    const url = parseUrl(request.url);
    try {
      return await this.exchange(url, request, signal);
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      if (deadline.aborted) {
        throw new OutboundHttpError(
          'TIMEOUT',
          `request to ${url.host} timed out after ${request.timeoutMs} ms`,
        );
      }
      throw error;
    }
  }

  private async exchange(
    first: URL,
    request: OutboundRequest,
    signal: AbortSignal,
  ): Promise<OutboundResponse> {
    let url = first;
    let method = request.method.toUpperCase();
    let body = request.body;
    let headers: Record<string, string> = { ...request.headers };
    for (let redirects = 0; ; redirects++) {
      const lookup = await this.pin(url, signal);
      const response = await this.send(url, { method, headers, body, lookup, signal });
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode ?? 0) || !location) {
        const text = await readResponseBody(response, {
          maxBytes: this.maxResponseBytes,
          host: url.host,
          method,
        }).catch((error: unknown) => {
          throw describeNetworkError(error, url);
        });
        return toResponse(response, text, url);
      }
      response.resume();
      if (redirects >= this.maxRedirects) {
        throw new OutboundHttpError(
          'TOO_MANY_REDIRECTS',
          `request to ${first.host} was redirected more than ${this.maxRedirects} times`,
        );
      }
      const next = parseUrl(URL.canParse(location, url.href) ? new URL(location, url).href : location);
      if (response.statusCode === 303 || ((response.statusCode ?? 0) <= 302 && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        headers = withoutHeaders(headers, ['content-type', 'content-length']);
      }
      if (next.origin !== url.origin) headers = withoutHeaders(headers, [...CREDENTIAL_HEADERS]);
      url = next;
    }
  }

  /**
   * Checks where `url` leads and returns a lookup that answers only with the checked addresses.
   * Throws OutboundHttpError (REFUSED or DNS) before anything is connected.
   */
  private async pin(url: URL, signal: AbortSignal): Promise<LookupFunction> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const hostAllowed = this.policy.allowsHost(host);
    const refusedName = this.policy.refusedName(host);
    if (refusedName) throw refused(host, undefined, refusedName);
    let addresses: ResolvedAddress[];
    if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
    else addresses = await this.lookupHost(host, signal);
    if (!hostAllowed) {
      for (const { address } of addresses) {
        const verdict = this.policy.check(address);
        if (!verdict.allowed) throw refused(host, address, verdict.reason);
      }
    }
    return pinnedLookup(addresses);
  }

  private async lookupHost(host: string, signal: AbortSignal): Promise<ResolvedAddress[]> {
    let addresses: ResolvedAddress[];
    try {
      addresses = await abortable(this.resolve(host), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      const code = (error as { code?: unknown }).code;
      throw new OutboundHttpError('DNS', `could not resolve host ${host}`, {
        cause: error,
        temporary: code === 'EAI_AGAIN' || code === 'ETIMEOUT',
      });
    }
    if (addresses.length === 0) throw new OutboundHttpError('DNS', `could not resolve host ${host}`);
    return addresses;
  }

  private send(url: URL, options: SendOptions): Promise<IncomingMessage> {
    const secure = url.protocol === 'https:';
    const body = options.body;
    const headers = withoutHeaders(options.headers, ['content-length']);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      let request: http.ClientRequest;
      try {
        request = this.open(secure, url, options, headers);
      } catch (error) {
        // Invalid header names or values throw here, before anything is sent.
        reject(describeNetworkError(error, url));
        return;
      }
      request.once('response', resolve);
      request.once('error', (error) => reject(describeNetworkError(error, url)));
      request.end(body);
    });
  }

  private open(secure: boolean, url: URL, options: SendOptions, headers: Record<string, string>) {
    return (secure ? https : http).request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: options.method,
      headers,
      auth: url.username
        ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
        : undefined,
      agent: secure ? this.agents.https : this.agents.http,
      lookup: options.lookup,
      signal: options.signal,
    });
  }
}

interface SendOptions {
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  lookup: LookupFunction;
  signal: AbortSignal;
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundHttpError('INVALID_REQUEST', `"${text}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundHttpError(
      'INVALID_REQUEST',
      `only http and https URLs can be requested, not ${url.protocol}`,
    );
  }
  return url;
}

function refused(host: string, address: string | undefined, reason: string): OutboundHttpError {
  const shown = address === undefined ? undefined : readableAddress(address);
  const target = shown === undefined || address === host ? readableAddress(host) : `${host} (${shown})`;
  return new OutboundHttpError(
    'REFUSED',
    `request to ${target} refused: ${reason} (allow it with FLOWGATE_ALLOW_HOSTS)`,
  );
}

/** URLs spell IPv4-mapped addresses in hex (`::ffff:a00:5`); messages show `::ffff:10.0.0.5`. */
function readableAddress(address: string): string {
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!mapped) return address;
  const high = Number.parseInt(mapped[1] as string, 16);
  const low = Number.parseInt(mapped[2] as string, 16);
  return `::ffff:${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** A `lookup` for net.connect that answers with the addresses already checked, whatever is asked. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const matching = addresses.filter((entry) => wanted === undefined || entry.family === wanted);
    const usable = matching.length > 0 ? matching : addresses;
    if (options.all)
      callback(
        null,
        usable.map((entry) => ({ ...entry })),
      );
    else {
      const first = usable[0] as ResolvedAddress;
      callback(null, first.address, first.family);
    }
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function withoutHeaders(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

function toResponse(response: IncomingMessage, body: string, url: URL): OutboundResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? '',
    headers,
    body,
    url: url.toString(),
  };
}
