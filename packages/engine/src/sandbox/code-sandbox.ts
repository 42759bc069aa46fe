import { EngineError } from '../errors/engine-error.ts';
import type { JsonValue } from '../json.ts';

/** Port: runs untrusted JavaScript (a code node's source, templates already replaced). */
export interface CodeSandbox {
  run(request: CodeRunRequest): Promise<CodeRunResult>;
  /** Frees workers and WASM memory; the sandbox is unusable afterwards. */
  close(): Promise<void>;
}

export interface CodeRunRequest {
  /**
   * Script source. `output` starts as `{}`; the result is the value of a top-level `return`
   * when there is one, else `output`. Top-level `await` is allowed.
   */
  code: string;
  /** Wall-clock budget for the whole call, host waits included. */
  timeoutMs: number;
  memoryLimitBytes: number;
}

export interface CodeRunResult {
  value: JsonValue;
  /** What the code printed with console.log/info/warn/error, one entry a call, capped. */
  logs: string[];
}

export type CodeErrorKind = 'CODE_ERROR' | 'CODE_TIMEOUT' | 'CODE_MEMORY_LIMIT' | 'CODE_OUTPUT_INVALID';

/** The guest threw, ran out of time or memory, or produced a result that is not JSON. */
export class CodeError extends EngineError {
  constructor(kind: CodeErrorKind, message: string, options: { cause?: unknown } = {}) {
    super(kind, message, { retryable: false, ...options });
  }
}
