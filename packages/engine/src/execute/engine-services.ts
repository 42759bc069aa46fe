import type { SubflowRunner } from '../flows/subflow-runner.ts';
import type { OutboundHttp } from '../http/outbound-http.ts';
import type { ModelGateway } from '../models/model-gateway.ts';
import type { CodeSandbox } from '../sandbox/code-sandbox.ts';

/** The ports the engine runs against; the server's composition root provides them. */
export interface EngineServices {
  readonly sandbox: CodeSandbox;
  /** The project's secrets by name, read at run start when a flow references `{{secrets.…}}`. */
  readonly secrets: { forProject(projectId: string): Promise<Readonly<Record<string, string>>> };
  readonly limits: EngineLimits;
  /** Outbound HTTP (apiNode), guarded against private addresses by the server (DESIGN §5). */
  readonly http: OutboundHttp;
  /** Runs another deployed flow of the project (flowNode). */
  readonly flows: SubflowRunner;
  /** LLM calls (LLMNode, InstructorLLMNode) with the project's model credentials. */
  readonly models: ModelGateway;
}

export interface EngineLimits {
  codeTimeoutMs: number;
  codeMemoryLimitBytes: number;
}
