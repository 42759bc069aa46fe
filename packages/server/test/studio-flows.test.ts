import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { builtinNodeKinds } from '@flowgate/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DeploymentView,
  FlowDefinitionJson,
  FlowDraftView,
  FlowProblem,
  FlowSummary,
  ImportFlowsRequest,
  ImportFlowsResult,
  NodeKindView,
  ProjectView,
  RunDetail,
  RunPage,
  StudioErrorBody,
  ValidationResult,
} from '../src/studio/contract.ts';
import { importFlowDocuments } from '../src/studio/flows/flow-import.ts';
import { StudioClient } from './support/studio-client.ts';
import { EXAMPLES, startTestServer, type TestServer } from './support/test-server.ts';

const KITS = '/work/shared/lamatic-kits';
const KIT_NAMES = [
  'appeal-copilot',
  'email-summariser',
  'error-log-summariser',
  'get-started',
  'sentinel-iq',
];

async function hello(): Promise<FlowDefinitionJson> {
  return JSON.parse(await readFile(path.join(EXAMPLES, 'hello.json'), 'utf8')) as FlowDefinitionJson;
}

/** A kit folder as the browser sends it after unzipping: paths under the kit's folder name. */
async function kitFiles(name: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else files[path.relative(KITS, full)] = await readFile(full, 'utf8');
    }
  };
  await walk(path.join(KITS, name));
  return files;
}

function node(id: string, kind: string, values: Record<string, unknown>, trigger = false) {
  return {
    id,
    type: trigger ? 'triggerNode' : 'dynamicNode',
    data: { nodeId: kind, ...(trigger ? { trigger } : {}), values },
  };
}

