import {
  createMemoryKitSource,
  ImportError,
  type ImportResult,
  importConfigYaml,
  importKit,
  isJsonObject,
  type JsonObject,
  parseJsonSafely,
} from '@flowgate/engine';
import type { ImportFlowsRequest } from '../contract.ts';
import { StudioError } from '../studio-error.ts';

const KIT_CONFIG = 'lamatic.config.ts';

/**
 * Turns what the Studio uploads into flow documents (not yet validated), with the engine's importers:
 * flow JSON (one flow or a list), a Studio Config YAML, or a kit's files. A failure caused by the upload
 * is a 400 saying what was wrong with it.
 */
export async function importFlowDocuments(request: ImportFlowsRequest): Promise<ImportResult> {
  try {
    switch (request.format) {
      case 'json':
        return { flows: flowsFromJsonText(request.content), warnings: [] };
      case 'yaml':
        return importConfigYaml(request.content, request.flowId ?? yamlFlowId(request.content));
      case 'kit':
        return await importKit(createMemoryKitSource(kitRelativeFiles(request.files)));
    }
  } catch (error) {
    if (!isUploadError(error)) throw error;
    const message = error.message;
    throw StudioError.badRequest(`The ${request.format} import failed: ${message}`, [
      { path: request.format === 'kit' ? 'files' : 'content', message },
    ]);
  }
}

/**
 * Whether an import failure is about the upload: the importers' own refusals, bad JSON or YAML. Anything
 * else (a TypeError, a store error) is a fault of ours, left for the error handler to mask and log.
 */
function isUploadError(error: unknown): error is Error {
  return (
    error instanceof ImportError ||
    error instanceof SyntaxError ||
    (error instanceof Error && error.name === 'YAMLParseError')
  );
}

/** A flow JSON file's text: one flow object, or a list of them. */
export function flowsFromJsonText(text: string): JsonObject[] {
  let parsed: unknown;
  try {
    parsed = parseJsonSafely(text);
  } catch (error) {
    throw StudioError.badRequest(`The flow JSON is not valid JSON: ${(error as Error).message}`, [
      { path: 'content', message: 'not valid JSON' },
    ]);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const flows = list.filter(isJsonObject);
  if (flows.length === 0 || flows.length !== list.length) {
    throw StudioError.badRequest(
      'The JSON must be a flow object {id, name, nodes, edges} or a list of them.',
      [{ path: 'content', message: 'not a flow object or a list of flow objects' }],
    );
  }
  return flows;
}

/** The YAML's own flow id when it has one (`id:` / `flowId:` at the top), else a neutral one. */
function yamlFlowId(content: string): string {
  const match = /^(?:id|flowId|name):\s*["']?([A-Za-z0-9][A-Za-z0-9_.:-]*)["']?\s*$/m.exec(content);
  return match?.[1] ?? 'imported-flow';
}

/**
 * The kit's files relative to its root: the folder holding `lamatic.config.ts` (a zip usually wraps the
 * kit in a folder of its name). Paths are normalised to `/` and must not climb out of the kit.
 */
function kitRelativeFiles(files: Readonly<Record<string, string>>): Record<string, string> {
  const normalised = Object.entries(files).map(
    ([path, text]) => [path.replace(/\\/g, '/').replace(/^\.?\//, ''), text] as const,
  );
  const configs = normalised
    .map(([path]) => path)
    .filter((path) => path === KIT_CONFIG || path.endsWith(`/${KIT_CONFIG}`))
    .sort((a, b) => a.split('/').length - b.split('/').length);
  const config = configs[0];
  if (config === undefined) {
    throw StudioError.badRequest(
      `The kit has no ${KIT_CONFIG}; upload the whole kit folder (the one with ${KIT_CONFIG}, flows/, prompts/…).`,
      [{ path: 'files', message: `no ${KIT_CONFIG}` }],
    );
  }
  const root = config.slice(0, config.length - KIT_CONFIG.length);
  const relative: Record<string, string> = {};
  for (const [path, text] of normalised) {
    if (!path.startsWith(root)) continue;
    const inside = path.slice(root.length);
    if (inside.split('/').some((part) => part === '..' || part === '')) continue;
    relative[inside] = text;
  }
  return relative;
}
