import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type ImportResult, importConfigYaml, importKit, parseJsonSafely } from '@flowgate/engine';
import { DirectoryKitSource } from './directory-kit-source.ts';

const CONFIG_YAML = /\.ya?ml$/i;

/**
 * Reads the flows named on the command line. Each path is one of:
 * - a flow JSON file, holding one flow or a list of flows;
 * - a Lamatic AgentKit kit folder (`lamatic.config.ts`, `flows/*.ts`, …): every flow in it, with its
 *   `@prompts/…`, `@scripts/…`, `@model-configs/…` references inlined (the files are read as data,
 *   never run);
 * - a Lamatic Studio Config YAML (`.yaml`/`.yml`): one flow whose id is the file's name.
 * Import warnings (a model that is not configured, a prompt naming a missing node) go to `warn`,
 * each starting with its path; they never stop the deploy. Anything unreadable throws, naming the path.
 */
export async function readFlowFiles(
  paths: readonly string[],
  warn: (message: string) => void = () => {},
): Promise<unknown[]> {
  const flows: unknown[] = [];
  for (const file of paths) {
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new Error(`${file} does not exist.`);
    if (info.isDirectory() || CONFIG_YAML.test(file)) {
      const result = await importPath(file, info.isDirectory());
      for (const warning of result.warnings) warn(`${file}: ${warning}`);
      flows.push(...result.flows);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = parseJsonSafely(await readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    flows.push(...(Array.isArray(parsed) ? parsed : [parsed]));
  }
  return flows;
}

async function importPath(file: string, isFolder: boolean): Promise<ImportResult> {
  try {
    if (isFolder) return await importKit(new DirectoryKitSource(file));
    const id = path.basename(file).replace(CONFIG_YAML, '');
    return importConfigYaml(await readFile(file, 'utf8'), id);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}
