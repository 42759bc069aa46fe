import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFlowFile } from './support/async-runs.ts';
import { flowgate } from './support/cli.ts';
import { waitFlow } from './support/slow-flows.ts';
import { EXAMPLES, REPOSITORY_ROOT } from './support/test-server.ts';

const execFileAsync = promisify(execFile);

/** A flow whose trigger declares a JSON-Schema input, and an output of literals, text and fields. */
const orderFlow = {
  id: 'order-summary',
  name: 'Order summary',
  nodes: [
    {
      id: 'start',
      data: {
        nodeId: 'graphqlNode',
        trigger: true,
        values: {
          advance_schema: JSON.stringify({
            type: 'object',
            properties: {
              orderId: { type: 'string' },
              quantity: { type: 'integer' },
              tags: { type: 'array' },
            },
            required: ['orderId'],
          }),
        },
      },
    },
    {
      id: 'response',
      data: {
        nodeId: 'graphqlResponseNode',
        values: {
          outputMapping:
            '{"orderId":"{{start.output.orderId}}","quantity":"{{start.output.quantity}}","line":"Order {{start.output.orderId}}","version":2,"meta":{"final":true}}',
        },
      },
    },
  ],
  edges: [{ source: 'start', target: 'response' }],
};

/** Uses the generated types; every statement must compile. */
const GOOD_USE = `import { Flowgate } from '@flowgate/sdk';
const client = new Flowgate({ endpoint: 'http://127.0.0.1:1/graphql', apiKey: 'fg_x' });
export async function good() {
  const order = await client.executeWorkflow('order-summary', { orderId: 'A1', quantity: 2 });
  const id: string = order.result.orderId;
  const quantity: number | null = order.result.quantity;
  const line: string = order.result.line;
  const version: number = order.result.version;
  const slow = await client.executeWorkflow('slow', { n: 1 });
  const waited = slow.result.n;
  const queued = await client.executeWorkflow('slow-async', {});
  const requestId: string = queued.result.requestId;
  const hello = await client.executeWorkflow('hello', { url: 'https://x.test' });
  return [id, quantity, line, version, waited, requestId, hello.requestId];
}
`;

/** Each line marked BAD must fail to compile, and nothing else. */
const BAD_USE = `import { Flowgate } from '@flowgate/sdk';
const client = new Flowgate({ endpoint: 'http://127.0.0.1:1/graphql', apiKey: 'fg_x' });
export async function bad() {
  await client.executeWorkflow('order-summary', { quantity: 2 }); // BAD: orderId missing
  await client.executeWorkflow('hello', { url: 5 }); // BAD: url is a string
  await client.executeWorkflow('no-such-flow', {}); // BAD: not a deployed flow
  const order = await client.executeWorkflow('order-summary', { orderId: 'A1' });
  const wrong: string = order.result.version; // BAD: version is a number
  return wrong;
}
`;

describe('flowgate types', () => {
  let dataDir: string;
  let workDir: string;
  let env: Record<string, string>;
  let projectId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'flowgate-types-data-'));
    workDir = await mkdtemp(path.join(tmpdir(), 'flowgate-types-app-'));
    env = { FLOWGATE_DATA: dataDir };
    projectId = (
      JSON.parse(await flowgate(['project', 'create', '--name', 'typed', '--json'], env)) as { id: string }
    ).id;
    const files = await Promise.all(
      [orderFlow, waitFlow('slow', 1), waitFlow('slow-async', 1, 'async')].map((flow) =>
        writeFlowFile(dataDir, flow),
      ),
    );
    await flowgate(
      ['flows', 'deploy', ...files, path.join(EXAMPLES, 'hello.json'), '--project', projectId],
      env,
    );
  });
  afterAll(() =>
    Promise.all([dataDir, workDir].map((folder) => rm(folder, { recursive: true, force: true }))),
  );

  it('prints the input and output of each deployed flow as an augmentation of Flows', async () => {
    const text = await flowgate(['types', '--project', projectId], env);
    expect(text).toContain("declare module '@flowgate/sdk' {");
    expect(text).toContain(
      '"order-summary": {\n      input: { orderId: string; quantity?: number; tags?: JsonValue[] };\n' +
        '      output: { orderId: string; quantity: number | null; line: string; version: number; meta: { final: boolean } };\n' +
        "      mode: 'realtime';",
    );
    expect(text).toContain(
      "input: { n?: number };\n      output: { n: number | null; waited: JsonValue };\n      mode: 'async';",
    );
    expect(text).toContain('hello: {\n      input: { url: string };');
  });

  it('writes a file that type-checks good calls and refuses a wrong payload, id or result', async () => {
    const out = path.join(workDir, 'flowgate-flows.d.ts');
    await flowgate(['types', '--project', projectId, '--out', out], env);
    await mkdir(path.join(workDir, 'node_modules/@flowgate'), { recursive: true });
    await symlink(
      path.join(REPOSITORY_ROOT, 'packages/sdk'),
      path.join(workDir, 'node_modules/@flowgate/sdk'),
    );
    await writeFile(path.join(workDir, 'package.json'), '{"type":"module"}');
    await writeFile(path.join(workDir, 'good.ts'), GOOD_USE);
    await writeFile(path.join(workDir, 'bad.ts'), BAD_USE);
    await writeFile(
      path.join(workDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023'],
          types: ['node'],
          typeRoots: [path.join(REPOSITORY_ROOT, 'node_modules/@types')],
          allowImportingTsExtensions: true,
          noUncheckedIndexedAccess: true,
        },
        files: ['flowgate-flows.d.ts', 'good.ts', 'bad.ts'],
      }),
    );
    const tsc = path.join(REPOSITORY_ROOT, 'node_modules/typescript/bin/tsc');
    const result = await execFileAsync('node', [tsc, '-p', workDir, '--pretty', 'false'], {
      cwd: workDir,
    }).then(
      () => ({ stdout: '' }),
      (error: { stdout: string }) => error,
    );
    const errors = result.stdout.split('\n').filter((line) => /error TS/.test(line));
    const badLines = BAD_USE.split('\n').flatMap((line, index) =>
      line.includes('// BAD') ? [index + 1] : [],
    );
    expect(
      errors.filter((line) => !line.startsWith('bad.ts')),
      result.stdout,
    ).toEqual([]);
    expect([...new Set(errors.map((line) => Number(/^bad\.ts\((\d+),/.exec(line)?.[1])))].sort()).toEqual(
      badLines,
    );
  }, 60_000);

  it('says when the project has nothing deployed', async () => {
    const empty = JSON.parse(await flowgate(['project', 'create', '--name', 'empty', '--json'], env)) as {
      id: string;
    };
    await expect(flowgate(['types', '--project', empty.id], env)).rejects.toThrow(/has no deployment yet/);
  });
});
