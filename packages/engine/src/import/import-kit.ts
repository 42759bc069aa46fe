import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import { Template } from '../templates/template.ts';
import { ImportError } from './import-error.ts';
import type { ImportedKit, ImportResult } from './import-result.ts';
import { type InlineContext, type InlinedText, inlineReferences, KitFiles } from './kit-references.ts';
import type { KitSource } from './kit-source.ts';
import { type LiteralModule, parseLiteralModule } from './literal-module.ts';

const KIT_CONFIG = 'lamatic.config.ts';
const FLOW_FILE = /^(?!.*\.d\.ts$)(.+)\.(ts|mts|js|mjs)$/;
const FLOW_EXPORTS = ['meta', 'inputs', 'references', 'nodes', 'edges'];
/** Template roots that are not nodes. */
const NON_NODE_ROOTS = new Set(['secrets', 'env']);

/**
 * Imports a Lamatic AgentKit kit (`lamatic.config.ts`, `flows/*.ts`, and the `prompts/`, `scripts/`,
 * `model-configs/`, `constitutions/` they refer to): one flow per file in `flows/`, its id the file's
 * name. The files are parsed as data and never run (see parseLiteralModule). Throws ImportError
 * when a file is not data; what a real export gets wrong (a model config that points back at
 * itself, a missing file, a prompt naming a node that is not in the flow) becomes a warning.
 */
export async function importKit(source: KitSource): Promise<ImportResult> {
  const warnings: string[] = [];
  const kit = await readKitConfig(source, warnings);
  const files = (await source.list('flows')).filter((name) => FLOW_FILE.test(name)).sort();
  if (files.length === 0) {
    throw new ImportError('the folder has no flows/*.ts: it is not a Lamatic AgentKit kit');
  }
  const kitFiles = new KitFiles(source);
  const flows: JsonObject[] = [];
  for (const file of files) flows.push(await importFlowFile(`flows/${file}`, source, kitFiles, warnings));
  return kit ? { flows, warnings, kit } : { flows, warnings };
}

async function readKitConfig(source: KitSource, warnings: string[]): Promise<ImportedKit | undefined> {
  const text = await source.readText(KIT_CONFIG);
  if (text === undefined) {
    warnings.push(`${KIT_CONFIG} is missing: the kit has no name or steps`);
    return undefined;
  }
  const config = parseLiteralModule(text, KIT_CONFIG).value('default');
  if (!isJsonObject(config)) {
    throw new ImportError('the default export must be the kit object {name, steps, …}', { file: KIT_CONFIG });
  }
  const { name, description, steps } = config;
  return {
    name: typeof name === 'string' ? name : '',
    ...(typeof description === 'string' ? { description } : {}),
    steps: Array.isArray(steps) ? steps.filter(isJsonObject) : [],
    config,
  };
}

async function importFlowFile(
  path: string,
  source: KitSource,
  files: KitFiles,
  warnings: string[],
): Promise<JsonObject> {
  const text = await source.readText(path);
  if (text === undefined) throw new ImportError('cannot be read', { file: path });
  const exported = flowExports(parseLiteralModule(text, path));
  const id = (FLOW_FILE.exec(path.slice(path.lastIndexOf('/') + 1)) ?? [])[1] ?? path;
  const { meta, inputs, nodes, edges = [] } = exported;
  if (!Array.isArray(nodes)) throw new ImportError('the flow exports no `nodes` array', { file: path });
  if (!Array.isArray(edges)) throw new ImportError("the flow's `edges` is not an array", { file: path });

  const reported = new Set<string>();
  const warn = (message: string) => {
    if (reported.has(message)) return;
    reported.add(message);
    warnings.push(`${id}: ${message}`);
  };
  const context = { files, warn, inlined: [] as InlinedText[] };
  const importedNodes: JsonValue[] = [];
  for (const node of nodes) importedNodes.push(await importNode(node, context));
  const nodeIds = new Set(nodes.map((node) => (isJsonObject(node) ? node.id : undefined)));
  checkTemplates(context.inlined, nodeIds, warn);

  const name =
    isJsonObject(meta) && typeof meta.name === 'string' && meta.name.trim() !== '' ? meta.name : id;
  const description = isJsonObject(meta) ? meta.description : undefined;
  return {
    id,
    name,
    ...(typeof description === 'string' && description !== '' ? { description } : {}),
    nodes: importedNodes,
    edges,
    // `meta` keeps what the export says about the flow, `testInput` included (a sample payload).
    ...(isJsonObject(meta) ? { meta } : {}),
    ...(isJsonObject(inputs) && Object.keys(inputs).length > 0 ? { inputs } : {}),
  };
}

/** `export default { meta, nodes, … }` when the file has it, else the named exports. */
function flowExports(module: LiteralModule): JsonObject {
  if (module.exportNames.includes('default')) {
    const value = module.value('default');
    if (isJsonObject(value)) return value;
    throw new ImportError('the default export must be the flow object {meta, nodes, edges, …}', {
      file: module.file,
    });
  }
  const exported: JsonObject = {};
  for (const name of FLOW_EXPORTS) {
    const value = module.value(name);
    if (value !== undefined) exported[name] = value;
  }
  return exported;
}

/** Inlines the kit references in a node's `data.values`; a node of another shape is compileFlow's to report. */
async function importNode(node: JsonValue, context: Omit<InlineContext, 'where'>): Promise<JsonValue> {
  if (!isJsonObject(node)) return node;
  const data = node.data;
  if (!isJsonObject(data)) return node;
  const values = data.values;
  if (!isJsonObject(values)) return node;
  const label = typeof values.nodeName === 'string' ? ` (${values.nodeName})` : '';
  const where = `node ${typeof node.id === 'string' ? node.id : '(no id)'}${label}`;
  return {
    ...node,
    data: { ...data, values: await inlineReferences(values, undefined, { ...context, where }) },
  };
}

/** Kits' prompts and scripts may name nodes the flow does not have: they will render empty. */
function checkTemplates(
  inlined: readonly InlinedText[],
  nodeIds: ReadonlySet<JsonValue | undefined>,
  warn: (message: string) => void,
): void {
  for (const { path, text } of inlined) {
    for (const reference of new Template(text).references) {
      if (nodeIds.has(reference.root) || NON_NODE_ROOTS.has(reference.root)) continue;
      warn(
        `${path} names node ${reference.root}, which is not in the flow: {{${reference.source}}} will be empty`,
      );
    }
  }
}
