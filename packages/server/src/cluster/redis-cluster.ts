import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface RedisClusterOptions {
  /** `redis://…` */
  url: string;
  /** Keys and channels start with it: the channel is `<prefix>:invalidate`. */
  prefix: string;
  onError: (error: unknown) => void;
}

export interface InvalidationHandlers {
  /** Another process changed a project's API keys, secret keys or active deployment. */
  project(projectId: string): void;
  /** Messages may have been missed (the subscription was down): forget everything cached. */
  everything(): void;
}

interface Message {
  projectId: string;
  from: string;
}

/**
 * What the processes of the distributed mode coordinate through Redis.
 *
 * Cache invalidation: a process that revokes a key, changes secret keys, deploys or rolls back
 * publishes the project's id on a channel; every subscribed process drops what it cached about that
 * project, so the change holds everywhere within milliseconds rather than after the caches'
 * time-to-live (which stays as the fallback should Redis be away).
 *
 * Once-only claims: every `serve` process runs the schedules; the first to claim a tick runs it.
 */
export class RedisCluster {
  readonly #options: RedisClusterOptions;
  readonly #channel: string;
  /** Tells this process's own messages apart: it invalidated its caches already. */
  readonly #self = randomUUID();
  readonly #pending = new Set<Promise<unknown>>();
  #publisher: Redis | undefined;
  #subscriber: Redis | undefined;

  constructor(options: RedisClusterOptions) {
    this.#options = options;
    this.#channel = `${options.prefix}:invalidate`;
  }

  /** Sends the change; `close` waits for sends still in flight (a CLI command exits right after). */
  publish(projectId: string): void {
    const message: Message = { projectId, from: this.#self };
    const sent = this.#commands()
      .publish(this.#channel, JSON.stringify(message))
      .catch((error: unknown) => this.#options.onError(error))
      .finally(() => this.#pending.delete(sent));
    this.#pending.add(sent);
  }

  /**
   * True for the one process that claims `name` first within `ttlMs` (SET NX); false for the others.
   * Should Redis be away, every process answers true: a tick run twice beats a tick lost.
   */
  async claimOnce(name: string, ttlMs: number): Promise<boolean> {
    try {
      const set = await this.#commands().set(
        `${this.#options.prefix}:once:${name}`,
        this.#self,
        'PX',
        ttlMs,
        'NX',
      );
      return set === 'OK';
    } catch (error) {
      this.#options.onError(error);
      return true;
    }
  }

  /** Starts listening; resolves once subscribed. */
  async subscribe(handlers: InvalidationHandlers): Promise<void> {
    if (this.#subscriber) return;
    const subscriber = this.#connect('subscriber', { maxRetriesPerRequest: null });
    this.#subscriber = subscriber;
    subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.#channel) return;
      const message = readMessage(text);
      if (message && message.from !== this.#self) handlers.project(message.projectId);
    });
    let connectedBefore = false;
    subscriber.on('ready', () => {
      // ioredis subscribes again by itself after a reconnect; what was published meanwhile is lost.
      if (connectedBefore) handlers.everything();
      connectedBefore = true;
    });
    await subscriber.subscribe(this.#channel);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    await Promise.all(
      [this.#publisher, this.#subscriber].map((connection) =>
        connection?.quit().catch(() => connection.disconnect()),
      ),
    );
    this.#publisher = undefined;
    this.#subscriber = undefined;
  }

  /** Opened on first use: commands that never publish need no connection. */
  #commands(): Redis {
    this.#publisher ??= this.#connect('commands', { maxRetriesPerRequest: 2 });
    return this.#publisher;
  }

  /** Named `<prefix>:<role>` in Redis's CLIENT LIST, so an operator can tell Flowgate's connections apart. */
  #connect(role: string, options: { maxRetriesPerRequest: number | null }): Redis {
    const connection = new Redis(this.#options.url, {
      ...options,
      connectionName: `${this.#options.prefix}:${role}`.replace(/[^\w:.-]/g, '_'),
    });
    connection.on('error', (error) => this.#options.onError(error));
    return connection;
  }
}

function readMessage(text: string): Message | undefined {
  try {
    const value = JSON.parse(text) as Partial<Message>;
    return typeof value.projectId === 'string' && typeof value.from === 'string'
      ? { projectId: value.projectId, from: value.from }
      : undefined;
  } catch {
    return undefined;
  }
}
