import { EngineError } from '../../errors/engine-error.ts';
import { NodeFailure } from '../../errors/node-failure.ts';
import { Template } from '../../templates/template.ts';
import type { NodeKind } from '../node-kind.ts';
import { readsSecrets, SecretMask } from './secret-mask.ts';

/** Lamatic documents 10,000 characters; imported kits run longer, so Flowgate allows ten times that. */
export const MAX_CODE_CHARACTERS = 100_000;

export interface CodeNodeConfig {
  /** The script, its `{{…}}` references parsed once at deploy time. */
  readonly template: Template;
  /** It reads `{{secrets.…}}` or `{{env.…}}`, whose values must stay out of the trace. */
  readonly readsSecrets: boolean;
}

/**
 * `codeNode`: JavaScript run in the sandbox. Each `{{node.output.path}}` in the source becomes the
 * value as a JavaScript literal (`null` when missing); the node's output is the value of a top-level
 * `return`, else the global `output` (which starts as `{}`).
 */
export const codeNode: NodeKind<CodeNodeConfig> = {
  kind: 'codeNode',
  role: 'step',

  compile(context) {
    // The compiler puts the node's id before each problem.
    const code = context.values.code;
    if (typeof code !== 'string' || code.trim() === '') {
      context.problem('code is empty: write the JavaScript to run in the node\'s "code" value');
      return { template: new Template(''), readsSecrets: false };
    }
    if (code.length > MAX_CODE_CHARACTERS) {
      context.problem(
        `code is too long: ${code.length} characters, at most ${MAX_CODE_CHARACTERS} are allowed`,
      );
    }
    const template = new Template(code);
    context.reads(template.references);
    return { template, readsSecrets: readsSecrets(template) };
  },

  async run(config, context) {
    const code = config.template.renderJsonLiterals(context.scope);
    const mask = config.readsSecrets ? new SecretMask(context.scope) : undefined;
    const { limits, sandbox } = context.services;
    try {
      const result = await sandbox.run({
        code,
        timeoutMs: limits.codeTimeoutMs,
        memoryLimitBytes: limits.codeMemoryLimitBytes,
      });
      if (!mask) return { output: result.value, input: { code }, logs: result.logs };
      const traced = config.template.renderJsonLiterals(mask.scope);
      return {
        output: result.value,
        input: { code: traced },
        logs: result.logs.map((line) => mask.text(line)),
      };
    } catch (error) {
      // CodeErrors (the code threw, timed out, ran out of memory, returned no JSON) are not retryable;
      // a busy sandbox is, and says so through `retryable`.
      if (!(error instanceof EngineError)) throw error;
      // With secrets in play the original error stays behind: its message is unmasked.
      const message = mask ? mask.text(error.message) : error.message;
      throw new NodeFailure(context.nodeId, `Code node ${context.nodeId} failed: ${message}`, {
        retryable: error.retryable,
        cause: mask ? undefined : error,
      });
    }
  },
};
