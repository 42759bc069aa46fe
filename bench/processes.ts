/** The processes the benchmark starts: servers until they say they are ready, CLI commands to set up. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FLOWGATE = path.join(ROOT, 'packages/server/bin/flowgate.js');
const LISTENING = /listening on (http:\/\/[\d.:]+)/i;
const execFileAsync = promisify(execFile);

export interface Started {
  process: ChildProcess;
  /** What `ready` captured: the URL a server listens on. */
  url: string;
}

/** `node ARGS`, resolved once its output matches `ready` (first group captured). */
export function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp = LISTENING,
): Promise<Started> {
  const child = spawn('node', args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match?.[1]) resolve({ process: child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`node ${args.join(' ')} exited with ${code}: ${output}`)));
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** `flowgate ARGS`: resolves with what it printed. */
export async function cli(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await execFileAsync('node', [FLOWGATE, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  return stdout;
}
