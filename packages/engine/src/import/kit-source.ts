/**
 * Where a kit's files come from: a folder on disk (the CLI), an upload, a test's memory. Paths are
 * relative to the kit's root and use `/`; the importer never asks for `..` or absolute paths.
 */
export interface KitSource {
  /** The file's text, or undefined when there is no such file. */
  readText(relativePath: string): Promise<string | undefined>;
  /** Names of the files (not folders) directly in the folder; empty when there is no such folder. */
  list(relativeDirectory: string): Promise<string[]>;
}

/** A kit held in memory, keyed by relative path (`flows/x.ts`): for uploads and tests. */
export function createMemoryKitSource(files: Readonly<Record<string, string>>): KitSource {
  return {
    readText: async (relativePath) => (Object.hasOwn(files, relativePath) ? files[relativePath] : undefined),
    list: async (relativeDirectory) => {
      const prefix = relativeDirectory === '' ? '' : `${relativeDirectory.replace(/\/+$/, '')}/`;
      return Object.keys(files)
        .filter((path) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
        .map((path) => path.slice(prefix.length));
    },
  };
}
