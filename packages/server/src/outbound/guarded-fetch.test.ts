import dc from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { OutboundHttpError, type OutboundRequest } from '@flowgate/engine';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GuardedFetch, type GuardedFetchOptions } from './guarded-fetch.ts';

type Route = (request: IncomingMessage, response: ServerResponse) => void;

let origin = '';
let port = 0;
const received: string[] = [];
const routes: Record<string, Route> = {
  '/json': (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"hello":"world"}');
  },
  '/headers': (request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ method: request.method, headers: request.headers }));
  },
  '/to-json': (_request, response) => redirect(response, 302, '/json'),
  '/see-other': (_request, response) => redirect(response, 303, '/headers'),
  '/to-localhost': (_request, response) => redirect(response, 307, `http://localhost:${port}/headers`),
  '/to-private': (_request, response) => redirect(response, 302, 'http://10.0.0.5/admin'),
  '/to-metadata': (_request, response) => redirect(response, 301, 'http://169.254.169.254/latest/meta-data/'),
  '/to-file': (_request, response) => redirect(response, 302, 'file:///etc/passwd'),
  '/loop': (_request, response) => redirect(response, 302, '/loop'),
  '/big': (_request, response) => response.end('x'.repeat(4096)),
  '/gzip': (_request, response) => {
    response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
    response.end(gzipSync('unzipped text'));
  },
  '/slow': (_request, response) => {
    setTimeout(() => response.end('late'), 2000);
  },
};

function redirect(response: ServerResponse, status: number, location: string): void {
  response.writeHead(status, { location });
  response.end();
}

const server = createServer((request, response) => {
  received.push(`${request.method} ${request.url}`);
  request.resume();
  const route = routes[request.url ?? ''];
  if (route) route(request, response);
  else {
    response.statusCode = 404;
    response.end();
  }
});

/** Every client socket this process opens; a refusal must leave this untouched. */
const sockets: unknown[] = [];
const onSocket = (message: unknown) => sockets.push(message);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  dc.subscribe('net.client.socket', onSocket);
});
afterAll(async () => {
  dc.unsubscribe('net.client.socket', onSocket);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  sockets.length = 0;
  received.length = 0;
});

function fetcher(options: Partial<GuardedFetchOptions> = {}) {
  return new GuardedFetch({ allowHosts: ['127.0.0.1'], ...options });
}

