import { mkdir } from 'node:fs/promises';
import { builtinNodeKinds, type EngineServices, NodeRegistry, WorkerPoolSandbox } from '@flowgate/engine';
import type { FastifyInstance } from 'fastify';
import { Authenticator } from './auth/authenticator.ts';
import { RedisCluster } from './cluster/redis-cluster.ts';
import type { Config } from './config/config.ts';
import { CredentialService } from './credentials/credential-service.ts';
import { loadOrCreateMasterKey } from './crypto/master-key.ts';
import { SecretBox } from './crypto/secret-box.ts';
import { ActiveDeployments } from './deployments/active-deployments.ts';
import { DeployService } from './deployments/deploy-service.ts';
import { GraphqlExecutor } from './graphql/graphql-executor.ts';
import { buildSchema } from './graphql/schema.ts';
import { createHttpServer } from './http/http-server.ts';
import { IdempotentExecutions } from './idempotency/idempotent-executions.ts';
import { ApiKeyService } from './keys/api-key-service.ts';
import { SecretKeyService } from './keys/secret-key-service.ts';
import { createLogger, type Logger } from './logging/logger.ts';
import { AiSdkModelGateway } from './models/ai-sdk-model-gateway.ts';
import { ModelFetch } from './models/model-fetch.ts';
import { Operations } from './operations/operations.ts';
import { GuardedFetch } from './outbound/guarded-fetch.ts';
import { ProjectService } from './projects/project-service.ts';
import { createQueue } from './queue/create-queue.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { createRateLimiter } from './rate-limits/create-rate-limiter.ts';
import { ProjectConcurrency } from './rate-limits/project-concurrency.ts';
import type { RateLimiter } from './rate-limits/rate-limiter.ts';
import { RunRecorder } from './runs/run-recorder.ts';
import { RunService } from './runs/run-service.ts';
import { RunWorker } from './runs/run-worker.ts';
import { StaleRunSweeper } from './runs/stale-run-sweeper.ts';
import { Scheduler } from './schedules/scheduler.ts';
import { SecretService } from './secrets/secret-service.ts';
import { createStore } from './store/create-store.ts';
import type { Store } from './store/store.ts';
import { AccountService } from './studio/auth/account-service.ts';
import { DEFAULT_STUDIO_DIST } from './studio/static/static-routes.ts';
import { createWebhooks } from './webhooks/create-webhooks.ts';
import type { Webhooks } from './webhooks/webhooks.ts';

