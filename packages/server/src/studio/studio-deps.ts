import type { CompiledFlow, JsonValue, NodeRegistry } from '@flowgate/engine';
import type { FastifyRequest } from 'fastify';
import type { CredentialService } from '../credentials/credential-service.ts';
import type { ActiveDeployments } from '../deployments/active-deployments.ts';
import type { DeployService } from '../deployments/deploy-service.ts';
import type { ApiKeyService } from '../keys/api-key-service.ts';
import type { SecretKeyService } from '../keys/secret-key-service.ts';
import type { ProjectService } from '../projects/project-service.ts';
import type { SecretService } from '../secrets/secret-service.ts';
import type { Store } from '../store/store.ts';
import type { AccountService } from './auth/account-service.ts';

/**
 * What the Studio's read-only log routes (runs, reports, API docs) are given. The Studio plugin
 * (studio-routes.ts) registers them inside its `/studio/api` scope, after the session check: a route
 * registered with these deps is only reached by a logged-in user.
 */
export interface StudioLogDeps {
  readonly store: Store;
  readonly projects: ProjectService;
  /** The compiled flows of each project's active deployment (`flows(projectId)`). */
  readonly deployments: ActiveDeployments;
  /** The public base URL as the browser reached the server, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  readonly publicUrl: (request: FastifyRequest) => string;
}

/** Everything the Studio plugin needs: the log routes' deps plus the services the other pages use. */
export interface StudioDeps extends StudioLogDeps {
  readonly accounts: AccountService;
  readonly apiKeys: ApiKeyService;
  readonly secretKeys: SecretKeyService;
  readonly secrets: SecretService;
  readonly credentials: CredentialService;
  readonly deploys: DeployService;
  /** The node kinds this server runs: drafts are compiled with it. */
  readonly registry: NodeRegistry;
  /** Runs a compiled draft as a recorded `test` run; answers once its record is committed. */
  readonly runTest: (projectId: string, flow: CompiledFlow, payload: JsonValue) => Promise<string>;
  readonly now: () => number;
  readonly logUnexpected: (error: unknown, reference: string) => void;
  /** The built Studio (packages/studio/dist); missing = /studio answers 503. */
  readonly studioDist: string;
  /**
   * The configured public URL's origin (`https://flowgate.example.com`), undefined when none is set.
   * Behind a proxy it is what the browser sees: changes must come from it (CSRF), and an https one makes
   * the session cookie Secure.
   */
  readonly publicOrigin: string | undefined;
}
