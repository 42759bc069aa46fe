import { isJsonObject, type JsonValue } from '@flowgate/engine';

/**
 * What a `run` job carries (queue/job-queue.ts): which recorded run to run. Its key is the requestId.
 * Everything else (payload, flow, deployment) is read from the run's record when the job is taken.
 */
export interface RunJobPayload {
  projectId: string;
  requestId: string;
  /** The request's X-Callback-Url (webhooks/): where the finished run is delivered. */
  callbackUrl?: string;
}

export function runJobPayload(projectId: string, requestId: string, callbackUrl?: string): JsonValue {
  const job: RunJobPayload = { projectId, requestId };
  if (callbackUrl !== undefined) job.callbackUrl = callbackUrl;
  return { ...job };
}

/** The payload of a `run` job, or undefined when it is not one (written by another version?). */
export function readRunJob(payload: JsonValue): RunJobPayload | undefined {
  if (!isJsonObject(payload)) return undefined;
  const { projectId, requestId, callbackUrl } = payload;
  if (typeof projectId !== 'string' || typeof requestId !== 'string') return undefined;
  return typeof callbackUrl === 'string' ? { projectId, requestId, callbackUrl } : { projectId, requestId };
}
