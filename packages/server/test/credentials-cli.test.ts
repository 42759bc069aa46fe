import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowgate } from './support/cli.ts';
import { KITS } from './support/llm-flows.ts';
import { TestLlmServer } from './support/llm-server.ts';

describe('flowgate credentials', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let llm: TestLlmServer;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-credentials-'));
    env = { FLOWGATE_DATA: dataDir, FLOWGATE_ALLOW_HOSTS: '127.0.0.1' };
    llm = await TestLlmServer.start({ apiKey: 'sk-cli-secret' });
  });
  afterAll(async () => {
    await llm.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sets a default model that runs a kit whose model config is a placeholder, and never prints the key', async () => {
    const project = JSON.parse(await flowgate(['project', 'create', '--name', 'kits', '--json'], env)) as {
      id: string;
    };
    const set = [
      'credentials',
      'set',
      '--project',
      project.id,
      '--name',
      'Local LLM',
      '--provider',
      'openai-compatible',
    ];
    const saved = await flowgate(
      [
        ...set,
        '--base-url',
        llm.baseUrl,
        '--api-key',
        'sk-cli-secret',
        '--default-model',
        'llama3.2',
        '--json',
      ],
      env,
    );
    expect(JSON.parse(saved)).toMatchObject({ name: 'Local LLM', hasApiKey: true, defaultModel: 'llama3.2' });
    const kit = fileURLToPath(new URL('get-started', KITS));
    await flowgate(['flows', 'deploy', kit, '--project', project.id, '--json'], env);
    llm.reply('Flows, deployed.');
    const output = await flowgate(
      ['run', 'get-started', '--project', project.id, '--payload', '{"topic":"Flowgate"}'],
      env,
    );
    expect(JSON.parse(output)).toMatchObject({ status: 'success', result: { output: 'Flows, deployed.' } });
    expect(llm.requests[0]?.body.model).toBe('llama3.2');

    const listed = await flowgate(['credentials', 'list', '--project', project.id, '--json'], env);
    const human = await flowgate(['credentials', 'list', '--project', project.id], env);
    expect(JSON.parse(listed)).toEqual([
      expect.objectContaining({
        name: 'Local LLM',
        provider: 'openai-compatible',
        baseUrl: llm.baseUrl,
        hasApiKey: true,
      }),
    ]);
    expect(`${saved}${listed}${human}`).not.toContain('sk-cli-secret');
    expect(human).toContain('"Local LLM"  openai-compatible');
  });

  it('explains a credential it cannot save', async () => {
    const project = JSON.parse(await flowgate(['project', 'create', '--name', 'bad', '--json'], env)) as {
      id: string;
    };
    const base = ['credentials', 'set', '--project', project.id, '--name', 'X'];
    await expect(flowgate([...base, '--provider', 'azure'], env)).rejects.toThrow(
      /Unknown provider "azure": use one of openai, anthropic, google, openai-compatible/,
    );
    await expect(flowgate([...base, '--provider', 'openai-compatible'], env)).rejects.toThrow(
      /give its endpoint with --base-url/,
    );
    await expect(flowgate([...base, '--provider', 'anthropic'], env)).rejects.toThrow(/needs an API key/);
  });
});
