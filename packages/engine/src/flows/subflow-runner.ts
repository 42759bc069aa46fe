import type { JsonValue } from '../json.ts';

/** Port: runs another deployed flow of the same project (the flowNode), returning its result. */
export interface SubflowRunner {
  /**
   * Resolves with the called flow's result; rejects with an EngineError whose message says what
   * failed (unknown flow, invalid payload, a node of the called flow).
   */
  run(request: SubflowRequest): Promise<JsonValue>;
}

export interface SubflowRequest {
  projectId: string;
  flowId: string;
  payload: JsonValue;
  /** How many flowNode calls lead to this one: the caller's depth + 1. */
  depth: number;
  parentRequestId: string;
  signal: AbortSignal;
}

/** Nested flow calls deeper than this are refused (a flow calling itself by mistake). */
export const MAX_SUBFLOW_DEPTH = 10;
