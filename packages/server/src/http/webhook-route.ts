import { timingSafeEqual } from 'node:crypto';
import type { JsonValue } from '@flowgate/engine';
import type { FastifyInstance } from 'fastify';
import type { ActiveDeployments } from '../deployments/active-deployments.ts';
import { ApiError } from '../errors/api-error.ts';
import type { RunService } from '../runs/run-service.ts';

/**
 * Inbound webhooks: `POST /webhooks/{projectId}/{flowId}` with any JSON body runs a flow whose
 * trigger is a webhookTriggerNode. The URL is the capability; a flow may also require a secret in
 * `x-webhook-secret`. Answers 202 `{requestId}` at once; the run goes on in the background.
 */
export interface WebhookRouteDependencies {
  deployments: ActiveDeployments;
  runs: Pick<RunService, 'startTriggered'>;
}

export function registerWebhookRoute(app: FastifyInstance, dependencies: WebhookRouteDependencies): void {
  app.post<{ Params: { projectId: string; flowId: string } }>(
    '/webhooks/:projectId/:flowId',
    async (request, reply) => {
      const { projectId, flowId } = request.params;
      const flow = await dependencies.deployments.flow(projectId, flowId);
      const trigger = flow.compiled.triggerDescription;
      if (trigger.invocation !== 'webhook') {
        throw new ApiError(
          'WORKFLOW_NOT_FOUND',
          `Flow ${flowId} has no webhook trigger; it runs through the GraphQL API.`,
        );
      }
      if (
        trigger.webhookSecret !== undefined &&
        !sameSecret(request.headers['x-webhook-secret'], trigger.webhookSecret)
      ) {
        throw new ApiError(
          'UNAUTHENTICATED',
          'This webhook needs its secret in the x-webhook-secret header.',
        );
      }
      const body = (request.body ?? {}) as JsonValue;
      const requestId = await dependencies.runs.startTriggered(projectId, flowId, body, 'webhook');
      return reply.code(202).send({ requestId });
    },
  );
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
