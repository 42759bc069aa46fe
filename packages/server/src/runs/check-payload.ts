import { isJsonObject, type JsonValue } from '@flowgate/engine';
import type { DeployedFlow } from '../deployments/active-deployments.ts';
import { ApiError } from '../errors/api-error.ts';

/** A missing payload is an empty one; anything but an object is refused. */
export function checkPayload(flow: DeployedFlow, payload: JsonValue): JsonValue {
  const input = payload ?? {};
  if (!isJsonObject(input)) {
    throw new ApiError('INVALID_PAYLOAD', 'payload must be a JSON object, e.g. {"url": "https://…"}.', {
      fields: [],
    });
  }
  const issues = flow.compiled.triggerDescription.validatePayload(input);
  if (issues.length > 0) {
    const text = issues
      .map((issue) => (issue.field ? `${issue.field} ${issue.message}` : issue.message))
      .join('; ');
    throw new ApiError('INVALID_PAYLOAD', `The payload does not match the workflow's inputs: ${text}.`, {
      fields: issues.map((issue) => ({ field: issue.field, message: issue.message })),
    });
  }
  return input;
}

/** Items named in a batch refusal's message; all of them are in `extensions.items`. */
const NAMED_IN_MESSAGE = 10;

/**
 * A batch is all or nothing: every payload is checked before any run starts, and a refusal lists each
 * invalid item by its index in `payloads` (the message names the first ten).
 */
export function checkBatchPayloads(
  flow: DeployedFlow,
  payloads: readonly JsonValue[],
  maxPayloads: number,
): JsonValue[] {
  if (payloads.length === 0) {
    throw new ApiError('BAD_REQUEST', `payloads is empty; send 1 to ${maxPayloads} payloads.`);
  }
  if (payloads.length > maxPayloads) {
    throw new ApiError(
      'BAD_REQUEST',
      `payloads holds ${payloads.length} items, over the limit of ${maxPayloads} per executeWorkflowBatch; ` +
        'split them into several batches.',
      { limit: maxPayloads },
    );
  }
  const inputs: JsonValue[] = [];
  const invalid: { index: number; message: string; fields: unknown }[] = [];
  payloads.forEach((payload, index) => {
    try {
      inputs.push(checkPayload(flow, payload));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      invalid.push({ index, message: error.message, fields: error.details.fields ?? [] });
    }
  });
  if (invalid.length === 0) return inputs;
  const named = invalid.slice(0, NAMED_IN_MESSAGE).map((item) => `payloads[${item.index}]: ${item.message}`);
  const more = invalid.length > NAMED_IN_MESSAGE ? ` (and ${invalid.length - NAMED_IN_MESSAGE} more)` : '';
  throw new ApiError(
    'INVALID_PAYLOAD',
    `${invalid.length} of ${payloads.length} payloads do not match the workflow's inputs, so no run was ` +
      `started: ${named.join(' ')}${more}`,
    { items: invalid },
  );
}
