import type { CodeSandbox } from '../sandbox/code-sandbox.ts';

/** The ports the engine runs against; the server's composition root provides them. */
export interface EngineServices {
  readonly sandbox: CodeSandbox;
  /** The project's secrets by name, read at run start when a flow references `{{secrets.…}}`. */
  readonly secrets: { forProject(projectId: string): Promise<Readonly<Record<string, string>>> };
  readonly limits: EngineLimits;
}

export interface EngineLimits {
  codeTimeoutMs: number;
  codeMemoryLimitBytes: number;
}
