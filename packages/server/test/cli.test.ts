import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowgate, startServeProcess, stopProcess } from './support/cli.ts';
import { EXAMPLES, EXECUTE_QUERY, postGraphql } from './support/test-server.ts';

describe('a new user with the CLI, against `flowgate serve` in its own process', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: { process: ChildProcess; url: string };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-cli-'));
    env = { FLOWGATE_DATA: dataDir, PORT: '0', HOST: '127.0.0.1' };
    server = await startServeProcess(env);
  });
  afterAll(async () => {
    await stopProcess(server.process);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a project, a key, deploys, runs, and revokes — taking effect in the running server', async () => {
    const project = JSON.parse(await flowgate(['project', 'create', '--name', 'demo', '--json'], env)) as {
      id: string;
      name: string;
      endpoint: string;
    };
    expect(project).toMatchObject({ name: 'demo', endpoint: expect.stringMatching(/\/graphql$/) });
    const key = JSON.parse(await flowgate(['keys', 'create', '--project', project.id, '--json'], env)) as {
      id: string;
      key: string;
      prefix: string;
    };
    expect(key.key).toMatch(/^fg_[0-9A-Za-z]+$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    const deployed = JSON.parse(
      await flowgate(
        ['flows', 'deploy', path.join(EXAMPLES, 'hello.json'), '--project', project.id, '--json'],
        env,
      ),
    );
    expect(deployed).toEqual({ deployment: 1, flows: [{ id: 'hello', name: 'Hello' }] });

    const headers = { Authorization: `Bearer ${key.key}`, 'x-project-id': project.id };
    const request = {
      query: EXECUTE_QUERY,
      variables: { workflowId: 'hello', payload: { url: 'https://cli.test' } },
    };
    const answer = await postGraphql(`${server.url}/graphql`, request, headers);
    expect(answer.body).toEqual({
      data: {
        executeWorkflow: {
          status: 'success',
          result: { url: 'https://cli.test', greeting: 'Hello from Flowgate' },
        },
      },
    });

    const printed = await flowgate(
      ['run', 'hello', '--project', project.id, '--payload', '{"url":"in process"}'],
      env,
    );
    expect(JSON.parse(printed)).toMatchObject({ status: 'success', result: { url: 'in process' } });

    const list = JSON.parse(await flowgate(['keys', 'list', '--project', project.id, '--json'], env)) as {
      id: string;
      lastFour: string;
    }[];
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(key.key);
    expect(list[0]?.lastFour).toBe(key.key.slice(-4));

    await flowgate(['keys', 'revoke', key.id, '--project', project.id], env);
    const refused = await postGraphql(`${server.url}/graphql`, request, headers);
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.message).toMatch(/revoked/);
  }, 120_000);

  it('explains mistakes on stderr with a non-zero exit', async () => {
    await expect(flowgate(['keys', 'create', '--project', 'nope', '--json'], env)).rejects.toThrow(
      /Project nope does not exist/,
    );
    await expect(
      flowgate(['flows', 'deploy', path.join(EXAMPLES, 'missing.json'), '--project', 'x'], env),
    ).rejects.toThrow(/does not exist/);
  }, 60_000);
});
