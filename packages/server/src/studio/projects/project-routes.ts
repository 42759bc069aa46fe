import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Project } from '../../store/store.ts';
import type { ProjectView } from '../contract.ts';
import { asBadRequest } from '../http/as-bad-request.ts';
import { parseInput } from '../http/parse-input.ts';
import type { StudioDeps } from '../studio-deps.ts';
import { requireProject } from './project-access.ts';

const createSchema = z.object({
  name: z.string().trim().min(1, 'give the project a name').max(200, 'use at most 200 characters'),
});
const settingsSchema = z.object({ smartRetries: z.boolean({ error: 'smartRetries must be true or false' }) });

type ProjectParams = { Params: { projectId: string } };

/** GET/POST /projects, GET /projects/:projectId, PUT /projects/:projectId/settings. */
export function registerProjectRoutes(scope: FastifyInstance, deps: StudioDeps): void {
  scope.get('/projects', async (request): Promise<ProjectView[]> => {
    const projects = await deps.projects.list();
    return Promise.all(projects.map((project) => projectView(deps, request, project)));
  });

  scope.post('/projects', async (request): Promise<ProjectView> => {
    const input = parseInput(createSchema, request.body, 'The new project');
    const project = await asBadRequest('name', () => deps.projects.create(input.name));
    return projectView(deps, request, project);
  });

  scope.get<ProjectParams>('/projects/:projectId', async (request): Promise<ProjectView> => {
    const project = await requireProject(deps, request.params.projectId);
    return projectView(deps, request, project);
  });

  scope.put<ProjectParams>('/projects/:projectId/settings', async (request): Promise<ProjectView> => {
    const project = await requireProject(deps, request.params.projectId);
    const input = parseInput(settingsSchema, request.body, 'The project settings');
    await deps.projects.setSmartRetries(project.id, { enabled: input.smartRetries });
    return projectView(deps, request, project);
  });
}

export async function projectView(
  deps: StudioDeps,
  request: FastifyRequest,
  project: Project,
): Promise<ProjectView> {
  const [settings, active] = await Promise.all([
    deps.projects.getSettings(project.id),
    deps.store.deployments.getActive(project.id),
  ]);
  return {
    id: project.id,
    name: project.name,
    createdAt: project.createdAt,
    endpoint: `${deps.publicUrl(request)}/graphql`,
    settings: { smartRetries: settings.smartRetries?.enabled ?? false },
    activeDeployment: active?.number ?? null,
  };
}
