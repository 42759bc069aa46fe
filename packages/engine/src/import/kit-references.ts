import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import { ImportError } from './import-error.ts';
import type { KitSource } from './kit-source.ts';
import { parseLiteralModule } from './literal-module.ts';

/** `@<folder>/<file>`: a value the AgentKit export moved out of the flow into a file of the kit. */
const KIT_REFERENCE = /^@(prompts|scripts|constitutions|model-configs)\/(\S+)$/;
/** Folders of the export this importer does not read (chat widgets, memory, tools). */
const UNREAD_REFERENCE = /^@(triggers|memory|tools)\/\S+$/;

/** The LLM nodes' value that holds the model config `{provider_name, model_name, credential_name, params}`. */
const MODEL_KEY = 'generativeModelName';

export function isKitReference(value: string): boolean {
  return KIT_REFERENCE.test(value) || UNREAD_REFERENCE.test(value);
}

/** A text file the flow now holds inline, to check its `{{…}}` templates afterwards. */
export interface InlinedText {
  path: string;
  text: string;
}

/** Reads and caches the files a kit's flows refer to. One per kit import. */
export class KitFiles {
  private readonly texts = new Map<string, Promise<string | undefined>>();

  constructor(private readonly source: KitSource) {}

  text(path: string): Promise<string | undefined> {
    let text = this.texts.get(path);
    if (text === undefined) {
      text = this.source.readText(path);
      this.texts.set(path, text);
    }
    return text;
  }

  /** A model-config file's default export, or undefined when the file is missing. */
  async modelConfig(path: string): Promise<JsonObject | undefined> {
    const text = await this.text(path);
    if (text === undefined) return undefined;
    const module = parseLiteralModule(text, path);
    const value = module.value('default');
    if (!isJsonObject(value)) throw new ImportError('the default export must be an object', { file: path });
    return value;
  }
}

export interface InlineContext {
  files: KitFiles;
  /** Where the value is, for warnings: `flow x, node y (Name)`. */
  where: string;
  warn(message: string): void;
  inlined: InlinedText[];
}

/**
 * Returns `value` with every string that is exactly a kit reference replaced by what it refers to,
 * at any depth: prompts, constitutions and scripts by their text (verbatim — a script is code, never
 * parsed), a model config by the entry of the same key in its default export (the first config of
 * `generativeModelName`). A missing file leaves an empty value and a warning.
 */
export async function inlineReferences(
  value: JsonValue,
  key: string | undefined,
  context: InlineContext,
): Promise<JsonValue> {
  if (typeof value === 'string') return resolveString(value, key, context);
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value) items.push(await inlineReferences(item, key, context));
    return items;
  }
  if (value === null || typeof value !== 'object') return value;
  const object: JsonObject = {};
  for (const [entryKey, entry] of Object.entries(value)) {
    object[entryKey] = await inlineReferences(entry, entryKey, context);
  }
  return object;
}

async function resolveString(
  value: string,
  key: string | undefined,
  context: InlineContext,
): Promise<JsonValue> {
  if (UNREAD_REFERENCE.test(value)) {
    context.warn(`${context.where}: ${value} is not imported (this folder of the export is not supported)`);
    return value;
  }
  const match = KIT_REFERENCE.exec(value);
  if (!match) return value;
  const [, folder = '', file = ''] = match;
  const path = safePath(folder, file, context);
  if (folder === 'model-configs') return resolveModelConfig(value, path, key, context);
  const text = await context.files.text(path);
  if (text === undefined) {
    context.warn(`${context.where}: ${path} is missing; the value is left empty`);
    return '';
  }
  context.inlined.push({ path, text });
  return text;
}

/** Rejects references that would leave the kit's folder (`..`, absolute paths). */
function safePath(folder: string, file: string, context: InlineContext): string {
  const segments = file.split('/');
  if (
    file.includes('\\') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..')
  ) {
    throw new ImportError(`${context.where}: @${folder}/${file} points outside the kit's ${folder} folder`);
  }
  return `${folder}/${file}`;
}

/**
 * A model-config reference under key K takes the default export's K. When the export does not hold
 * a model (real exports often point back at themselves), `generativeModelName` keeps the
 * `@model-configs/…` string: the LLM nodes read such a string as a placeholder ("model not
 * configured") and use the project's default model, or fail naming the node. Other keys
 * (`memories`, `messages`) become empty, which those nodes read as "none".
 */
async function resolveModelConfig(
  reference: string,
  path: string,
  key: string | undefined,
  context: InlineContext,
): Promise<JsonValue> {
  const config = await context.files.modelConfig(path);
  const isModel = key === MODEL_KEY;
  const unresolved = (why: string): JsonValue => {
    // Only the model is worth a warning: the other keys (memories, messages) default to empty.
    if (isModel) {
      context.warn(`${context.where}: model not configured (${why})`);
    }
    return isModel ? reference : '';
  };
  if (config === undefined) {
    if (!isModel) context.warn(`${context.where}: ${path} is missing; ${key ?? 'the value'} is left empty`);
    return unresolved(`${path} is missing`);
  }
  const entry = key === undefined ? undefined : config[key];
  if (entry === undefined) return unresolved(`${path} has no ${key ?? 'value'}`);
  if (typeof entry === 'string' && isKitReference(entry)) {
    return unresolved(
      entry === reference ? `${path} points back at itself` : `${path} refers on to ${entry}`,
    );
  }
  if (isModel && Array.isArray(entry)) {
    const first = entry[0];
    return isJsonObject(first) ? first : unresolved(`${path} lists no model config`);
  }
  return entry;
}
