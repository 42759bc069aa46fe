import { mkdir } from 'node:fs/promises';
import { builtinNodeKinds, type EngineServices, NodeRegistry, WorkerPoolSandbox } from '@flowgate/engine';
import type { FastifyInstance } from 'fastify';
import { Authenticator } from './auth/authenticator.ts';
import type { Config } from './config/config.ts';
import { CredentialService } from './credentials/credential-service.ts';
import { loadOrCreateMasterKey } from './crypto/master-key.ts';
import { SecretBox } from './crypto/secret-box.ts';
import { ActiveDeployments } from './deployments/active-deployments.ts';
import { DeployService } from './deployments/deploy-service.ts';
import { GraphqlExecutor } from './graphql/graphql-executor.ts';
import { buildSchema } from './graphql/schema.ts';
import { createHttpServer } from './http/http-server.ts';
import { ApiKeyService } from './keys/api-key-service.ts';
import { SecretKeyService } from './keys/secret-key-service.ts';
import { createLogger, type Logger } from './logging/logger.ts';
import { AiSdkModelGateway } from './models/ai-sdk-model-gateway.ts';
import { ModelFetch } from './models/model-fetch.ts';
import { GuardedFetch } from './outbound/guarded-fetch.ts';
import { ProjectService } from './projects/project-service.ts';
import { RunRecorder } from './runs/run-recorder.ts';
import { RunService } from './runs/run-service.ts';
import { Scheduler } from './schedules/scheduler.ts';
import { SecretService } from './secrets/secret-service.ts';
import { createStore } from './store/create-store.ts';
import type { Store } from './store/store.ts';

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
  /** Builds the HTTP server on first call (commands that only touch the store never do). */
  http(): FastifyInstance;
  /** Work that belongs to a serving process: schedules. */
  startBackground(): Promise<void>;
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
  const invalidate = (projectId: string) => {
    authenticator.invalidateProject(projectId);
    active.invalidate(projectId);
  };
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
  const recorder = new RunRecorder(store.runs, {
    flushIntervalMs: 2,
    maxBatch: 256,
    onError: (error, batch) => logger.error({ err: error, runs: batch.length }, 'recording runs failed'),
  });
  runs = new RunService(active, engine, recorder, store, {
    syncTimeoutMs: config.syncTimeoutMs,
    now,
    onBackgroundError: (error, requestId) => logger.error({ err: error, requestId }, 'background run failed'),
  });

  const scheduler = new Scheduler(store, active, runs, logger);

  let http: FastifyInstance | undefined;
  const build = () => {
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
        deployments: active,
        runs,
        logUnexpected: (error, reference) => logger.error({ err: error, reference }, 'unexpected error'),
      },
    );
    return http;
  };

  return {
    config,
    logger,
    store,
    projects: new ProjectService(store, `${config.endpointBase}/graphql`, now),
    apiKeys: new ApiKeyService(store, invalidate, now),
    secretKeys: new SecretKeyService(store, secretBox, invalidate, now),
    secrets,
    credentials,
    deploys: new DeployService(
      store,
      registry,
      active,
      now,
      config.endpointBase,
      () => void scheduler.refresh(),
    ),
    runs,
    recorder,
    http: build,
    startBackground: () => scheduler.start(),
    async close() {
      scheduler.stop();
      await http?.close();
      await recorder.close();
      await authenticator.close();
      await sandbox.close();
      modelFetch.close();
      await store.close();
    },
  };
}
