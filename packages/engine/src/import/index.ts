/** Importers of Lamatic exports: AgentKit kit folders and Studio's Config YAML. */
export { importConfigYaml } from './import-config-yaml.ts';
export { ImportError } from './import-error.ts';
export { importKit } from './import-kit.ts';
export type { ImportedKit, ImportResult } from './import-result.ts';
export { createMemoryKitSource, type KitSource } from './kit-source.ts';
