import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Lamatic } from 'lamatic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFlowFiles } from '../src/cli/flow-files.ts';
import { execute, KITS, projectWith } from './support/llm-flows.ts';
import { TestLlmServer } from './support/llm-server.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/** The five real AgentKit kits, deployed as exported and run through the GraphQL API. */
const kitFlows = async (name: string) => readFlowFiles([fileURLToPath(new URL(name, KITS))]);

const SIX_SECTIONS = [
  'Safe Summary',
  'Redactions Applied',
  'Likely Affected Component',
  'Escalation Questions',
  'Recommended Next Action',
  'Confidence',
]
  .map((section) => `## ${section}\nSomething useful about ${section.toLowerCase()}.`)
  .join('\n\n');

/** Answers each kit prompt the way a model would, recognising the prompt by its system text. */
function answerFor(system: string, user: string): string {
  if (system.includes('health-insurance claims analyst')) {
    return JSON.stringify({
      category: user.includes('prior authorization') ? 'administrative' : 'medical-necessity',
      claimNumber: 'A88213',
      proceduresText: 'inpatient rehabilitation',
      denialReasonText: 'Not medically necessary per plan guidelines.',
      appealDeadline: '',
      planType: 'PPO',
    });
  }
  if (system.toLowerCase().includes('strength')) {
    return JSON.stringify({
      strengthScore: 7,
      missingEvidence: ['physician letter'],
      rationale: 'Solid clinical case.',
    });
  }
  if (system.includes('SentinelIQ')) {
    return JSON.stringify({
      severity: 'P2',
      confidence: 'high',
      attack_technique_id: 'T1110',
      attack_technique_name: 'Brute Force',
      attack_tactic: 'Credential Access',
      summary: 'Repeated failed logins from one address.',
      iocs: ['203.0.113.7'],
      remediation_steps: ['Block the address'],
    });
  }
  if (system.toLowerCase().includes('appeal')) return `APPEAL LETTER (${system.slice(0, 60)})`;
  return `insight: ${user || system}`.slice(0, 200);
}