function request(url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest {
  return { method: 'GET', url, headers: {}, timeoutMs: 5000, signal: new AbortController().signal, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<OutboundHttpError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(OutboundHttpError);
  return error as OutboundHttpError;
}

describe('GuardedFetch guard', () => {
  it('refuses 127.0.0.1 without the allow list, before connecting', async () => {
    const error = await failure(new GuardedFetch({ allowHosts: [] }).request(request(`${origin}/json`)));
    expect(error.message).toBe(
      'request to 127.0.0.1 refused: loopback address (allow it with FLOWGATE_ALLOW_HOSTS)',
    );
    expect(error).toMatchObject({ code: 'HTTP_REFUSED', retryable: false });
    expect(sockets).toHaveLength(0);
    expect(received).toHaveLength(0);
  });

  it('reaches 127.0.0.1 when allowed by address or CIDR', async () => {
    for (const allowHosts of [['127.0.0.1'], ['127.0.0.0/8']]) {
      const response = await fetcher({ allowHosts }).request(request(`${origin}/json`));
      expect(response).toMatchObject({ status: 200, body: '{"hello":"world"}', url: `${origin}/json` });
      expect(response.headers['content-type']).toBe('application/json');
    }
  });

  it.each([
    ['http://10.0.0.5/', '10.0.0.5', 'private address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'cloud metadata address'],
    ['http://[::1]:9/', '::1', 'loopback address'],
    ['http://[::ffff:127.0.0.2]/', '::ffff:127.0.0.2', 'loopback address'],
    ['http://[::ffff:10.0.0.5]/', '::ffff:10.0.0.5', 'private address'],
    ['http://0.0.0.0:8080/', '0.0.0.0', 'unspecified address'],
    ['http://100.64.1.1/', '100.64.1.1', 'shared (CGNAT) address'],
    ['http://224.0.0.1/', '224.0.0.1', 'multicast address'],
    ['http://[fe80::1]/', 'fe80::1', 'link-local address'],
    ['http://2130706433/', '127.0.0.1', 'loopback address'],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      'metadata.google.internal',
      'cloud metadata address',
    ],
  ])('refuses %s before connecting', async (url, shown, reason) => {
    const error = await failure(fetcher({ allowHosts: [] }).request(request(url)));
    expect(error.message).toBe(`request to ${shown} refused: ${reason} (allow it with FLOWGATE_ALLOW_HOSTS)`);
    expect(sockets).toHaveLength(0);
  });

  it('refuses a name that resolves to a loopback address, and allows it by name', async () => {
    const error = await failure(
      fetcher({ allowHosts: [] }).request(request(`http://localhost:${port}/json`)),
    );
    expect(error.message).toMatch(
      /^request to localhost \((127\.0\.0\.1|::1)\) refused: loopback address \(allow it with FLOWGATE_ALLOW_HOSTS\)$/,
    );
    expect(sockets).toHaveLength(0);
    const response = await fetcher({ allowHosts: ['localhost'] }).request(
      request(`http://localhost:${port}/json`),
    );
    expect(response.status).toBe(200);
  });

  it('refuses when any resolved address is private, and connects only to checked addresses', async () => {
    const resolve = async (hostname: string) =>
      hostname === 'mixed.test'
        ? [
            { address: '93.184.215.14', family: 4 },
            { address: '10.1.2.3', family: 4 },
          ]
        : [{ address: '127.0.0.1', family: 4 }];
    const error = await failure(fetcher({ allowHosts: [], resolve }).request(request('http://mixed.test/')));
    expect(error.message).toBe(
      'request to mixed.test (10.1.2.3) refused: private address (allow it with FLOWGATE_ALLOW_HOSTS)',
    );
    expect(sockets).toHaveLength(0);
    // `pinned.test` exists only in our resolver: reaching the server proves the socket used its answer.
    const response = await fetcher({ resolve }).request(request(`http://pinned.test:${port}/headers`));
    expect(JSON.parse(response.body).headers.host).toBe(`pinned.test:${port}`);
  });

  it('checks every redirect hop: an allowed server cannot redirect to a refused address', async () => {
    const toPrivate = await failure(fetcher().request(request(`${origin}/to-private`)));
    expect(toPrivate.message).toBe(
      'request to 10.0.0.5 refused: private address (allow it with FLOWGATE_ALLOW_HOSTS)',
    );
    const toMetadata = await failure(fetcher().request(request(`${origin}/to-metadata`)));
    expect(toMetadata.message).toContain('request to 169.254.169.254 refused: cloud metadata address');
    const toFile = await failure(fetcher().request(request(`${origin}/to-file`)));
    expect(toFile.message).toBe('only http and https URLs can be requested, not file:');
    expect(sockets).toHaveLength(3);
    expect(received).toEqual(['GET /to-private', 'GET /to-metadata', 'GET /to-file']);
  });
});

describe('GuardedFetch requests', () => {
  it('follows redirects, turning a POST into a GET on 303, dropping credentials across origins', async () => {
    expect((await fetcher().request(request(`${origin}/to-json`))).body).toBe('{"hello":"world"}');
    const seeOther = await fetcher().request(
      request(`${origin}/see-other`, {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(JSON.parse(seeOther.body)).toMatchObject({ method: 'GET' });
    expect(JSON.parse(seeOther.body).headers['content-type']).toBeUndefined();
    const crossOrigin = await fetcher({ allowHosts: ['127.0.0.1', 'localhost'] }).request(
      request(`${origin}/to-localhost`, { headers: { authorization: 'Bearer secret', 'x-kept': 'yes' } }),
    );
    expect(crossOrigin.url).toBe(`http://localhost:${port}/headers`);
    const headers = JSON.parse(crossOrigin.body).headers;
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-kept']).toBe('yes');
  });

  it('stops after 5 redirects', async () => {
    const error = await failure(fetcher().request(request(`${origin}/loop`)));
    expect(error).toMatchObject({ code: 'HTTP_TOO_MANY_REDIRECTS' });
    expect(error.message).toBe(`request to 127.0.0.1:${port} was redirected more than 5 times`);
    expect(received).toHaveLength(6);
  });

  it('refuses other protocols and bad URLs', async () => {
    for (const [url, message] of [
      ['ftp://127.0.0.1/x', 'only http and https URLs can be requested, not ftp:'],
      ['not a url', '"not a url" is not a valid URL'],
    ] as const) {
      const error = await failure(fetcher().request(request(url)));
      expect(error).toMatchObject({ code: 'HTTP_INVALID_REQUEST', message });
    }
  });

  it('says which host could not be resolved, retryable only when the resolver said so', async () => {
    const failing = (code: string) => async () => {
      throw Object.assign(new Error(`getaddrinfo ${code}`), { code });
    };
    const missing = await failure(
      fetcher({ resolve: failing('ENOTFOUND') }).request(request('https://example.n8n.cloud/webhook/x')),
    );
    expect(missing).toMatchObject({
      code: 'HTTP_DNS',
      retryable: false,
      message: 'could not resolve host example.n8n.cloud',
    });
    const flaky = await failure(
      fetcher({ resolve: failing('EAI_AGAIN') }).request(request('https://example.n8n.cloud/')),
    );
    expect(flaky.retryable).toBe(true);
  });

  it('names host and port when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(fetcher().request(request(`http://127.0.0.1:${closedPort}/`)));
    expect(error).toMatchObject({ code: 'HTTP_CONNECTION', retryable: true });
    expect(error.message).toBe(`connection refused by 127.0.0.1:${closedPort}`);
  });

  it('refuses header values that would split the request', async () => {
    const error = await failure(
      fetcher().request(request(`${origin}/json`, { headers: { 'x-note': 'a\r\nb' } })),
    );
    expect(error).toMatchObject({ code: 'HTTP_INVALID_REQUEST', retryable: false });
    expect(error.message).toContain('invalid request header');
  });

  it('says when TLS fails', async () => {
    const error = await failure(fetcher().request(request(`https://127.0.0.1:${port}/json`)));
    expect(error).toMatchObject({ code: 'HTTP_TLS', retryable: false });
    expect(error.message).toBe(`TLS handshake with 127.0.0.1:${port} failed (is it an HTTPS server?)`);
  });

  it('times out, and rethrows the caller’s abort reason', async () => {
    const timedOut = await failure(fetcher().request(request(`${origin}/slow`, { timeoutMs: 100 })));
    expect(timedOut).toMatchObject({ code: 'HTTP_TIMEOUT', retryable: true });
    expect(timedOut.message).toBe(`request to 127.0.0.1:${port} timed out after 100 ms`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    await expect(fetcher().request(request(`${origin}/slow`, { signal: controller.signal }))).rejects.toThrow(
      'run cancelled',
    );
  });

  it('decompresses gzip and refuses bodies over the cap', async () => {
    expect((await fetcher().request(request(`${origin}/gzip`))).body).toBe('unzipped text');
    const error = await failure(fetcher({ maxResponseBytes: 1024 }).request(request(`${origin}/big`)));
    expect(error).toMatchObject({ code: 'HTTP_TOO_LARGE', retryable: false });
    expect(error.message).toBe(`the response from 127.0.0.1:${port} is larger than 1 KiB`);
  });
});
