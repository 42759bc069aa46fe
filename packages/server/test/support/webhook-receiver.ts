import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  /** The raw body, exactly as received. */
  body: string;
  at: number;
}

/** How the receiver answers the n-th request (1-based): a status, and headers. */
export type Answer = (count: number) => { status: number; headers?: Record<string, string> };

/**
 * A real HTTP receiver on 127.0.0.1 that keeps every request. `port` may be given to come back on
 * the port of a receiver that was down.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server: http.Server | undefined;

  private constructor(private answer: Answer) {}

  static async start(answer: Answer = () => ({ status: 204 }), port = 0): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(answer);
    await receiver.listen(port);
    return receiver;
  }

  /** A port nothing listens on (a receiver that is down), free to listen on later. */
  static async freePort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}/hooks`;
  }

  get boundPort(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the receiver is not listening');
    return address.port;
  }

  answerWith(answer: Answer): void {
    this.answer = answer;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(port: number): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        const { status, headers } = this.answer(this.received.length);
        response.writeHead(status, headers).end(status >= 400 ? 'receiver says no' : '');
      });
    });
    this.server = server;
    return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  }
}

/** Polls `check` until it answers true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