describe('the five Lamatic kits, as exported', () => {
  let server: TestServer;
  let llm: TestLlmServer;
  let inbox: Server;
  let inboxUrl: string;
  const local = () => ({
    name: 'Local',
    provider: 'openai-compatible',
    baseUrl: llm.baseUrl,
    apiKey: 'k',
    defaultModel: 'gpt-4o-mini',
  });

  beforeAll(async () => {
    llm = await TestLlmServer.start();
    llm.handle((request) => {
      const messages = request.body.messages as { role: string; content: unknown }[];
      const text = (role: string) =>
        messages
          .filter((message) => message.role === role)
          .map((message) =>
            typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
          )
          .join('\n');
      return answerFor(text('system'), text('user'));
    });
    inbox = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify([{ from: 'ceo@example.test', subject: 'Q3', body: 'Numbers are up.' }]));
    });
    await new Promise<void>((resolve) => inbox.listen(0, '127.0.0.1', resolve));
    inboxUrl = `http://127.0.0.1:${(inbox.address() as AddressInfo).port}/webhook/emails`;
    server = await startTestServer({ allowHosts: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await llm.close();
    await new Promise((resolve) => inbox.close(resolve));
  });

  it('get-started: its placeholder model config runs on the project default model', async () => {
    const test = await projectWith(server.app, await kitFlows('get-started'), [local()]);
    const answer = await execute(server.endpoint, test, 'get-started', { topic: 'tides' });
    expect(answer.error).toBeUndefined();
    expect(answer.result).toEqual({ output: expect.stringContaining('tides') });
  });

  it('email-summariser: names the node and the host offline, runs end to end against a local inbox', async () => {
    const flows = await kitFlows('email-summariser');
    const offline = await projectWith(server.app, flows, [local()]);
    const failed = await execute(server.endpoint, offline, 'email-summariser', {});
    expect(failed.body.errors?.[0]?.extensions).toMatchObject({
      code: 'WORKFLOW_FAILED',
      nodeId: 'apiNode_490',
    });
    expect(failed.error).toMatch(/apiNode_490.*dhruvlamatic\.app\.n8n\.cloud/);

    const pointed = JSON.parse(
      JSON.stringify(flows).replace(/https:\/\/dhruvlamatic\.app\.n8n\.cloud\/webhook\/[\w-]+/, inboxUrl),
    );
    const online = await projectWith(server.app, pointed, [local()]);
    const answer = await execute(server.endpoint, online, 'email-summariser', {});
    expect(answer.error).toBeUndefined();
    expect(answer.result).toEqual({ output: expect.stringContaining('insight:') });
  });

  it('error-log-summariser: the sanitizer passes six sections and fails, naming its node, without them', async () => {
    const test = await projectWith(server.app, await kitFlows('error-log-summariser'), [local()]);
    llm.reply(SIX_SECTIONS);
    const passed = await execute(server.endpoint, test, 'error-log-summariser', {
      log: 'TypeError at checkout.ts:42',
      context: 'prod',
    });
    expect(passed.error).toBeUndefined();
    expect(passed.result).toEqual({ summary: SIX_SECTIONS });

    llm.reply('## Safe Summary\nOnly one section.');
    const failed = await execute(server.endpoint, test, 'error-log-summariser', { log: 'boom', context: '' });
    expect(failed.body.errors?.[0]?.extensions).toMatchObject({
      code: 'WORKFLOW_FAILED',
      nodeId: 'codeNode_1',
    });
    expect(failed.error).toMatch(/missing sections Redactions Applied, Likely Affected Component/);

    const invalid = await execute(server.endpoint, test, 'error-log-summariser', { log: '   ', context: '' });
    expect(invalid.error).toMatch(/codeNode_validate_request.*log must be a non-empty string/);
  });

  it('appeal-copilot: takes the branch that matches the classification and assembles every node', async () => {
    const test = await projectWith(server.app, await kitFlows('appeal-copilot'), [local()]);
    const denial = (reason: string) => ({
      denialText: `Claim #A88213: Denied. Reason: ${reason}`,
      additionalContext: 'hip surgery',
    });
    const medical = await execute(
      server.endpoint,
      test,
      'appeal-analysis',
      denial('not medically necessary'),
    );
    expect(medical.error).toBeUndefined();
    expect(medical.result).toMatchObject({
      result: {
        denialCategory: 'medical-necessity',
        claimNumber: 'A88213',
        strengthScore: 7,
        missingEvidence: ['physician letter'],
        urgencyLevel: 'unknown',
        appealLetter: expect.stringContaining('APPEAL LETTER'),
      },
    });
    const administrative = await execute(
      server.endpoint,
      test,
      'appeal-analysis',
      denial('missing prior authorization'),
    );
    expect(administrative.result).toMatchObject({ result: { denialCategory: 'administrative' } });
    await server.app.recorder.flush();
    const run = await server.app.store.runs.get(test.project.id, administrative.requestId ?? '');
    const status = Object.fromEntries(run?.nodes.map((node) => [node.nodeId, node.status]) ?? []);
    expect(status).toMatchObject({
      LLMNode_613: 'success',
      LLMNode_548: 'skipped',
      LLMNode_675: 'skipped',
      LLMNode_931: 'skipped',
    });
  });

  it('sentinel-iq: answers a requestId at once and the SDK polls the triage to success', async () => {
    const test = await projectWith(server.app, await kitFlows('sentinel-iq'), [local()]);
    const lamatic = new Lamatic({
      endpoint: server.endpoint,
      projectId: test.project.id,
      apiKey: test.key.key,
    });
    const started = await lamatic.executeFlow('sentinel-triage', {
      alert_text: '50 failed logins user=alice from 203.0.113.7',
    });
    expect(started).toMatchObject({ status: 'success', result: { requestId: expect.any(String) } });
    const requestId = (started.result as { requestId: string }).requestId;
    const done = await lamatic.checkStatus(requestId, 0.05, 10);
    expect(done).toMatchObject({
      status: 'success',
      output: { severity: 'P2', attack_technique_id: 'T1110', iocs: ['203.0.113.7'] },
    });
    const nodes = (done as unknown as { nodes: { nodeId: string; output: unknown }[] }).nodes;
    expect(nodes.find((node) => node.nodeId.startsWith('codeNode'))?.output).toEqual({
      extracted_iocs: ['203.0.113.7', 'alice'],
    });
  });
});
