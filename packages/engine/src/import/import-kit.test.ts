import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FlowDefinition, flowDefinitionSchema } from '../flow/flow-definition.ts';
import type { JsonValue } from '../json.ts';
import { ImportError } from './import-error.ts';
import { importKit } from './import-kit.ts';
import { createMemoryKitSource, type KitSource } from './kit-source.ts';

/** The five real kits, beside the repository (`../shared/lamatic-kits` from its root). */
const KITS = fileURLToPath(new URL('../../../../../shared/lamatic-kits/', import.meta.url));

/** A kit folder read into memory: the engine reads through KitSource, never the file system. */
async function kitFolder(name: string): Promise<KitSource> {
  const root = path.join(KITS, name);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(root, full).split(path.sep).join('/')] = await readFile(full, 'utf8');
  }
  return createMemoryKitSource(files);
}

async function importFixture(name: string) {
  const result = await importKit(await kitFolder(name));
  const flows = result.flows.map((flow) => flowDefinitionSchema.parse(flow));
  return { ...result, flows };
}

function kitText(kit: string, file: string): Promise<string> {
  return readFile(path.join(KITS, kit, file), 'utf8');
}

function node(flow: FlowDefinition | undefined, id: string) {
  const found = flow?.nodes.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found.data.values;
}

/** Every string in the nodes' values, at any depth. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const EXPECTED = {
  'get-started': { ids: ['get-started'], nodes: [3], placeholders: true },
  'email-summariser': { ids: ['email-summariser'], nodes: [4], placeholders: true },
  'error-log-summariser': { ids: ['error-log-summariser'], nodes: [5], placeholders: false },
  'appeal-copilot': { ids: ['appeal-analysis'], nodes: [11], placeholders: false },
  'sentinel-iq': { ids: ['sentinel-triage'], nodes: [4], placeholders: false },
} as const;

describe('importKit on the five real kits', () => {
  for (const [kit, expected] of Object.entries(EXPECTED)) {
    it(`${kit}: flow ids, node counts, every reference inlined`, async () => {
      const { flows, warnings } = await importFixture(kit);
      expect(flows.map((flow) => flow.id)).toEqual(expected.ids);
      expect(flows.map((flow) => flow.nodes.length)).toEqual(expected.nodes);
      const values = flows.flatMap((flow) => flow.nodes.flatMap((each) => strings(each.data.values)));
      expect(values.filter((value) => /^@(prompts|scripts|constitutions)\//.test(value))).toEqual([]);
      const modelMarkers = flows.flatMap((flow) =>
        flow.nodes.filter((each) =>
          strings(each.data.values).some((value) => value.startsWith('@model-configs/')),
        ),
      );
      if (expected.placeholders) {
        expect(modelMarkers.length).toBeGreaterThan(0);
        for (const marked of modelMarkers) {
          expect(marked.data.values.generativeModelName).toMatch(/^@model-configs\//);
          expect(warnings.join('\n')).toContain(`node ${marked.id} (Generate Text): model not configured`);
        }
      } else {
        expect(modelMarkers).toEqual([]);
      }
    });
  }

  it('get-started: prompt text with its template, kit metadata, meta kept', async () => {
    const { flows, kit } = await importFixture('get-started');
    const values = node(flows[0], 'LLMNode_398');
    const prompt = await kitText('get-started', 'prompts/get-started_generate-text_system.md');
    expect(prompt).toContain('{{triggerNode_1.output.topic}}');
    expect(values.prompts).toEqual([
      { id: '187c2f4b-c23d-4545-abef-73dc897d6b7b', role: 'system', content: prompt },
    ]);
    // The self-referencing export holds no memories or messages: they default to empty.
    expect(values).toMatchObject({ memories: '', messages: '', nodeName: 'Generate Text' });
    expect(flows[0]).toMatchObject({ name: 'Get Started', meta: { testInput: null } });
    expect(flows[0]?.description).toMatch(/^This flow introduces Lamatic AI/);
    expect(kit).toMatchObject({ name: 'Get Started', steps: [{ id: 'get-started', type: 'mandatory' }] });
  });

  it('email-summariser: a prompt naming a node that is not in the flow is a warning', async () => {
    const { warnings } = await importFixture('email-summariser');
    expect(warnings).toContain(
      'email-summariser: prompts/email-summariser_generate-text_system.md names node apiNode_118, ' +
        'which is not in the flow: {{apiNode_118.output}} will be empty',
    );
  });

  it('error-log-summariser: code nodes hold the scripts verbatim, the model config is inlined', async () => {
    const { flows, warnings } = await importFixture('error-log-summariser');
    const flow = flows[0];
    expect(node(flow, 'codeNode_validate_request').code).toBe(
      await kitText('error-log-summariser', 'scripts/error-log-summariser_request-validator_code.ts'),
    );
    expect(node(flow, 'codeNode_1').code).toBe(
      await kitText('error-log-summariser', 'scripts/error-log-summariser_response-sanitizer_code.ts'),
    );
    expect(node(flow, 'LLMNode_262').generativeModelName).toEqual({
      type: 'generator/text',
      params: {},
      configName: 'configA',
      model_name: 'groq/llama-3.3-70b-versatile',
      credentialId: '81120f9c-9e82-4011-9732-7a4c7f98dada',
      provider_name: 'groq',
      credential_name: 'Error-Groq',
    });
    const prompts = node(flow, 'LLMNode_262').prompts as { content: string }[];
    expect(prompts[1]?.content).toContain('{{codeNode_validate_request.output.promptPayload}}');
    expect(warnings).toEqual([]);
  });

  it('appeal-copilot: condition edges keep their labels, meta keeps testInput', async () => {
    const { flows } = await importFixture('appeal-copilot');
    const flow = flows[0] as FlowDefinition;
    const labels = flow.edges
      .filter((edge) => edge.type === 'conditionEdge')
      .map((edge) => [edge.target, edge.data?.condition]);
    expect(labels).toEqual([
      ['LLMNode_548', 'Condition 1'],
      ['LLMNode_613', 'Condition 2'],
      ['LLMNode_675', 'Condition 3'],
      ['LLMNode_931', 'Else'],
    ]);
    expect(flow.name).toBe('Appeal Analysis');
    expect(flow.meta).toMatchObject({ testInput: { denialText: expect.stringContaining('Claim #A88213') } });
    for (const id of ['InstructorLLMNode_481', 'LLMNode_548', 'InstructorLLMNode_949']) {
      expect(node(flow, id).generativeModelName).toMatchObject({
        provider_name: 'openai',
        model_name: 'gpt-4o-mini',
      });
    }
    expect(node(flow, 'codeNode_757').code).toContain('{{InstructorLLMNode_949.output.strengthScore}}');
  });

  it('sentinel-iq: the async trigger keeps responeType', async () => {
    const { flows, kit } = await importFixture('sentinel-iq');
    expect(node(flows[0], 'triggerNode_1').responeType).toBe('async');
    expect(kit?.steps[0]).toMatchObject({ id: 'sentinel-triage', envKey: 'SENTINEL_TRIAGE_FLOW_ID' });
  });
});

const TRIGGER = `{ id: 'triggerNode_1', type: 'triggerNode', data: { nodeId: 'graphqlNode', trigger: true, values: {} } }`;

function flowFile(nodes: string, extra = ''): string {
  return `${extra}\nexport const meta = { name: 'T' };\nexport const nodes = [${TRIGGER}, ${nodes}];\nexport const edges = [];\n`;
}

async function importFiles(files: Record<string, string>) {
  return importKit(
    createMemoryKitSource({ 'lamatic.config.ts': 'export default { name: "K", steps: [] }', ...files }),
  );
}

describe('importKit on hostile or broken kits', () => {
  it('never runs a flow file: a computed value is an error naming the file and line', async () => {
    const text = flowFile(
      `{ id: 'x', data: { nodeId: 'codeNode', values: { code: (() => process.exit(1))() } } }`,
    );
    const failure = importFiles({ 'flows/bad.ts': text });
    await expect(failure).rejects.toThrow(ImportError);
    await expect(failure).rejects.toThrow(/^flows\/bad\.ts:3:\d+: a function call is not a literal value/);
  });

  it('rejects a value that comes from an import', async () => {
    const text = flowFile(
      `{ id: 'x', data: { nodeId: 'codeNode', values: { code } } }`,
      "import { code } from './x';",
    );
    await expect(importFiles({ 'flows/bad.ts': text })).rejects.toThrow(
      /^flows\/bad\.ts:3:\d+: code is imported from "\.\/x" \(imports are not read\), not data/,
    );
  });

  it('rejects a model config that is code, naming its file', async () => {
    const text = flowFile(
      `{ id: 'm', data: { nodeId: 'LLMNode', values: { generativeModelName: '@model-configs/m.ts' } } }`,
    );
    const config = 'export default { generativeModelName: [load()] };';
    await expect(importFiles({ 'flows/f.ts': text, 'model-configs/m.ts': config })).rejects.toThrow(
      /^model-configs\/m\.ts:1:\d+: a function call/,
    );
  });

  it('refuses references that leave the kit folder', async () => {
    const text = flowFile(
      `{ id: 'p', data: { nodeId: 'LLMNode', values: { content: '@prompts/../../etc/passwd' } } }`,
    );
    await expect(importFiles({ 'flows/f.ts': text })).rejects.toThrow(
      /points outside the kit's prompts folder/,
    );
  });

  it('a missing file leaves an empty value and a warning; a missing model keeps its marker', async () => {
    const text = flowFile(
      `{ id: 'c', data: { nodeId: 'codeNode', values: { nodeName: 'C', code: '@scripts/gone.ts' } } },
       { id: 'l', data: { nodeId: 'LLMNode', values: { generativeModelName: '@model-configs/gone.ts' } } }`,
    );
    const { flows, warnings } = await importFiles({ 'flows/f.ts': text });
    const nodes = (flows[0]?.nodes ?? []) as { data: { values: Record<string, JsonValue> } }[];
    expect(nodes[1]?.data.values.code).toBe('');
    expect(nodes[2]?.data.values.generativeModelName).toBe('@model-configs/gone.ts');
    expect(warnings).toEqual([
      'f: node c (C): scripts/gone.ts is missing; the value is left empty',
      expect.stringMatching(/^f: node l: model not configured \(model-configs\/gone\.ts is missing\)/),
    ]);
  });

  it('is not a kit without flows/', async () => {
    await expect(importKit(createMemoryKitSource({ 'README.md': '#' }))).rejects.toThrow(/no flows\/\*\.ts/);
  });

  it('imports every flow of a kit with several, in file order', async () => {
    const { flows } = await importFiles({ 'flows/b.ts': flowFile(''), 'flows/a.ts': flowFile('') });
    expect(flows.map((flow) => flow.id)).toEqual(['a', 'b']);
  });
});
