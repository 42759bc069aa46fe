import type { JsonValue } from '@flowgate/engine';
import type { RunRecord } from '../store/store.ts';

/**
 * The JSON a receiver gets for a finished run. Written once when the run finishes and sent
 * byte-for-byte on every attempt, so a receiver can deduplicate by X-Flowgate-Delivery and the
 * signature always covers the same text.
 */
export interface WebhookBody {
  requestId: string;
  flowId: string;
  projectId: string;
  status: 'success' | 'error';
  /** The response node's output; null when the run failed. */
  result: JsonValue;
  /** `{code, message, nodeId?}` when the run failed, else null. */
  error: JsonValue;
  /** ISO 8601. */
  finishedAt: string;
  timeTakenInSeconds: number | null;
}

export function webhookBody(run: RunRecord): string {
  const failed = run.status === 'error';
  const body: WebhookBody = {
    requestId: run.requestId,
    flowId: run.flowId,
    projectId: run.projectId,
    status: failed ? 'error' : 'success',
    result: failed ? null : run.result,
    error: failed ? run.error : null,
    finishedAt: new Date(run.finishedAt ?? run.createdAt).toISOString(),
    timeTakenInSeconds: run.durationMs === null ? null : Math.round(run.durationMs) / 1000,
  };
  return JSON.stringify(body);
}
