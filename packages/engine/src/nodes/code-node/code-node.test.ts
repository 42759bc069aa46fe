import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../errors/engine-error.ts';
import { NodeFailure } from '../../errors/node-failure.ts';
import type { EngineServices } from '../../execute/engine-services.ts';
import type { JsonValue } from '../../json.ts';
import type { CodeSandbox } from '../../sandbox/code-sandbox.ts';
import { WorkerPoolSandbox } from '../../sandbox/quickjs-sandbox.ts';
import type { TemplateReference, TemplateScope } from '../../templates/template.ts';
import type { NodeCompileContext, NodeOutcome } from '../node-kind.ts';
import { type CodeNodeConfig, codeNode, MAX_CODE_CHARACTERS } from './code-node.ts';

/** The error-log-summariser kit's scripts, beside the repository (`../shared/lamatic-kits`). */
const KIT_SCRIPTS = fileURLToPath(
  new URL('../../../../../../shared/lamatic-kits/error-log-summariser/scripts/', import.meta.url),
);

const sandbox = new WorkerPoolSandbox({ workers: 2 });
afterAll(() => sandbox.close());

function compile(values: Record<string, unknown>) {
  const problems: string[] = [];
  const references: TemplateReference[] = [];
  const context: NodeCompileContext = {
    flowId: 'flow',
    node: { id: 'codeNode_1', type: 'dynamicNode', data: { nodeId: 'codeNode', values } },
    values,
    problem: (message) => problems.push(message),
    warn: () => undefined,
    reads: (read) => references.push(...read),
  };
  return { config: codeNode.compile(context), problems, references };
}

/** A scope of node outputs (`{{node.output.path}}` reads `outputs[node]`) and of the project's secrets. */
function scopeOf(outputs: Record<string, JsonValue>): TemplateScope {
  return {
    lookup(root): JsonValue | undefined {
      if (root === 'secrets') return { project: SECRETS };
      if (root === 'env') return SECRETS;
      return root in outputs ? { output: outputs[root] ?? null } : undefined;
    },
  };
}

const API_KEY = 'sk-live-0123456789';
const SECRETS: Record<string, JsonValue> = { API_KEY, SHORT: 'abc' };

async function run(
  code: string,
  outputs: Record<string, JsonValue> = {},
  codeSandbox: CodeSandbox = sandbox,
) {
  const { config, problems } = compile({ code });
  expect(problems).toEqual([]);
  return runCompiled(config, outputs, codeSandbox);
}

