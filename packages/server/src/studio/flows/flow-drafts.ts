import type { JsonValue } from '@flowgate/engine';
import { z } from 'zod';
import type { FlowDefinitionJson, FlowDraftView, FlowProblem } from '../contract.ts';
import type { StudioDeps } from '../studio-deps.ts';
import { StudioError } from '../studio-error.ts';
import { deployedDefinitions, flowSummary } from './flow-summary.ts';
import { checkFlow, type FlowCheck } from './flow-validation.ts';

/** The shape a draft must have to be saved at all; everything else is a problem shown in the editor. */
export const definitionSchema = z.looseObject({
  id: z
    .string({ error: 'the flow needs an id' })
    .min(1, 'the flow needs an id')
    .max(200, 'use at most 200 characters')
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/,
      'use letters, digits, "_", "-", "." or ":", starting with a letter or digit',
    ),
  name: z.string({ error: 'the flow needs a name' }).trim().min(1, 'the flow needs a name').max(200),
  description: z.string().max(5000).optional(),
  nodes: z.array(z.looseObject({ id: z.string().min(1, 'every node needs an id') }), {
    error: 'nodes must be a list',
  }),
  edges: z.array(z.looseObject({}), { error: 'edges must be a list' }),
});

export const saveFlowSchema = z.object({ definition: definitionSchema });

/** Drafts of a project with what the editor shows beside them: summaries and problems. */
export class FlowDrafts {
  constructor(private readonly deps: StudioDeps) {}

  async check(projectId: string, definition: unknown): Promise<FlowCheck> {
    const credentials = await this.deps.credentials.usable(projectId);
    return checkFlow(definition, this.deps.registry, { projectId, credentials });
  }

  async deployed(projectId: string) {
    const active = await this.deps.store.deployments.getActive(projectId);
    return deployedDefinitions(active?.snapshot);
  }

  async require(projectId: string, flowId: string) {
    const flow = await this.deps.store.flows.get(projectId, flowId);
    if (!flow)
      throw StudioError.notFound(`This project has no flow ${flowId}; pick one from the flows list.`);
    return flow;
  }

  async save(projectId: string, definition: FlowDefinitionJson): Promise<void> {
    await this.deps.store.flows.put({
      projectId,
      id: definition.id,
      name: definition.name,
      definition: definition as unknown as JsonValue,
      updatedAt: this.deps.now(),
    });
  }

  async view(projectId: string, flowId: string): Promise<FlowDraftView> {
    const flow = await this.require(projectId, flowId);
    const [deployed, checked] = await Promise.all([
      this.deployed(projectId),
      this.check(projectId, flow.definition),
    ]);
    return {
      summary: flowSummary(flow, this.deps.registry, deployed),
      definition: flow.definition as unknown as FlowDefinitionJson,
      problems: checked.problems,
    };
  }
}

/** A problem of one flow among several, its message naming the flow. */
export function inFlow(flowId: string, problem: FlowProblem): FlowProblem {
  return { ...problem, message: `Flow ${flowId}: ${problem.message}` };
}
