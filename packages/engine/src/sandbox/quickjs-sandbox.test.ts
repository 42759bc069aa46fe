import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import { CodeError, type CodeRunRequest } from './code-sandbox.ts';
import { WorkerPoolSandbox } from './quickjs-sandbox.ts';

const MB = 1024 * 1024;
const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));

function request(code: string, limits: Partial<Omit<CodeRunRequest, 'code'>> = {}): CodeRunRequest {
  return { code, timeoutMs: 2000, memoryLimitBytes: 32 * MB, ...limits };
}

/** Settles a call, so a test can start calls, do other things, then look at how each ended. */
function settle<T>(promise: Promise<T>): Promise<T | Error> {
  return promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

describe('WorkerPoolSandbox', () => {
  const pool = new WorkerPoolSandbox({ workers: 2 });
  afterAll(() => pool.close());

  it('runs code in a worker thread and returns its output and logs', async () => {
    const result = await pool.run(
      request('console.log("from the worker");\noutput.sum = [1, 2, 3].reduce((a, b) => a + b);'),
    );
    expect(result).toEqual({ value: { sum: 6 }, logs: ['from the worker'] });
  });

  it('stops an infinite loop within its budget while the host event loop keeps running', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const started = performance.now();
    const outcome = await settle(pool.run(request('while (true) {}', { timeoutMs: 1000 })));
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    expect(outcome).toBeInstanceOf(CodeError);
    expect((outcome as CodeError).code).toBe('CODE_TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(1600);
    // 50 ticks were due; a blocked loop would have let none of them run until the end.
    expect(ticks).toBeGreaterThanOrEqual(30);
  });

  it('stops a memory bomb, and the next call works', async () => {
    const bomb =
      'const chunks = [];\nwhile (true) chunks.push({ at: chunks.length, text: "x" + chunks.length });';
    const outcome = await settle(pool.run(request(bomb, { timeoutMs: 5000 })));
    expect((outcome as CodeError).code).toBe('CODE_MEMORY_LIMIT');
    expect((await pool.run(request('return "still here";'))).value).toBe('still here');
  });

  it('gives each of many parallel calls its own result', async () => {
    const calls = Array.from({ length: 40 }, (_, index) =>
      pool.run(
        request(
          `await null;\nglobalThis.seen = (globalThis.seen ?? 0) + 1;\nreturn { index: ${index}, seen }`,
        ),
      ),
    );
    const results = await Promise.all(calls);
    expect(results.map((result) => result.value)).toEqual(
      Array.from({ length: 40 }, (_, index) => ({ index, seen: 1 })),
    );
    expect(pool.workerCount).toBeLessThanOrEqual(2);
  });
});

describe('WorkerPoolSandbox limits', () => {
  it('terminates and replaces a worker that misses its deadline', async () => {
    // A single native call (a search through a 200 MB string) does not poll QuickJS's interrupt
    // handler: only the host watchdog can stop it on time.
    const pool = new WorkerPoolSandbox({ workers: 1, watchdogMarginMs: 100 });
    try {
      await pool.run(request('return 1;'));
      const code = 'const text = "x".repeat(2e8);\ntext.lastIndexOf("xy");\ntext.lastIndexOf("xy");';
      const started = performance.now();
      const outcome = await settle(pool.run(request(code, { timeoutMs: 200, memoryLimitBytes: 512 * MB })));
      expect((outcome as CodeError).code).toBe('CODE_TIMEOUT');
      expect(performance.now() - started).toBeLessThan(700);
      expect(pool.workerCount).toBe(0);
      expect((await pool.run(request('return 2;'))).value).toBe(2);
      expect(pool.workerCount).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('fails fast with a retryable error when the queue is full', async () => {
    const pool = new WorkerPoolSandbox({ workers: 1, maxQueued: 1 });
    try {
      const running = settle(pool.run(request('while (true) {}', { timeoutMs: 400 })));
      const queued = pool.run(request('return "queued";'));
      const rejected = await settle(pool.run(request('return "rejected";')));
      expect(rejected).toBeInstanceOf(EngineError);
      expect(rejected).toMatchObject({ code: 'SANDBOX_BUSY', retryable: true });
      expect((rejected as Error).message).toMatch(/busy/);
      expect(((await running) as CodeError).code).toBe('CODE_TIMEOUT');
      expect((await queued).value).toBe('queued');
    } finally {
      await pool.close();
    }
  });

  it('fails a queued call that found no worker within its own budget', async () => {
    const pool = new WorkerPoolSandbox({ workers: 1 });
    try {
      const running = settle(pool.run(request('while (true) {}', { timeoutMs: 800 })));
      const waited = await settle(pool.run(request('return 1;', { timeoutMs: 100 })));
      expect(waited).toMatchObject({ code: 'SANDBOX_BUSY', retryable: true });
      await running;
    } finally {
      await pool.close();
    }
  });

  it('close() fails the calls in flight and those that come after, and stops the workers', async () => {
    const pool = new WorkerPoolSandbox({ workers: 1 });
    const inFlight = settle(pool.run(request('while (true) {}', { timeoutMs: 5000 })));
    const queued = settle(pool.run(request('return 1;')));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await pool.close();
    expect(await inFlight).toMatchObject({ code: 'SANDBOX_CLOSED' });
    expect(await queued).toMatchObject({ code: 'SANDBOX_CLOSED' });
    expect(pool.workerCount).toBe(0);
    await expect(pool.run(request('return 1;'))).rejects.toMatchObject({ code: 'SANDBOX_CLOSED' });
  });
});

describe('WorkerPoolSandbox outside Vitest', () => {
  const run = promisify(execFile);
  const script = [
    `import { WorkerPoolSandbox } from ${JSON.stringify(new URL('./quickjs-sandbox.ts', import.meta.url).href)};`,
    'const pool = new WorkerPoolSandbox({ workers: 1 });',
    'const result = await pool.run({ code: "return 6 * 7;", timeoutMs: 1000, memoryLimitBytes: 16 * 1024 * 1024 });',
    'await pool.close();',
    'console.log(JSON.stringify(result));',
  ].join('\n');

  it.each([
    ['node --import tsx', process.execPath, ['--import', 'tsx']],
    ['tsx', join(REPOSITORY, 'node_modules/.bin/tsx'), []],
  ])('starts its workers under %s', async (_name, command, flags) => {
    const folder = await mkdtemp(join(tmpdir(), 'flowgate-sandbox-'));
    try {
      const file = join(folder, 'run-pool.mts');
      await writeFile(file, script);
      const { stdout } = await run(command, [...flags, file], { cwd: REPOSITORY, timeout: 20_000 });
      expect(JSON.parse(stdout)).toEqual({ value: 42, logs: [] });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
