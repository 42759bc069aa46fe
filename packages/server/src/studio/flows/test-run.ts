import type { JsonValue } from '@flowgate/engine';
import { ApiError } from '../../errors/api-error.ts';
import type { RunDetail } from '../contract.ts';
import { toRunDetail } from '../runs/run-views.ts';
import type { StudioDeps } from '../studio-deps.ts';
import { StudioError } from '../studio-error.ts';
import type { FlowDrafts } from './flow-drafts.ts';
import { hasErrors } from './flow-validation.ts';

/**
 * Runs the saved draft as it is (compiled now, not deployed) with the project's real secrets, credentials
 * and services; the run is recorded with mode `test` and shows in the Logs like any other.
 */
export async function runTest(
  deps: StudioDeps,
  drafts: FlowDrafts,
  projectId: string,
  definition: JsonValue,
  payload: Record<string, unknown>,
): Promise<RunDetail> {
  const checked = await drafts.check(projectId, definition);
  if (!checked.compiled || hasErrors(checked.problems)) {
    throw StudioError.deployInvalid(
      'The draft has problems that stop it from running; fix those listed, save, and run the test again.',
      checked.problems.filter((problem) => problem.severity === 'error'),
    );
  }
  let requestId: string;
  try {
    requestId = await deps.runTest(projectId, checked.compiled, payload as JsonValue);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'INVALID_PAYLOAD') {
      const fields = payloadFields(error);
      throw StudioError.badRequest(`${error.message} Fix the test payload and run again.`, fields);
    }
    throw error;
  }
  const recorded = await deps.store.runs.get(projectId, requestId);
  if (!recorded) throw new Error(`test run ${requestId} was not found after it was recorded`);
  return toRunDetail(recorded, null);
}

function payloadFields(error: ApiError): { path: string; message: string }[] {
  const fields = error.details.fields;
  if (!Array.isArray(fields)) return [{ path: 'payload', message: error.message }];
  return fields.flatMap((field) => {
    if (typeof field !== 'object' || field === null) return [];
    const { field: name, message } = field as { field?: unknown; message?: unknown };
    return [
      { path: typeof name === 'string' && name ? `payload.${name}` : 'payload', message: String(message) },
    ];
  });
}
