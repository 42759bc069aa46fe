/**
 * Port: the engine's only way to reach other servers over HTTP (apiNode; later webhooks and app
 * nodes). The server's implementation decides which addresses may be reached (DESIGN §5); the
 * engine never opens sockets itself.
 */
export interface OutboundHttp {
  /**
   * Sends one request, following redirects, and reads the whole response body as text. Resolves
   * for every HTTP status (a 404 is an answer, not an error); rejects with OutboundHttpError when
   * no answer could be had (refused address, DNS, connection, timeout, body over the size cap),
   * or with `signal.reason` when the caller aborted.
   */
  request(request: OutboundRequest): Promise<OutboundResponse>;
}

export interface OutboundRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute http: or https: URL. */
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  /** Budget for the whole exchange: every redirect hop and the body included. */
  timeoutMs: number;
  signal: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
  /** Decoded as UTF-8 (or the charset the response names). */
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

/** Response bodies larger than this are refused rather than buffered. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