describe('Studio flows, validation, deployments and test runs', () => {
  let server: TestServer;
  let client: StudioClient;
  let P: string;

  beforeAll(async () => {
    server = await startTestServer();
    client = new StudioClient(server.url);
    await client.setup();
    const project = (await client.post<ProjectView>('/projects', { name: 'Flows' })).body;
    P = `/projects/${project.id}`;
  });
  afterAll(() => server.close());

  it('lists every registered node kind with a label, category and fields', async () => {
    const kinds = (await client.get<NodeKindView[]>('/node-kinds')).body;
    expect(kinds.map((kind) => kind.kind).sort()).toEqual(builtinNodeKinds.map((kind) => kind.kind).sort());
    for (const kind of kinds) {
      expect(kind.label, kind.kind).not.toBe(kind.kind);
      expect(kind.description.length).toBeGreaterThan(10);
      expect(kind.fields.length).toBeGreaterThan(0);
    }
    expect(kinds.find((kind) => kind.kind === 'graphqlNode')?.category).toBe('trigger');
    expect(kinds.find((kind) => kind.kind === 'LLMNode')?.fields.map((field) => field.name)).toContain(
      'generativeModelName',
    );
  });

  it('creates, reads, saves and deletes drafts, with 409, 400 and 404 for bad requests', async () => {
    const definition = await hello();
    const created = await client.post<FlowDraftView>(`${P}/flows`, { definition });
    expect(created.status).toBe(201);
    expect(created.body.summary).toMatchObject({
      id: 'hello',
      name: 'Hello',
      nodeCount: 3,
      triggerKind: 'graphqlNode',
      deployed: false,
    });
    expect(created.body.problems).toEqual([]);
    expect((await client.post<StudioErrorBody>(`${P}/flows`, { definition })).status).toBe(409);

    const renamed = { ...definition, name: 'Hello again' };
    const saved = await client.put<FlowDraftView>(`${P}/flows/hello`, { definition: renamed });
    expect(saved.body.summary.name).toBe('Hello again');
    expect((await client.get<FlowDraftView>(`${P}/flows/hello`)).body.definition.name).toBe('Hello again');

    const moved = await client.put<StudioErrorBody>(`${P}/flows/hello`, {
      definition: { ...definition, id: 'other' },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields?.[0]?.path).toBe('definition.id');
    const shapeless = await client.post<StudioErrorBody>(`${P}/flows`, {
      definition: { id: 'x y', nodes: 'none' },
    });
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.error.fields?.map((field) => field.path).sort()).toEqual([
      'definition.edges',
      'definition.id',
      'definition.name',
      'definition.nodes',
    ]);
    expect((await client.get(`${P}/flows/missing`)).status).toBe(404);
    expect(
      (await client.put(`${P}/flows/missing`, { definition: { ...definition, id: 'missing' } })).status,
    ).toBe(404);

    await client.post(`${P}/flows`, { definition: { ...definition, id: 'doomed' } });
    expect((await client.delete(`${P}/flows/doomed`)).body).toEqual({ ok: true });
    expect((await client.delete(`${P}/flows/doomed`)).status).toBe(404);
    expect((await client.get<FlowSummary[]>(`${P}/flows`)).body.map((flow) => flow.id)).toEqual(['hello']);
  });

  it('reports each kind of problem with its node and field', async () => {
    const validate = async (definition: unknown) =>
      (await client.post<ValidationResult>(`${P}/flows/validate`, { definition })).body.problems;
    const trigger = node(
      'trigger_1',
      'graphqlNode',
      { responeType: 'realtime', advance_schema: '{"q":"string"}' },
      true,
    );
    const response = node('response_1', 'graphqlResponseNode', {
      outputMapping: '{"a":"{{ghost_1.output.x}}"}',
    });
    const edges = [{ id: 'e1', source: 'trigger_1', target: 'response_1', type: 'defaultEdge' }];
    const base = { id: 'checks', name: 'Checks' };

    const unknownRef = await validate({ ...base, nodes: [trigger, response], edges });
    expect(unknownRef).toContainEqual(
      expect.objectContaining({
        code: 'UNKNOWN_TEMPLATE_REFERENCE',
        nodeId: 'response_1',
        field: 'outputMapping',
      }),
    );

    const noResponse = await validate({ ...base, nodes: [trigger], edges: [] });
    expect(noResponse).toContainEqual(
      expect.objectContaining({ code: 'NO_RESPONSE_NODE', nodeId: 'trigger_1', severity: 'error' }),
    );

    const llm = node('llm_1', 'LLMNode', {
      promptTemplate: 'Answer {{trigger_1.output.q}}',
      generativeModelName: { provider_name: 'openai', model_name: 'gpt-4o-mini', credential_name: 'OpenAI' },
    });
    const llmFlow = {
      ...base,
      nodes: [
        trigger,
        llm,
        node('response_1', 'graphqlResponseNode', {
          outputMapping: '{"a":"{{llm_1.output.generatedResponse}}"}',
        }),
      ],
      edges: [
        { id: 'e1', source: 'trigger_1', target: 'llm_1', type: 'defaultEdge' },
        { id: 'e2', source: 'llm_1', target: 'response_1', type: 'defaultEdge' },
      ],
    };
    expect(await validate(llmFlow)).toContainEqual(
      expect.objectContaining({ code: 'MISSING_CREDENTIAL', nodeId: 'llm_1', field: 'generativeModelName' }),
    );

    const unknownKind = await validate({
      ...base,
      nodes: [trigger, node('x_1', 'teleportNode', {})],
      edges: [],
    });
    expect(unknownKind).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_NODE_KIND', nodeId: 'x_1' }));

    const badValue = node('trigger_1', 'graphqlNode', { responeType: 'sometimes' }, true);
    const invalid = await validate({ ...base, nodes: [badValue, response], edges });
    expect(invalid).toContainEqual(
      expect.objectContaining({
        code: 'INVALID_FLOW',
        nodeId: 'trigger_1',
        field: 'responeType',
        severity: 'error',
      }),
    );
  });

  it('imports each of the five Lamatic kits from their files', async () => {
    for (const name of KIT_NAMES) {
      const result = await client.post<ImportFlowsResult>(`${P}/flows/import`, {
        format: 'kit',
        files: await kitFiles(name),
      });
      expect(result.status, `${name}: ${JSON.stringify(result.body)}`).toBe(200);
      expect(result.body.flows.length, name).toBeGreaterThan(0);
      const errors = result.body.problems.filter((problem: FlowProblem) => problem.severity === 'error');
      expect(errors, name).toEqual([]);
    }
    const ids = (await client.get<FlowSummary[]>(`${P}/flows`)).body.map((flow) => flow.id);
    expect(ids.length).toBeGreaterThanOrEqual(6);
  });

  it('imports flow JSON (one or a list) and a Config YAML, and refuses broken uploads', async () => {
    const definition = await hello();
    const list = [
      { ...definition, id: 'json-a' },
      { ...definition, id: 'json-b' },
    ];
    const json = await client.post<ImportFlowsResult>(`${P}/flows/import`, {
      format: 'json',
      content: JSON.stringify(list),
    });
    expect(json.body.flows.map((flow) => flow.id)).toEqual(['json-a', 'json-b']);

    const yaml = [
      'triggerNode:',
      '  nodeId: triggerNode_1',
      '  nodeType: graphqlNode',
      '  nodeName: API Request',
      '  values:',
      '    responeType: realtime',
      'nodes: []',
      'responseNode:',
      '  nodeId: responseNode_triggerNode_1',
      '  nodeType: graphqlResponseNode',
      '  nodeName: API Response',
      '  values:',
      '    outputMapping: \'{"ok": "yes"}\'',
      '  needs:',
      '    - triggerNode_1',
    ].join('\n');
    const fromYaml = await client.post<ImportFlowsResult | StudioErrorBody>(`${P}/flows/import`, {
      format: 'yaml',
      content: yaml,
      flowId: 'from-yaml',
    });
    expect(fromYaml.status, JSON.stringify(fromYaml.body)).toBe(200);
    expect((fromYaml.body as ImportFlowsResult).flows.map((flow) => flow.id)).toEqual(['from-yaml']);

    const broken = await client.post<StudioErrorBody>(`${P}/flows/import`, {
      format: 'json',
      content: '{"id":',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.fields?.[0]?.path).toBe('content');
    const noKit = await client.post<StudioErrorBody>(`${P}/flows/import`, {
      format: 'kit',
      files: { 'README.md': '#' },
    });
    expect(noKit.status).toBe(400);
    expect(noKit.body.error.message).toMatch(/lamatic\.config\.ts/);
    const badFormat = await client.post<StudioErrorBody>(`${P}/flows/import`, { format: 'zip', content: '' });
    expect(badFormat.status).toBe(400);
  });

  it('refuses to deploy drafts with problems (422 with the problems), deploys, lists and rolls back', async () => {
    const own = (await client.post<ProjectView>('/projects', { name: 'Deploys' })).body;
    const D = `/projects/${own.id}`;
    expect((await client.post<StudioErrorBody>(`${D}/deployments`, {})).status).toBe(400);
    const definition = await hello();
    await client.post(`${D}/flows`, { definition });
    const broken = { ...definition, id: 'broken', nodes: definition.nodes.slice(0, 1), edges: [] };
    await client.post(`${D}/flows`, { definition: broken });

    const refused = await client.post<StudioErrorBody>(`${D}/deployments`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('DEPLOY_INVALID');
    expect(refused.body.error.problems?.[0]).toMatchObject({
      code: 'NO_RESPONSE_NODE',
      nodeId: 'triggerNode_1',
    });
    expect(refused.body.error.problems?.[0]?.message).toMatch(/^Flow broken:/);
    await client.delete(`${D}/flows/broken`);

    const first = await client.post<DeploymentView>(`${D}/deployments`, {});
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ number: 1, active: true, flows: [{ id: 'hello', name: 'Hello' }] });
    const summary = (await client.get<FlowSummary[]>(`${D}/flows`)).body[0];
    expect(summary).toMatchObject({ deployed: true, changedSinceDeploy: false });
    await client.put(`${D}/flows/hello`, { definition: { ...definition, name: 'Hello 2' } });
    expect((await client.get<FlowSummary[]>(`${D}/flows`)).body[0]?.changedSinceDeploy).toBe(true);
    const second = await client.post<DeploymentView>(`${D}/deployments`, { flowIds: ['hello'] });
    expect(second.body).toMatchObject({ number: 2, flows: [{ id: 'hello', name: 'Hello 2' }] });
    expect((await client.post<StudioErrorBody>(`${D}/deployments`, { flowIds: ['nope'] })).status).toBe(400);

    const listed = (await client.get<DeploymentView[]>(`${D}/deployments`)).body;
    expect(listed.map((deployment) => [deployment.number, deployment.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    const rolledBack = await client.post<DeploymentView>(`${D}/deployments/1/rollback`);
    expect(rolledBack.body).toMatchObject({ number: 1, active: true });
    expect((await client.get<ProjectView>(D)).body.activeDeployment).toBe(1);
    expect((await client.post(`${D}/deployments/9/rollback`)).status).toBe(404);
    expect((await client.post(`${D}/deployments/x/rollback`)).status).toBe(400);
  });

  it('refuses a rollback to anything but a plain deployment number', async () => {
    for (const number of ['1e30', '1.0', '0x1', '0', '-1', '9999999999']) {
      const refused = await client.post<StudioErrorBody>(`${P}/deployments/${number}/rollback`);
      expect(refused.status, number).toBe(400);
      expect(refused.body.error.fields).toEqual([
        { path: 'number', message: 'a deployment number is a whole number from 1 to 999999999' },
      ]);
    }
    expect((await client.post(`${P}/deployments/999999999/rollback`)).status).toBe(404);
  });

  it('answers a failure that is not about the upload as an error of ours, not a 400', async () => {
    const badYaml = await client.post<StudioErrorBody>(`${P}/flows/import`, {
      format: 'yaml',
      content: 'triggerNode: [unclosed',
    });
    expect(badYaml.status).toBe(400);
    expect(badYaml.body.error.message).toMatch(/^The yaml import failed: .*not valid YAML/);
    const notFiles = { format: 'kit', files: null } as unknown as ImportFlowsRequest;
    await expect(importFlowDocuments(notFiles)).rejects.toBeInstanceOf(TypeError);
  });

  it('test-runs the saved draft as a "test" run with its trace, visible in the runs list', async () => {
    const run = await client.post<RunDetail>(`${P}/flows/hello/test-run`, {
      payload: { url: 'https://t.example' },
    });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body).toMatchObject({
      flowId: 'hello',
      mode: 'test',
      status: 'success',
      deploymentNumber: 0,
      result: { url: 'https://t.example', greeting: 'Hello from Flowgate' },
    });
    expect(run.body.nodes.map((entry) => entry.nodeId)).toEqual([
      'triggerNode_1',
      'variablesNode_1',
      'responseNode_triggerNode_1',
    ]);
    const page = (await client.get<RunPage>(`${P}/runs?flowId=hello`)).body;
    expect(page.runs.find((entry) => entry.requestId === run.body.requestId)?.mode).toBe('test');

    const badPayload = await client.post<StudioErrorBody>(`${P}/flows/hello/test-run`, {
      payload: { url: 42 },
    });
    expect(badPayload.status).toBe(400);
    expect(badPayload.body.error.fields?.[0]?.path).toBe('payload.url');
    expect((await client.post(`${P}/flows/hello/test-run`, { payload: 'x' })).status).toBe(400);
    expect((await client.post(`${P}/flows/missing/test-run`, { payload: {} })).status).toBe(404);
  });
});
