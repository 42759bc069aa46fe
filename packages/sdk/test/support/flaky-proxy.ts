import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with the n-th request (1-based): `pass` forwards it, `unavailable` answers 503
 * without forwarding, `drop-after-forward` forwards it, lets the server answer, then closes the
 * connection without a reply (the flow ran; the client cannot know), `rate-limit` answers 429 with
 * Retry-After: 1 without forwarding.
 */
export type ProxyStep = 'pass' | 'unavailable' | 'drop-after-forward' | 'rate-limit';

/** A node:http proxy on 127.0.0.1 in front of a real Flowgate, failing as a script says. */
export class FlakyProxy {
  readonly seen: { step: ProxyStep; at: number; idempotencyKey: string | undefined }[] = [];

  private constructor(
    private readonly server: http.Server,
    private readonly target: string,
    private readonly script: (count: number) => ProxyStep,
  ) {}

  static async start(target: string, script: (count: number) => ProxyStep): Promise<FlakyProxy> {
    const server = http.createServer();
    const proxy = new FlakyProxy(server, target, script);
    server.on('request', (request, response) => void proxy.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const step = this.script(this.seen.length + 1);
    const key = request.headers['idempotency-key'];
    this.seen.push({ step, at: Date.now(), idempotencyKey: typeof key === 'string' ? key : undefined });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (step === 'unavailable')
      return void response.writeHead(503, { 'content-type': 'text/html' }).end('<h1>503</h1>');
    if (step === 'rate-limit') {
      const body = { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }] };
      return void response.writeHead(429, { 'retry-after': '1' }).end(JSON.stringify(body));
    }
    const answer = await fetch(`${this.target}${request.url ?? '/graphql'}`, {
      method: request.method ?? 'POST',
      headers: forwardable(request.headers),
      body: Buffer.concat(chunks),
    });
    const body = Buffer.from(await answer.arrayBuffer());
    if (step === 'drop-after-forward') return void request.socket.destroy();
    response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(body);
  }
}

function forwardable(headers: http.IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (['host', 'connection', 'content-length'].includes(name) || value === undefined) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}
