/** The processes the benchmark starts: servers until they say they are ready, CLI commands to set up. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
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

/** utime + stime of a process (all its threads) from /proc, in microseconds (clock ticks are 100 Hz on Linux). */
export async function cpuMicros(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10_000;
}

export async function rssMb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
