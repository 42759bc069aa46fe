import {
  type CompiledFlow,
  compileFlow,
  type FlowProblem,
  FlowValidationError,
  type JsonValue,
  type NodeRegistry,
} from '@flowgate/engine';
import type { Store } from '../store/store.ts';
import type { ActiveDeployments } from './active-deployments.ts';

export interface DeployResult {
  deployment: number;
  flows: { id: string; name: string; webhookUrl?: string; warnings: readonly string[] }[];
}

/** Deploy failed: every problem of every flow, so a person fixes them in one pass. */
export class DeployError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Deploy refused:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'DeployError';
  }
}

/**
 * Deploy = save the given flows as the project's drafts, then snapshot all of the project's flows
 * into a new numbered deployment that becomes active. Nothing is written unless every flow compiles.
 */
export class DeployService {
  constructor(
    private readonly store: Pick<Store, 'flows' | 'deployments' | 'projects'>,
    private readonly registry: NodeRegistry,
    private readonly active: ActiveDeployments,
    private readonly now: () => number,
    /** Public base URL, for the webhook URLs a deploy prints. */
    private readonly endpointBase: string,
    private readonly onDeployed: (projectId: string) => void = () => {},
  ) {}

  async deploy(projectId: string, definitions: readonly unknown[]): Promise<DeployResult> {
    if (!(await this.store.projects.get(projectId)))
      throw new DeployError([`project ${projectId} does not exist`]);
    const compiled = this.compileAll(definitions);
    const ids = new Set<string>();
    for (const flow of compiled) {
      if (ids.has(flow.id)) throw new DeployError([`flow id ${flow.id} is given twice`]);
      ids.add(flow.id);
    }
    const drafts = await this.store.flows.list(projectId);
    const others = drafts.filter((draft) => !ids.has(draft.id));
    this.compileAll(others.map((draft) => draft.definition));
    const at = this.now();
    for (const flow of compiled) {
      await this.store.flows.put({
        projectId,
        id: flow.id,
        name: flow.name,
        definition: flow.definition as unknown as JsonValue,
        updatedAt: at,
      });
    }
    const snapshot = {
      flows: [
        ...others.map((draft) => draft.definition),
        ...compiled.map((flow) => flow.definition as unknown as JsonValue),
      ],
    };
    const deployment = await this.store.deployments.create(projectId, snapshot, at);
    this.active.invalidate(projectId);
    this.onDeployed(projectId);
    return {
      deployment: deployment.number,
      flows: compiled.map((flow) => ({
        id: flow.id,
        name: flow.name,
        ...(flow.triggerDescription.invocation === 'webhook'
          ? { webhookUrl: `${this.endpointBase}/webhooks/${projectId}/${flow.id}` }
          : {}),
        warnings: flow.warnings,
      })),
    };
  }

  async rollback(projectId: string, number: number): Promise<void> {
    if (!(await this.store.deployments.activate(projectId, number))) {
      throw new DeployError([`project ${projectId} has no deployment ${number}`]);
    }
    this.active.invalidate(projectId);
    this.onDeployed(projectId);
  }

  private compileAll(definitions: readonly unknown[]): CompiledFlow[] {
    const problems: string[] = [];
    const compiled: CompiledFlow[] = [];
    for (const definition of definitions) {
      try {
        compiled.push(compileFlow(definition, this.registry));
      } catch (error) {
        if (!(error instanceof FlowValidationError)) throw error;
        problems.push(...error.problems.map((problem: FlowProblem) => describe(error, problem)));
      }
    }
    if (problems.length > 0) throw new DeployError(problems);
    return compiled;
  }
}

function describe(error: FlowValidationError, problem: FlowProblem): string {
  const flow = error.flowId;
  return problem.nodeId
    ? `flow ${flow}, node ${problem.nodeId}: ${problem.message}`
    : `flow ${flow}: ${problem.message}`;
}
