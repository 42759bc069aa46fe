import { type Kysely, sql } from 'kysely';
import { KyselyApiKeyRepository } from './kysely/api-key-repository.ts';
import { KyselyCredentialRepository } from './kysely/credential-repository.ts';
import { KyselyDeploymentRepository } from './kysely/deployment-repository.ts';
import { KyselyFeedbackRepository } from './kysely/feedback-repository.ts';
import { KyselyFlowRepository } from './kysely/flow-repository.ts';
import { KyselyJobRepository } from './kysely/job-repository.ts';
import { KyselyProjectRepository } from './kysely/project-repository.ts';
import { KyselyRunRepository } from './kysely/run-repository.ts';
import { KyselySecretKeyRepository } from './kysely/secret-key-repository.ts';
import { KyselySecretRepository } from './kysely/secret-repository.ts';
import { KyselySessionRepository } from './kysely/session-repository.ts';
import { KyselyStudioRunQueries } from './kysely/studio-run-queries.ts';
import { KyselyUserRepository } from './kysely/user-repository.ts';
import { KyselyWebhookDeliveryRepository } from './kysely/webhook-delivery-repository.ts';
import { KyselyWebhookSecretRepository } from './kysely/webhook-secret-repository.ts';
import { migrateToLatest, pendingMigrations } from './migrations/migrate-to-latest.ts';
import type { Database } from './schema.ts';
import type {
  ApiKeyRepository,
  CredentialRepository,
  DeploymentRepository,
  FeedbackRepository,
  FlowRepository,
  JobRepository,
  ProjectRepository,
  RunRepository,
  SecretKeyRepository,
  SecretRepository,
  SessionRepository,
  Store,
  StudioRunQueries,
  UserRepository,
  WebhookDeliveryRepository,
  WebhookSecretRepository,
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
  /** Runs before the connection closes, e.g. to let a writer thread commit what it holds. */
  beforeClose?: () => Promise<void>;
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
  readonly jobs: JobRepository;
  readonly webhookSecrets: WebhookSecretRepository;
  readonly webhookDeliveries: WebhookDeliveryRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly studioRuns: StudioRunQueries;
  readonly #db: Kysely<Database>;
  readonly #options: KyselyStoreOptions;
  /** Migrations are never unapplied: once seen complete, readiness only checks the connection. */
  #migrationsSeenApplied = false;

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
    this.jobs = new KyselyJobRepository(db, { rowLocks: options.rowLocks });
    this.webhookSecrets = new KyselyWebhookSecretRepository(db);
    this.webhookDeliveries = new KyselyWebhookDeliveryRepository(db, { rowLocks: options.rowLocks });
    this.users = new KyselyUserRepository(db, { rowLocks: options.rowLocks });
    this.sessions = new KyselySessionRepository(db);
    this.studioRuns = new KyselyStudioRunQueries(db);
  }

  externalChangeVersion(): number {
    return this.#options.externalChangeVersion();
  }

  async migrate(): Promise<void> {
    const { migrationTableSchema } = this.#options;
    await migrateToLatest(this.#db, migrationTableSchema === undefined ? {} : { migrationTableSchema });
  }

  async readiness(): Promise<string[]> {
    try {
      await sql`select 1`.execute(this.#db);
      if (this.#migrationsSeenApplied) return [];
      const { migrationTableSchema } = this.#options;
      const pending = await pendingMigrations(
        this.#db,
        migrationTableSchema === undefined ? {} : { migrationTableSchema },
      );
      if (pending.length > 0) return [`database migrations not applied: ${pending.join(', ')}`];
      this.#migrationsSeenApplied = true;
      return [];
    } catch (error) {
      // The driver's code only (ECONNREFUSED, 28P01…): the probe is unauthenticated, messages name hosts.
      return [`database not reachable (${errorCode(error)})`];
    }
  }

  /** Closes the connection or pool; the store is unusable afterwards. */
  async close(): Promise<void> {
    await this.#options.beforeClose?.();
    await this.#db.destroy();
    this.#options.afterClose?.();
  }
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.name : 'unknown error';
}