/** Everything a Flowgate process is made of, wired once. The CLI and the tests start from here. */
export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly projects: ProjectService;
  readonly apiKeys: ApiKeyService;
  readonly secretKeys: SecretKeyService;
  readonly secrets: SecretService;
  readonly credentials: CredentialService;
  readonly deploys: DeployService;
  readonly runs: RunService;
  readonly recorder: RunRecorder;
  /** Durable jobs: the store's table, or BullMQ with REDIS_URL. */
  readonly queue: JobQueue;
  /** Metrics, probes, request-log settings and run retention. */
  readonly operations: Operations;
  /** Signed callbacks of finished runs: secrets, deliveries, the backlog. */
  readonly webhooks: Webhooks;
  /** Builds the HTTP server on first call (commands that only touch the store never do). */
  http(): FastifyInstance;
  /** Work that belongs to a serving process: schedules. */
  startBackground(): Promise<void>;
  /** `flowgate worker`: takes queued jobs and listens for cache invalidations; serves nothing. */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function createApp(config: Config, options: { logger?: Logger } = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const now = Date.now;
  if (!config.databaseUrl) await mkdir(config.dataDir, { recursive: true });
  const store = createStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  await store.migrate();
  const masterKey = await loadOrCreateMasterKey({ configValue: config.masterKey, dataDir: config.dataDir });
  const secretBox = new SecretBox(masterKey.key);

  const authenticator = new Authenticator({
    store,
    secretBox,
    now,
    cacheTtlMs: config.authCacheMs,
    onBackgroundError: (error) => logger.error({ err: error }, 'recording API key use failed'),
  });
  const registry = new NodeRegistry(builtinNodeKinds);
  const active = new ActiveDeployments(store, registry, { ttlMs: config.authCacheMs, now });
  const invalidateHere = {
    project(projectId: string) {
      authenticator.invalidateProject(projectId);
      active.invalidate(projectId);
      // Another process may have deployed or rolled back: its schedules change now, not at the next refresh.
      void scheduler.refresh();
    },
    everything() {
      authenticator.invalidateAll();
      active.invalidateAll();
    },
  };
  // Distributed mode: every process hears of key, secret-key and deployment changes at once.
  const cluster = config.redisUrl
    ? new RedisCluster({
        url: config.redisUrl,
        prefix: config.redisPrefix,
        onError: (error) => logger.error({ err: error }, 'coordination through Redis failed'),
      })
    : undefined;
  const invalidate = (projectId: string) => {
    invalidateHere.project(projectId);
    cluster?.publish(projectId);
  };
  const queue = createQueue(
    {
      redisUrl: config.redisUrl,
      redisPrefix: config.redisPrefix,
      leaseMs: config.queueLeaseMs,
      pollIntervalMs: config.queuePollMs,
    },
    store.jobs,
    (error, job) => logger.error({ err: error, job }, 'queued job failed'),
  );
  const secrets = new SecretService(store, secretBox, now);
  const credentials = new CredentialService(store, secretBox, now);
  const modelFetch = new ModelFetch({ allowHosts: config.allowHosts });
  const sandbox = new WorkerPoolSandbox({ workers: config.codeWorkers });
  // flowNode calls go back through the run service, which needs the engine services: bound late.
  let runs: RunService | undefined;
  const engine: EngineServices = {
    sandbox,
    secrets,
    limits: { codeTimeoutMs: config.codeTimeoutMs, codeMemoryLimitBytes: config.codeMemoryMb * 1024 * 1024 },
    http: new GuardedFetch({ allowHosts: config.allowHosts }),
    flows: { run: (request) => (runs as RunService).runSubflow(request) },
    models: new AiSdkModelGateway({ credentials, fetch: modelFetch.fetch }),
  };
  const operations = new Operations(config, {
    store,
    logger,
    now,
    queue: () => queue,
    // Read on scrape, after `webhooks` below exists.
    webhookBacklog: () => webhooks.backlog(),
  });
  const recorder = new RunRecorder(store.runs, {
    flushIntervalMs: 2,
    // Sync runs answered already: batches of ~100 runs at 10k runs/s, where the writer thread spends
    // ~30% less a run than on the ~20 a 2 ms window gathers (SQLite, time-ordered ids).
    detachedFlushIntervalMs: 10,
    maxBatch: 256,
    onError: (error, batch) => logger.error({ err: error, runs: batch.length }, 'recording runs failed'),
    onRecord: (entry) => operations.metrics.observeRun(entry.run),
  });
  const webhooks = createWebhooks(config, { store, secretBox, queue, now, logger });
  runs = new RunService(active, engine, recorder, store, {
    syncTimeoutMs: config.syncTimeoutMs,
    now,
    onBackgroundError: (error, requestId) => logger.error({ err: error, requestId }, 'background run failed'),
    idempotency: new IdempotentExecutions(store.runs, {
      windowMs: config.idempotencyWindowMs,
      now,
      flush: () => recorder.flush(),
    }),
    concurrency: new ProjectConcurrency(config.projectConcurrency),
    maxBatchPayloads: config.batchMaxPayloads,
    queue,
    webhooks,
  });
  const runWorker = new RunWorker(store, active, runs, recorder, {
    maxAttempts: 5,
    now,
    onWarning: (message, details) => logger.warn(details, message),
  });
  const sweeper = new StaleRunSweeper(store.runs, queue, recorder, {
    graceMs: config.staleRunMs,
    windowMs: 24 * 60 * 60 * 1000,
    intervalMs: Math.min(60_000, Math.max(1000, Math.round(config.staleRunMs / 2))),
    batchSize: 500,
    now,
    claimPass: (pass) => (cluster ? cluster.claimOnce(`sweep:${pass}`, 60_000) : Promise.resolve(true)),
    onClosed: (run) => logger.warn({ requestId: run.requestId }, 'closed a run no job will finish'),
    onError: (error) => logger.error({ err: error }, 'sweeping stale runs failed'),
  });
  let working = false;
  /** Takes queued jobs in this process: the one place where job kinds get their handlers. */
  const work = () => {
    if (working) return;
    working = true;
    queue.work('run', runWorker.handle, { concurrency: config.workerConcurrency });
    sweeper.start();
    webhooks.start();
  };

  const scheduler = new Scheduler(store, active, runs, logger, 5000, (tick) =>
    cluster ? cluster.claimOnce(`schedule:${tick}`, 60_000) : Promise.resolve(true),
  );

  const projects = new ProjectService(store, `${config.endpointBase}/graphql`, now);
  const apiKeys = new ApiKeyService(store, invalidate, now);
  const secretKeys = new SecretKeyService(store, secretBox, invalidate, now);
  const deploys = new DeployService(store, registry, active, now, config.endpointBase, (projectId) => {
    cluster?.publish(projectId);
    void scheduler.refresh();
  });

  let http: FastifyInstance | undefined;
  // Built with the HTTP server: commands that never serve need no Redis connection.
  let rateLimiter: RateLimiter | undefined;
  const build = () => {
    rateLimiter ??= createRateLimiter({
      redisUrl: config.redisUrl,
      limits: {
        keyPerSecond: config.rateLimitKeyPerSecond,
        keyBurst: config.rateLimitKeyBurst,
        projectPerSecond: config.rateLimitProjectPerSecond,
        projectBurst: config.rateLimitProjectBurst,
      },
      now,
      onBackendError: (error) =>
        logger.error({ err: error }, 'rate limits unavailable: requests pass unchecked'),
    });
    http ??= createHttpServer(
      { bodyLimitBytes: config.bodyLimitBytes },
      {
        authenticator,
        executor: new GraphqlExecutor(buildSchema(), {
          maxDepth: config.graphqlMaxDepth,
          maxRootFields: config.graphqlMaxRootFields,
          maxTokens: config.graphqlMaxTokens,
        }),
        api: runs,
        rateLimiter,
        deployments: active,
        runs,
        logUnexpected: (error, reference) => logger.error({ err: error, reference }, 'unexpected error'),
        operations: operations.http(),
        studio: {
          store,
          projects,
          deployments: active,
          // The configured public URL, else the address the browser used.
          publicUrl: (request) =>
            config.publicUrl ? config.endpointBase : `${request.protocol}://${request.host}`,
          accounts: new AccountService(store, now),
          apiKeys,
          secretKeys,
          secrets,
          credentials,
          deploys,
          registry,
          runTest: (projectId, compiled, payload) =>
            (runs as RunService).runTest(projectId, compiled, payload),
          now,
          logUnexpected: (error, reference) =>
            logger.error({ err: error, reference }, 'unexpected Studio error'),
          studioDist: DEFAULT_STUDIO_DIST,
          publicOrigin: config.publicUrl === undefined ? undefined : new URL(config.publicUrl).origin,
        },
      },
    );
    return http;
  };

  return {
    config,
    logger,
    store,
    projects,
    apiKeys,
    secretKeys,
    secrets,
    credentials,
    deploys,
    runs,
    recorder,
    queue,
    http: build,
    operations,
    webhooks,
    startBackground: async () => {
      operations.pruner.start();
      await scheduler.start();
      await cluster?.subscribe(invalidateHere);
      if (config.serveWorks ?? !config.redisUrl) work();
    },
    async startWorker() {
      await cluster?.subscribe(invalidateHere);
      work();
      operations.pruner.start();
    },
    async close() {
      scheduler.stop();
      webhooks.stop();
      // Stops taking jobs; those in hand finish (or go back to the queue) before the store closes.
      await sweeper.stop();
      await queue.close(config.shutdownGraceMs);
      await cluster?.close();
      await operations.pruner.stop();
      await http?.close();
      await rateLimiter?.close();
      await recorder.close();
      await authenticator.close();
      await sandbox.close();
      modelFetch.close();
      await store.close();
    },
  };
}
