import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KitSource } from '@flowgate/engine';

/** A kit folder on disk, for the engine's kit importer. Reads never leave the folder. */
export class DirectoryKitSource implements KitSource {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async readText(relativePath: string): Promise<string | undefined> {
    try {
      return await readFile(this.resolve(relativePath), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(relativeDirectory: string): Promise<string[]> {
    try {
      const entries = await readdir(this.resolve(relativeDirectory), { withFileTypes: true });
      return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  private resolve(relativePath: string): string {
    const full = path.resolve(this.root, relativePath);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) {
      throw new Error(`${relativePath} is outside the kit folder ${this.root}`);
    }
    return full;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
