import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from './test-server.ts';

const execFileAsync = promisify(execFile);
export const FLOWGATE_BIN = path.join(REPOSITORY_ROOT, 'packages/server/bin/flowgate.js');

/** Runs `flowgate ARGS` as a user would; resolves with stdout, rejects with stderr on a non-zero exit. */
export async function flowgate(args: readonly string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await execFileAsync('node', [FLOWGATE_BIN, ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, ...env },
  });
  return stdout;
}

/** `flowgate serve` in its own process; resolves once it prints its address. */
export async function startServeProcess(
  env: Record<string, string>,
): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn('node', [FLOWGATE_BIN, 'serve'], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { process: child, url };
}

export async function stopProcess(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}
