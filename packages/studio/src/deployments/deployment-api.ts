import type { DeploymentView } from '@flowgate/server/studio-contract';
import { api } from '../api/client.ts';
import { projectPath } from '../flows/flow-api.ts';

/** Deploy every draft of a project, list deployments, roll back. */
export const deploymentApi = {
  list: (projectId: string) => api<DeploymentView[]>('GET', `${projectPath(projectId)}/deployments`),
  deployAll: (projectId: string) => api<DeploymentView>('POST', `${projectPath(projectId)}/deployments`, {}),
  rollback: (projectId: string, deploymentNumber: number) =>
    api<DeploymentView>('POST', `${projectPath(projectId)}/deployments/${deploymentNumber}/rollback`),
};
