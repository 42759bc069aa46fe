/**
 * API Docs: GET P/api-docs (ApiDocsView), generated from the ACTIVE deployment (what clients can call
 * now), not from drafts. Registered inside the Studio's session-checked scope.
 */
import type { CompiledFlow, JsonValue } from '@flowgate/engine';
import type { FastifyInstance } from 'fastify';
import type { ApiDocsView, ApiFlowDoc } from '../contract.ts';
import { requireProject } from '../projects/project-access.ts';
import type { StudioLogDeps } from '../studio-deps.ts';
import { exampleValue } from './example-value.ts';
import { inputFields, outputFields } from './flow-fields.ts';

/** The query Lamatic's integration guide and SDKs send. */
export const EXECUTE_WORKFLOW_QUERY =
  'query ExecuteWorkflow($workflowId: String!, $payload: JSON) { executeWorkflow(workflowId: $workflowId, payload: $payload) { status result } }';

export function registerApiDocsRoutes(scope: FastifyInstance, deps: StudioLogDeps): void {
  scope.get<{ Params: { projectId: string } }>(
    '/projects/:projectId/api-docs',
    async (request): Promise<ApiDocsView> => {
      const { projectId } = request.params;
      await requireProject(deps, projectId);
      const active = await deps.deployments.flows(projectId);
      return {
        projectId,
        endpoint: `${deps.publicUrl(request)}/graphql`,
        deploymentNumber: active.deploymentNumber ?? null,
        flows: active.flows
          .map((flow) => flowDoc(flow.compiled))
          .sort((a, b) => a.name.localeCompare(b.name) || a.flowId.localeCompare(b.flowId)),
      };
    },
  );
}

export function flowDoc(flow: CompiledFlow): ApiFlowDoc {
  const input = inputFields(flow);
  const payload: Record<string, JsonValue> = {};
  for (const field of input) payload[field.name] = exampleValue(field.name, field.type);
  const description = flow.definition.description;
  return {
    flowId: flow.id,
    name: flow.name,
    description: typeof description === 'string' && description !== '' ? description : null,
    responseMode: responseMode(flow),
    input,
    output: outputFields(flow),
    exampleBody: { query: EXECUTE_WORKFLOW_QUERY, variables: { workflowId: flow.id, payload } },
  };
}

function responseMode(flow: CompiledFlow): ApiFlowDoc['responseMode'] {
  const trigger = flow.triggerDescription;
  if (trigger.invocation === 'webhook') return 'webhook';
  if (trigger.invocation === 'schedule') return 'schedule';
  return trigger.responseMode === 'async' ? 'async' : 'sync';
}
