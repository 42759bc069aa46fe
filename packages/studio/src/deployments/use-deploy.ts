import type { DeploymentView, FlowProblem } from '@flowgate/server/studio-contract';
import { useState } from 'react';
import { StudioApiError } from '../api/client.ts';
import { deploymentApi } from './deployment-api.ts';

export interface DeployOutcome {
  deployment: DeploymentView | null;
  message: string | null;
  problems: FlowProblem[];
}

/** Deploys every draft of the project; a refused deploy (422 DEPLOY_INVALID) keeps the problems it named. */
export function useDeploy(projectId: string) {
  const [deploying, setDeploying] = useState(false);
  const [outcome, setOutcome] = useState<DeployOutcome | null>(null);
  async function deploy(before?: () => Promise<void>): Promise<DeploymentView | null> {
    setDeploying(true);
    setOutcome(null);
    try {
      await before?.();
      const deployment = await deploymentApi.deployAll(projectId);
      setOutcome({ deployment, message: `Deployment #${deployment.number} is live.`, problems: [] });
      return deployment;
    } catch (cause) {
      const problems = cause instanceof StudioApiError ? (cause.body?.problems ?? []) : [];
      const message = cause instanceof StudioApiError ? cause.message : String(cause);
      setOutcome({ deployment: null, message, problems });
      return null;
    } finally {
      setDeploying(false);
    }
  }
  return { deploying, outcome, deploy, dismiss: () => setOutcome(null) };
}
