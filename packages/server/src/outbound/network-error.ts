import { OutboundHttpError } from '@flowgate/engine';

const CONNECTION_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'connection refused by',
  ECONNRESET: 'connection reset by',
  ETIMEDOUT: 'connection timed out to',
  EHOSTUNREACH: 'host unreachable:',
  ENETUNREACH: 'network unreachable to',
  EPIPE: 'connection closed by',
  ECONNABORTED: 'connection aborted by',
};

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL_)/;

/**
 * Turns what node:http throws into an OutboundHttpError whose message names the host and port and
 * says what happened. Aborts and errors without a code (programming errors) pass through unchanged.
 */
export function describeNetworkError(error: unknown, url: URL): unknown {
  if (error instanceof OutboundHttpError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  const connection = CONNECTION_MESSAGES[code];
  if (connection) return new OutboundHttpError('CONNECTION', `${connection} ${where}`, { cause: error });
  if (code.startsWith('HPE_') || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new OutboundHttpError('CONNECTION', `${where} sent an invalid or incomplete HTTP response`, {
      cause: error,
    });
  }
  if (code === 'ERR_SOCKET_CLOSED') {
    return new OutboundHttpError('CONNECTION', `connection to ${where} closed early`, { cause: error });
  }
  if (code === 'EPROTO') {
    return new OutboundHttpError('TLS', `TLS handshake with ${where} failed (is it an HTTPS server?)`, {
      cause: error,
    });
  }
  if (TLS_CODES.test(code)) {
    return new OutboundHttpError('TLS', `TLS with ${where} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (
    code === 'ERR_INVALID_HTTP_TOKEN' ||
    code === 'ERR_INVALID_CHAR' ||
    code === 'ERR_HTTP_INVALID_HEADER_VALUE'
  ) {
    return new OutboundHttpError('INVALID_REQUEST', `invalid request header: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (code === 'ABORT_ERR') return error;
  return new OutboundHttpError('CONNECTION', `request to ${where} failed: ${(error as Error).message}`, {
    cause: error,
  });
}
