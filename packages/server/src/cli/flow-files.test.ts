import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flowDefinitionSchema } from '@flowgate/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryKitSource } from './directory-kit-source.ts';
import { readFlowFiles } from './flow-files.ts';

/** The real kits, beside the repository (`../shared/lamatic-kits` from its root). */
const KITS = fileURLToPath(new URL('../../../../../shared/lamatic-kits/', import.meta.url));
const HELLO = fileURLToPath(new URL('../../../../examples/hello.json', import.meta.url));

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'flowgate-flow-files-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function read(paths: string[]) {
  const warnings: string[] = [];
  const flows = await readFlowFiles(paths, (warning) => warnings.push(warning));
  return { flows: flows.map((flow) => flowDefinitionSchema.parse(flow)), warnings };
}

describe('readFlowFiles', () => {
  it('reads flow JSON, kit folders and Config YAML side by side', async () => {
    const yaml = path.join(scratch, 'hello-yaml.yml');
    await writeFile(
      yaml,
      [
        'triggerNode: { nodeId: triggerNode_1, nodeType: graphqlNode, values: { responeType: realtime } }',
        'responseNode:',
        '  nodeId: responseNode_1',
        '  nodeType: graphqlResponseNode',
        '  values: { outputMapping: \'{"echo": "{{triggerNode_1.output.x}}"}\' }',
        '  needs: [triggerNode_1]',
      ].join('\n'),
    );
    const kit = path.join(KITS, 'email-summariser');
    const { flows, warnings } = await read([HELLO, kit, yaml]);
    expect(flows.map((flow) => flow.id)).toEqual(['hello', 'email-summariser', 'hello-yaml']);
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) expect(warning.startsWith(`${kit}: email-summariser: `)).toBe(true);
    expect(warnings.join('\n')).toMatch(/model not configured/);
    expect(warnings.join('\n')).toMatch(/names node apiNode_118/);
  });

  it('imports all five kits', async () => {
    const names = [
      'get-started',
      'email-summariser',
      'error-log-summariser',
      'appeal-copilot',
      'sentinel-iq',
    ];
    const { flows } = await read(names.map((name) => path.join(KITS, name)));
    expect(flows.map((flow) => flow.id)).toEqual([
      'get-started',
      'email-summariser',
      'error-log-summariser',
      'appeal-analysis',
      'sentinel-triage',
    ]);
  });

  it('names the path and the line when a kit holds code instead of data', async () => {
    const kit = path.join(scratch, 'bad-kit');
    await mkdir(path.join(kit, 'flows'), { recursive: true });
    await writeFile(path.join(kit, 'lamatic.config.ts'), 'export default { name: "Bad", steps: [] };');
    await writeFile(
      path.join(kit, 'flows', 'evil.ts'),
      'export const nodes = [\n  { id: process.exit(1) },\n];\n',
    );
    await expect(readFlowFiles([kit])).rejects.toThrow(
      `${kit}: flows/evil.ts:2:9: a function call is not a literal value`,
    );
  });

  it('refuses a folder that is not a kit, and a path that does not exist', async () => {
    await expect(readFlowFiles([scratch])).rejects.toThrow(/no flows\/\*\.ts/);
    await expect(readFlowFiles([path.join(scratch, 'nope.json')])).rejects.toThrow(/does not exist/);
  });
});

describe('DirectoryKitSource', () => {
  it('lists files, answers undefined for missing ones, and never leaves its folder', async () => {
    const source = new DirectoryKitSource(path.join(KITS, 'get-started'));
    expect(await source.list('flows')).toEqual(['get-started.ts']);
    expect(await source.list('scripts')).toEqual([]);
    expect(await source.readText('prompts/nope.md')).toBeUndefined();
    await expect(source.readText('../sentinel-iq/lamatic.config.ts')).rejects.toThrow(
      /outside the kit folder/,
    );
  });
});
