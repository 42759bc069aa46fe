import type { FastifyInstance } from 'fastify';
import { registerApiDocsRoutes } from './api-docs/api-docs-routes.ts';
import { registerAuthRoutes, sessionGuard } from './auth/auth-routes.ts';
import { registerDeploymentRoutes } from './deployments/deployment-routes.ts';
import { registerFlowRoutes } from './flows/flow-routes.ts';
import { checkCsrf } from './http/csrf-guard.ts';
import { useStudioErrors } from './http/studio-error-handler.ts';
import { registerKeyRoutes } from './projects/key-routes.ts';
import { registerProjectRoutes } from './projects/project-routes.ts';
import { registerSecretRoutes } from './projects/secret-routes.ts';
import { registerReportRoutes } from './reports/report-routes.ts';
import { registerRunRoutes } from './runs/run-routes.ts';
import { registerStaticRoutes } from './static/static-routes.ts';
import type { StudioDeps, StudioLogDeps } from './studio-deps.ts';

/**
 * The Studio: its JSON API under /studio/api (own error and not-found handlers, CSRF check on every
 * change, a session on every route but session/setup/login/logout) and the built pages under /studio/.
 */
export function registerStudio(app: FastifyInstance, deps: StudioDeps): void {
  registerStaticRoutes(app, deps.studioDist);
  app.register(
    async (scope) => {
      useStudioErrors(scope, deps.logUnexpected);
      // An empty JSON body (POST /logout, /revoke) is `{}`, not an error.
      const json = scope.getDefaultJsonParser('remove', 'remove');
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        if (text.trim() === '') done(null, {});
        else void json(request, text, done);
      });
      scope.addHook('onRequest', async (request) => checkCsrf(request, deps.publicOrigin));
      registerAuthRoutes(scope, deps.accounts, deps.now, deps.publicOrigin);
      scope.register(async (signedIn) => {
        signedIn.addHook('onRequest', sessionGuard(deps.accounts));
        registerProjectRoutes(signedIn, deps);
        registerKeyRoutes(signedIn, deps);
        registerSecretRoutes(signedIn, deps);
        registerFlowRoutes(signedIn, deps);
        registerDeploymentRoutes(signedIn, deps);
        const logDeps: StudioLogDeps = {
          store: deps.store,
          projects: deps.projects,
          deployments: deps.deployments,
          publicUrl: deps.publicUrl,
        };
        registerRunRoutes(signedIn, logDeps);
        registerReportRoutes(signedIn, logDeps);
        registerApiDocsRoutes(signedIn, logDeps);
      });
    },
    { prefix: '/studio/api' },
  );
}
