import type { Kysely } from 'kysely';
import { KyselyApiKeyRepository } from './kysely/api-key-repository.ts';
import { KyselyCredentialRepository } from './kysely/credential-repository.ts';
import { KyselyDeploymentRepository } from './kysely/deployment-repository.ts';
import { KyselyFeedbackRepository } from './kysely/feedback-repository.ts';
import { KyselyFlowRepository } from './kysely/flow-repository.ts';
import { KyselyProjectRepository } from './kysely/project-repository.ts';
import { KyselyRunRepository } from './kysely/run-repository.ts';
import { KyselySecretKeyRepository } from './kysely/secret-key-repository.ts';
import { KyselySecretRepository } from './kysely/secret-repository.ts';
import { migrateToLatest } from './migrations/migrate-to-latest.ts';
import type { Database } from './schema.ts';
import type {
  ApiKeyRepository,
  CredentialRepository,
  DeploymentRepository,
  FeedbackRepository,
  FlowRepository,
  ProjectRepository,
  RunRepository,
  SecretKeyRepository,
  SecretRepository,
  Store,
} from './store.ts';

/** What differs between the databases; everything else is the shared Kysely code. */
export interface KyselyStoreOptions {
  db: Kysely<Database>;
  /** PostgreSQL: true (`SELECT … FOR UPDATE`). SQLite: false; its writers are serialised by BEGIN IMMEDIATE. */
  rowLocks: boolean;
  externalChangeVersion: () => number;
  /** See MigrateOptions. */
  migrationTableSchema?: string;
  /** Replaces the shared run repository (each adapter has a faster batch write). */
  runs?: RunRepository;
  /**
   * Releases what Kysely may not: it destroys its driver only once a query has run, so a store closed
   * unused would otherwise keep its SQLite handle open.
   */
  afterClose?: () => void;
}

export class KyselyStore implements Store {
  readonly projects: ProjectRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly secretKeys: SecretKeyRepository;
  readonly secrets: SecretRepository;
  readonly flows: FlowRepository;
  readonly deployments: DeploymentRepository;
  readonly runs: RunRepository;
  readonly feedback: FeedbackRepository;
  readonly credentials: CredentialRepository;
  readonly #db: Kysely<Database>;
  readonly #options: KyselyStoreOptions;

  constructor(options: KyselyStoreOptions) {
    const db = options.db;
    this.#db = db;
    this.#options = options;
    this.projects = new KyselyProjectRepository(db);
    this.apiKeys = new KyselyApiKeyRepository(db);
    this.secretKeys = new KyselySecretKeyRepository(db);
    this.secrets = new KyselySecretRepository(db);
    this.flows = new KyselyFlowRepository(db);
    this.deployments = new KyselyDeploymentRepository(db, { rowLocks: options.rowLocks });
    this.runs = options.runs ?? new KyselyRunRepository(db);
    this.feedback = new KyselyFeedbackRepository(db);
    this.credentials = new KyselyCredentialRepository(db);
  }

  externalChangeVersion(): number {
    return this.#options.externalChangeVersion();
  }

  async migrate(): Promise<void> {
    const { migrationTableSchema } = this.#options;
    await migrateToLatest(this.#db, migrationTableSchema === undefined ? {} : { migrationTableSchema });
  }

  /** Closes the connection or pool; the store is unusable afterwards. */
  async close(): Promise<void> {
    await this.#db.destroy();
    this.#options.afterClose?.();
  }
}
