import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowgate, startServeProcess, stopProcess } from './support/cli.ts';
import { post } from './support/slow-flows.ts';
import { EXAMPLES, EXECUTE_QUERY } from './support/test-server.ts';

describe('flowgate keys create --rate-limit', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: { process: ChildProcess; url: string };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-rate-cli-'));
    env = { FLOWGATE_DATA: dataDir, PORT: '0', HOST: '127.0.0.1' };
    server = await startServeProcess(env);
  });
  afterAll(async () => {
    await stopProcess(server.process);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('gives the key its own limit, in force in the running server and shown by keys list', async () => {
    const project = JSON.parse(await flowgate(['project', 'create', '--name', 'limits', '--json'], env)) as {
      id: string;
    };
    await flowgate(
      ['flows', 'deploy', path.join(EXAMPLES, 'hello.json'), '--project', project.id, '--json'],
      env,
    );
    const created = JSON.parse(
      await flowgate(['keys', 'create', '--project', project.id, '--rate-limit', '2', '--json'], env),
    ) as { id: string; key: string };
    const headers = { Authorization: `Bearer ${created.key}`, 'x-project-id': project.id };
    const body = { query: EXECUTE_QUERY, variables: { workflowId: 'hello', payload: { url: 'u' } } };
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++)
      statuses.push((await post(`${server.url}/graphql`, body, headers)).status);
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
    const listed = JSON.parse(await flowgate(['keys', 'list', '--project', project.id, '--json'], env)) as {
      id: string;
      rateLimitPerSecond: number | null;
    }[];
    expect(listed.find((key) => key.id === created.id)?.rateLimitPerSecond).toBe(2);
  });

  it('refuses a rate that is not a whole positive number, saying what it takes', async () => {
    const project = JSON.parse(await flowgate(['project', 'create', '--name', 'bad', '--json'], env)) as {
      id: string;
    };
    for (const value of ['abc', '2.5']) {
      await expect(
        flowgate(['keys', 'create', '--project', project.id, '--rate-limit', value, '--json'], env),
      ).rejects.toThrow(/--rate-limit takes a whole number of requests per second, e\.g\. 5/);
    }
  });
});
