import type { ProjectView as StoredProjectView } from '../../projects/project-service.ts';
import type { StudioLogDeps } from '../studio-deps.ts';
import { StudioError } from '../studio-error.ts';

/** The project of a `/projects/:projectId/…` route, or 404 NOT_FOUND. */
export async function requireProject(
  deps: Pick<StudioLogDeps, 'projects'>,
  projectId: string,
): Promise<StoredProjectView> {
  const project = await deps.projects.get(projectId);
  if (!project) {
    throw StudioError.notFound(`There is no project ${projectId}; pick one from the projects list.`);
  }
  return project;
}
