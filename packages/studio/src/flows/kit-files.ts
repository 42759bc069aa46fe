import { strFromU8, unzipSync } from 'fflate';

/** The files of a kit the server reads: code, prompts, configs. Images and the like are left out. */
const TEXT_FILE = /\.(ts|mts|js|mjs|json|md|mdx|txt|ya?ml)$/i;
const IGNORED = /(^|\/)(node_modules|\.git|__MACOSX)\/|(^|\/)\.DS_Store$/;

export type KitFiles = Record<string, string>;

/** Drops the one folder every path starts with (a zip of `my-kit/` holds `my-kit/flows/…`). */
export function stripSingleTopFolder(files: KitFiles): KitFiles {
  const paths = Object.keys(files);
  const first = paths[0]?.split('/')[0];
  const shared =
    first !== undefined &&
    paths.length > 0 &&
    paths.every((path) => path.includes('/') && path.split('/')[0] === first);
  if (!shared) return files;
  return Object.fromEntries(
    Object.entries(files).map(([path, text]) => [path.slice(first.length + 1), text]),
  );
}

function keep(path: string): boolean {
  return !path.endsWith('/') && !IGNORED.test(path) && TEXT_FILE.test(path);
}

/** Unzips a kit folder in the browser into `path → text`; throws a sentence a person can act on. */
export function kitFilesFromZip(bytes: Uint8Array): KitFiles {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (file) => keep(file.name) });
  } catch (cause) {
    throw new Error(
      `This file is not a readable zip (${(cause as Error).message}). Zip the kit folder (the one holding lamatic.config.ts and flows/) and choose that file.`,
    );
  }
  const files: KitFiles = {};
  for (const [path, data] of Object.entries(entries)) files[path] = strFromU8(data);
  return checkKit(stripSingleTopFolder(files));
}

/** Reads a folder chosen with `webkitdirectory`: paths start with the chosen folder's name, which is dropped. */
export async function kitFilesFromFolder(list: FileList): Promise<KitFiles> {
  const files: KitFiles = {};
  for (const file of Array.from(list)) {
    const path = file.webkitRelativePath || file.name;
    if (keep(path)) files[path] = await file.text();
  }
  return checkKit(stripSingleTopFolder(files));
}

function checkKit(files: KitFiles): KitFiles {
  const paths = Object.keys(files);
  if (paths.length === 0) {
    throw new Error(
      'No kit files were found (.ts, .md, .json, .yaml). Choose the kit folder itself, or a zip of it.',
    );
  }
  if (!paths.some((path) => path.startsWith('flows/'))) {
    throw new Error(
      `No flows/ folder was found among ${paths.length} files; a Lamatic kit keeps its flows in flows/*.ts next to lamatic.config.ts.`,
    );
  }
  return files;
}
