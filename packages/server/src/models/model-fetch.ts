import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { OutboundHttpError } from '@flowgate/engine';
import { AddressPolicy } from '../outbound/address-policy.ts';
import { describeNetworkError } from '../outbound/network-error.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface ModelFetchOptions {
  /** FLOWGATE_ALLOW_HOSTS: private hosts a credential's base URL may point at (a local Ollama). */
  allowHosts: readonly string[];
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

/**
 * The `fetch` the AI SDK providers get (DESIGN §5). Like outbound/guarded-fetch.ts, each request's
 * host is resolved here, every address checked against the allow list, and the socket pinned to the
 * checked addresses (no DNS rebinding between check and connect); unlike it, the body streams (SSE)
 * and redirects are not followed (model APIs do not redirect; a 3xx is the provider's error).
 * Keep-alive sockets are reused: each was checked when it connected.
 */
export class ModelFetch {
  private readonly policy: AddressPolicy;
  private readonly resolve: (hostname: string) => Promise<ResolvedAddress[]>;
  private readonly agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };

  constructor(options: ModelFetchOptions) {
    this.policy = new AddressPolicy(options.allowHosts);
    this.resolve = options.resolve ?? ((hostname) => dnsLookup(hostname, { all: true, verbatim: true }));
  }

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OutboundHttpError(
        'INVALID_REQUEST',
        `model endpoints must be http or https, not ${url.protocol}`,
      );
    }
    const body = init.body ?? undefined;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new TypeError('model requests carry text or bytes');
    }
    const lookup = await this.pin(url);
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const secure = url.protocol === 'https:';
    return new Promise<Response>((resolve, reject) => {
      const request = (secure ? https : http).request(url, {
        method: init.method ?? 'GET',
        headers,
        agent: secure ? this.agents.https : this.agents.http,
        lookup,
        signal,
      });
      request.once('response', (response) => resolve(toWebResponse(response, url)));
      request.once('error', (error) =>
        reject(signal?.aborted ? signal.reason : describeNetworkError(error, url)),
      );
      request.end(body);
    });
  };

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Resolves and checks the host; a lookup that answers only with the checked addresses. */
  private async pin(url: URL): Promise<LookupFunction> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const refusedName = this.policy.refusedName(host);
    if (refusedName) throw refused(host, undefined, refusedName);
    let addresses: ResolvedAddress[];
    if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
    else {
      try {
        addresses = await this.resolve(host);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new OutboundHttpError('DNS', `could not resolve host ${host}`, {
          cause: error,
          temporary: code === 'EAI_AGAIN' || code === 'ETIMEOUT',
        });
      }
    }
    if (addresses.length === 0) throw new OutboundHttpError('DNS', `could not resolve host ${host}`);
    if (!this.policy.allowsHost(host)) {
      for (const { address } of addresses) {
        const verdict = this.policy.check(address);
        if (!verdict.allowed) throw refused(host, address, verdict.reason);
      }
    }
    return (_hostname, options, callback) => {
      const usable = addresses.filter((entry) => !options.family || entry.family === options.family);
      const answer = usable.length > 0 ? usable : addresses;
      if (options.all)
        callback(
          null,
          answer.map((entry) => ({ ...entry })),
        );
      else callback(null, (answer[0] as ResolvedAddress).address, (answer[0] as ResolvedAddress).family);
    };
  }
}

function refused(host: string, address: string | undefined, reason: string): OutboundHttpError {
  const target = address === undefined || address === host ? host : `${host} (${address})`;
  return new OutboundHttpError(
    'REFUSED',
    `request to ${target} refused: ${reason} (allow it with FLOWGATE_ALLOW_HOSTS)`,
  );
}

const DECODERS: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
  gzip: () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** A web Response over node's; a connection lost mid-body errors the body with a message naming the host. */
function toWebResponse(response: IncomingMessage, url: URL): Response {
  const headers = new Headers();
  for (let index = 0; index + 1 < response.rawHeaders.length; index += 2) {
    headers.append(response.rawHeaders[index] as string, response.rawHeaders[index + 1] as string);
  }
  const status = response.statusCode ?? 502;
  if (status === 204 || status === 304) {
    response.resume();
    return new Response(null, { status, statusText: response.statusMessage ?? '', headers });
  }
  const encoding = headers.get('content-encoding')?.toLowerCase() ?? '';
  const decoder = Object.hasOwn(DECODERS, encoding) ? DECODERS[encoding]?.() : undefined;
  const body = new PassThrough();
  const fail = (error: unknown) => body.destroy(describeNetworkError(error, url) as Error);
  response.once('error', fail);
  if (decoder) {
    decoder.once('error', fail);
    response.pipe(decoder).pipe(body);
    headers.delete('content-encoding');
    headers.delete('content-length');
  } else response.pipe(body);
  const stream = Readable.toWeb(body) as ReadableStream<Uint8Array>;
  return new Response(stream, { status, statusText: response.statusMessage ?? '', headers });
}
