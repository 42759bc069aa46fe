import type { JsonValue } from '@flowgate/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DeployError } from '../../deployments/deploy-service.ts';
import { snapshotFlows } from '../../deployments/snapshot.ts';
import type { DeploymentRecord } from '../../store/store.ts';
import type { DeploymentView, FlowProblem } from '../contract.ts';
import { FlowDrafts, inFlow } from '../flows/flow-drafts.ts';
import { hasErrors } from '../flows/flow-validation.ts';
import { parseInput } from '../http/parse-input.ts';
import { requireProject } from '../projects/project-access.ts';
import type { StudioDeps } from '../studio-deps.ts';
import { StudioError } from '../studio-error.ts';

const deploySchema = z.object({
  flowIds: z.array(z.string().min(1), { error: 'flowIds must be a list of flow ids' }).optional(),
});

type ProjectParams = { Params: { projectId: string } };
type NumberParams = { Params: { projectId: string; number: string } };

/** Deployments: list (newest first), deploy the drafts, roll back to an earlier one. */
export function registerDeploymentRoutes(scope: FastifyInstance, deps: StudioDeps): void {
  const drafts = new FlowDrafts(deps);
  const P = '/projects/:projectId/deployments';

  scope.get<ProjectParams>(P, async (request): Promise<DeploymentView[]> => {
    const project = await requireProject(deps, request.params.projectId);
    return (await deps.store.deployments.list(project.id)).map(deploymentView);
  });

  scope.post<ProjectParams>(P, async (request, reply): Promise<DeploymentView> => {
    const project = await requireProject(deps, request.params.projectId);
    const input = parseInput(deploySchema, request.body, 'The deploy request');
    const all = await deps.store.flows.list(project.id);
    if (all.length === 0) {
      throw StudioError.badRequest('This project has no flows to deploy yet; create or import a flow first.');
    }
    const wanted = input.flowIds ?? all.map((flow) => flow.id);
    const missing = wanted.filter((id) => !all.some((flow) => flow.id === id));
    if (missing.length > 0) {
      throw StudioError.badRequest(
        `This project has no flow ${missing.join(', ')}; deploy flows from its list.`,
        [{ path: 'flowIds', message: `unknown: ${missing.join(', ')}` }],
      );
    }
    // Every draft goes into the snapshot (a deployment is the whole project), so every draft is checked.
    const problems: FlowProblem[] = [];
    for (const flow of all) {
      const checked = await drafts.check(project.id, flow.definition);
      if (hasErrors(checked.problems)) {
        problems.push(
          ...checked.problems
            .filter((problem) => problem.severity === 'error')
            .map((problem) => inFlow(flow.id, problem)),
        );
      }
    }
    if (problems.length > 0) {
      throw StudioError.deployInvalid(
        `Nothing was deployed: ${problems.length} problem${problems.length === 1 ? '' : 's'} must be fixed first (listed).`,
        problems,
      );
    }
    const selected = all.filter((flow) => wanted.includes(flow.id)).map((flow) => flow.definition);
    let number: number;
    try {
      number = (await deps.deploys.deploy(project.id, selected)).deployment;
    } catch (error) {
      if (!(error instanceof DeployError)) throw error;
      throw StudioError.deployInvalid(
        'Nothing was deployed: the flows did not compile (problems listed).',
        error.problems.map((message) => ({ code: 'INVALID_FLOW', message, severity: 'error' as const })),
      );
    }
    const deployment = await deps.store.deployments.get(project.id, number);
    if (!deployment) throw new Error(`deployment ${number} was not found right after it was created`);
    reply.code(201);
    return deploymentView(deployment);
  });

  scope.post<NumberParams>(`${P}/:number/rollback`, async (request): Promise<DeploymentView> => {
    const project = await requireProject(deps, request.params.projectId);
    // Digits only, and few enough to stay a safe integer and fit the database's integer column.
    const number = /^\d{1,9}$/.test(request.params.number) ? Number(request.params.number) : 0;
    if (number < 1) {
      const message = 'a deployment number is a whole number from 1 to 999999999';
      throw StudioError.badRequest(`"${request.params.number}" is not a deployment number: ${message}.`, [
        { path: 'number', message },
      ]);
    }
    try {
      await deps.deploys.rollback(project.id, number);
    } catch (error) {
      if (!(error instanceof DeployError)) throw error;
      throw StudioError.notFound(
        `This project has no deployment ${number}; pick one from the deployments list.`,
      );
    }
    const deployment = await deps.store.deployments.get(project.id, number);
    if (!deployment) throw StudioError.notFound(`Deployment ${number} is gone.`);
    return deploymentView(deployment);
  });
}

function deploymentView(deployment: DeploymentRecord): DeploymentView {
  return {
    number: deployment.number,
    createdAt: deployment.createdAt,
    active: deployment.active,
    flows: snapshotFlows(deployment.snapshot as JsonValue).map((flow) => ({
      id: typeof flow.id === 'string' ? flow.id : '',
      name: typeof flow.name === 'string' ? flow.name : '',
    })),
  };
}
