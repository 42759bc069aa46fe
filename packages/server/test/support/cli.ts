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
    // A minute: on a busy machine (tests in parallel, 2 cores) starting takes several seconds.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start: ${output}`));
    }, 60_000);
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
  // A process killed by a signal has no exit code but a signal code; either means it is gone.
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

/** `flowgate worker` in its own process; resolves once it says it started. `output()` is all it printed. */
export async function startWorkerProcess(
  env: Record<string, string>,
): Promise<{ process: ChildProcess; output: () => string }> {
  const child = spawn('node', [FLOWGATE_BIN, 'worker'], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker did not start: ${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Flowgate worker started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
  return { process: child, output: () => output };
}