function runCompiled(
  config: CodeNodeConfig,
  outputs: Record<string, JsonValue>,
  codeSandbox: CodeSandbox,
  nodeId = 'codeNode_1',
): Promise<NodeOutcome> {
  // codeNode uses only these two services; the others belong to other kinds.
  const services: Pick<EngineServices, 'sandbox' | 'limits'> = {
    sandbox: codeSandbox,
    limits: { codeTimeoutMs: 1000, codeMemoryLimitBytes: 32 * 1024 * 1024 },
  };
  return Promise.resolve(
    codeNode.run(config, {
      nodeId,
      scope: scopeOf(outputs),
      services: services as EngineServices,
      signal: new AbortController().signal,
      run: { requestId: 'request', projectId: 'project', flowId: 'flow', payload: {} },
    }),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<NodeFailure> {
  const error = await promise.then(
    () => new Error('expected the node to fail'),
    (thrown: unknown) => thrown,
  );
  if (error instanceof NodeFailure) return error;
  throw error;
}

describe('codeNode compile', () => {
  it('refuses missing, empty and oversized code', () => {
    for (const code of [undefined, '', '  \n', 42]) {
      expect(compile({ code }).problems).toEqual([
        'code is empty: write the JavaScript to run in the node\'s "code" value',
      ]);
    }
    const tooLong = compile({ code: `output = 1;${' '.repeat(MAX_CODE_CHARACTERS)}` }).problems;
    expect(tooLong).toEqual([
      `code is too long: ${MAX_CODE_CHARACTERS + 11} characters, at most 100000 are allowed`,
    ]);
  });

  it('reports the references the code reads', () => {
    const { references } = compile({
      code: 'return [{{triggerNode_1.output.log}}, {{LLMNode_2.output.a[0]}}];',
    });
    expect(references.map((reference) => reference.root)).toEqual(['triggerNode_1', 'LLMNode_2']);
  });
});

describe('codeNode run', () => {
  it('returns output, the rendered code as input, and the logs', async () => {
    const outcome = await run(
      'console.log("n =", {{triggerNode_1.output.n}});\noutput.doubled = {{triggerNode_1.output.n}} * 2;',
      {
        triggerNode_1: { n: 21 },
      },
    );
    expect(outcome).toEqual({
      output: { doubled: 42 },
      input: { code: 'console.log("n =", 21);\noutput.doubled = 21 * 2;' },
      logs: ['n = 21'],
    });
  });

  it('injects values as JSON literals: tricky strings, objects, and null for what is missing', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: text that must survive as text
    const text = 'She said "hi" \\ \'there\'\nline two\u2028after U+2028\u2029</script>${not a template}';
    const data = { list: [1, { deep: true }], quote: '"', nothing: null };
    const code = [
      'return {',
      '  text: {{triggerNode_1.output.text}},',
      '  data: {{triggerNode_1.output.data}},',
      '  missingField: {{triggerNode_1.output.nope}},',
      '  missingNode: {{ghost_1.output.value}},',
      '  first: {{triggerNode_1.output.data.list[0]}},',
      '};',
    ].join('\n');
    const outcome = await run(code, { triggerNode_1: { text, data } });
    expect(outcome.output).toEqual({ text, data, missingField: null, missingNode: null, first: 1 });
  });

  it('supports top-level return and await', async () => {
    const outcome = await run(
      'const total = await Promise.resolve({{a.output.x}} + {{a.output.y}});\nreturn { total };',
      {
        a: { x: 1, y: 2 },
      },
    );
    expect(outcome.output).toEqual({ total: 3 });
  });

  it('fails naming the node with the message the code threw', async () => {
    const failure = await failureOf(
      run('const size = {{a.output.size}};\nif (!size) throw new Error("size is required");'),
    );
    expect(failure.nodeId).toBe('codeNode_1');
    expect(failure.message).toBe('Code node codeNode_1 failed: size is required (line 2)');
    expect(failure.retryable).toBe(false);
  });

  it('fails without retry when the code runs too long', async () => {
    const failure = await failureOf(run('while (true) {}'));
    expect(failure.message).toBe('Code node codeNode_1 failed: code ran longer than 1000 ms');
    expect(failure.retryable).toBe(false);
  });

  it('keeps a busy sandbox retryable, and lets unexpected errors through untouched', async () => {
    const busy: CodeSandbox = {
      run: () =>
        Promise.reject(new EngineError('SANDBOX_BUSY', 'the code sandbox is busy', { retryable: true })),
      close: () => Promise.resolve(),
    };
    const failure = await failureOf(run('return 1;', {}, busy));
    expect(failure.message).toBe('Code node codeNode_1 failed: the code sandbox is busy');
    expect(failure.retryable).toBe(true);
    const broken: CodeSandbox = {
      run: () => Promise.reject(new TypeError('bug')),
      close: () => Promise.resolve(),
    };
    await expect(run('return 1;', {}, broken)).rejects.toThrow(TypeError);
  });
});

describe('codeNode and secrets', () => {
  it('runs with the real values but keeps them out of the traced code and logs', async () => {
    const code =
      'const key = {{secrets.project.API_KEY}};\nconsole.log("using", key, {{env.SHORT}});\nreturn key.length;';
    const outcome = await run(code);
    expect(outcome).toEqual({
      output: API_KEY.length,
      input: { code: 'const key = "[secret]";\nconsole.log("using", key, "[secret]");\nreturn key.length;' },
      logs: ['using [secret] abc'],
    });
  });

  it('keeps them out of failure messages', async () => {
    const failure = await failureOf(run('throw new Error("rejected key " + {{secrets.project.API_KEY}});'));
    expect(failure.message).toBe('Code node codeNode_1 failed: rejected key [secret] (line 1)');
    expect(failure.cause).toBeUndefined();
  });
});

describe('codeNode with the error-log-summariser kit scripts', () => {
  const script = (name: string) => readFile(`${KIT_SCRIPTS}${name}`, 'utf8');
  const sections = (...names: string[]) =>
    names.map((name) => `## ${name}\nSomething useful about ${name}.`).join('\n\n');
  const ALL = [
    'Safe Summary',
    'Redactions Applied',
    'Likely Affected Component',
    'Escalation Questions',
    'Recommended Next Action',
    'Confidence',
  ];

  it('validates the request', async () => {
    const { config } = compile({ code: await script('error-log-summariser_request-validator_code.ts') });
    const log = 'TypeError: cannot read "id"\n    at handler (api.ts:12)';
    const outcome = await runCompiled(
      config,
      { triggerNode_1: { log, context: 'checkout' } },
      sandbox,
      'codeNode_validate_request',
    );
    expect(outcome.output).toEqual({
      log,
      context: 'checkout',
      promptPayload: JSON.stringify({ error_log: log, caller_context: 'checkout' }),
    });
    const failure = await failureOf(
      runCompiled(config, { triggerNode_1: { log: '  ' } }, sandbox, 'codeNode_validate_request'),
    );
    expect(failure.message).toBe(
      'Code node codeNode_validate_request failed: Invalid request: log must be a non-empty string (line 5)',
    );
  });

  it('passes a response with the six sections, each with content', async () => {
    const { config } = compile({ code: await script('error-log-summariser_response-sanitizer_code.ts') });
    const text = `\n${sections(...ALL)}\n`;
    const outcome = await runCompiled(config, { LLMNode_262: { generatedResponse: text } }, sandbox);
    expect(outcome.output).toEqual({ summary: text.trim() });
  });

  it('fails naming the missing or empty sections, and on PII-like content', async () => {
    const { config } = compile({ code: await script('error-log-summariser_response-sanitizer_code.ts') });
    const missing = sections(
      'Safe Summary',
      'Redactions Applied',
      'Likely Affected Component',
      'Recommended Next Action',
    );
    const before = sections('Safe Summary', 'Redactions Applied', 'Likely Affected Component');
    const empty = `${before}\n\n## Escalation Questions\n\n${sections('Recommended Next Action', 'Confidence')}`;
    for (const [text, expected] of [
      [missing, 'missing sections Escalation Questions, Confidence'],
      [empty, 'missing sections Escalation Questions'],
      [
        `${sections(...ALL)}\nContact ops@example.com`,
        'secret or PII-like content detected in generated response',
      ],
    ] as const) {
      const failure = await failureOf(
        runCompiled(config, { LLMNode_262: { generatedResponse: text } }, sandbox),
      );
      expect(failure.message).toMatch(
        new RegExp(`^Code node codeNode_1 failed: Invalid summary: ${expected} \\(line \\d+\\)$`),
      );
    }
    const absent = await failureOf(runCompiled(config, {}, sandbox));
    expect(absent.message).toContain('missing sections Safe Summary, Redactions Applied');
  });
});
