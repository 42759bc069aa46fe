import type { JsonValue, RunOutcome } from '@flowgate/engine';
import type { ProjectRepository } from '../store/store.ts';

/** Lamatic's limits for Smart Retries: at most 5 retries, at most 30 s apart. */
export const MAX_SMART_RETRIES = 5;
export const MAX_SMART_RETRY_DELAY_MS = 30_000;

/**
 * Smart Retries (a project setting, off by default): a run that failed with a retryable error is
 * run again after a delay, reusing the outputs of the nodes that succeeded, so it goes on from the
 * last node that succeeded instead of starting over. Returns the last attempt's outcome; its trace
 * marks the reused nodes.
 */
export async function retrySmartly(
  failed: RunOutcome,
  projectId: string,
  attempt: (resume: ReadonlyMap<string, JsonValue>) => Promise<RunOutcome>,
  projects: Pick<ProjectRepository, 'getSettings'>,
): Promise<RunOutcome> {
  const settings = (await projects.getSettings(projectId)).smartRetries;
  if (!settings?.enabled) return failed;
  const retries = Math.min(Math.max(settings.maxRetries, 0), MAX_SMART_RETRIES);
  const delayMs = Math.min(Math.max(settings.delayMs, 0), MAX_SMART_RETRY_DELAY_MS);
  let outcome = failed;
  for (let retry = 1; retry <= retries && outcome.status === 'error' && outcome.error?.retryable; retry++) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const resume = new Map<string, JsonValue>();
    for (const node of outcome.nodes)
      if (node.status === 'success' && node.output !== null) resume.set(node.nodeId, node.output);
    outcome = await attempt(resume);
  }
  return outcome;
}
