import { afterAll, describe, expect, it } from 'vitest';
import { CodeError, type CodeRunRequest } from './code-sandbox.ts';
import { QuickJsRunner } from './quickjs-runner.ts';

const MB = 1024 * 1024;
const runner = new QuickJsRunner();
afterAll(() => runner.close());

function run(code: string, limits: Partial<Omit<CodeRunRequest, 'code'>> = {}) {
  return runner.run({ code, timeoutMs: 2000, memoryLimitBytes: 32 * MB, ...limits });
}

async function failure(code: string, limits: Partial<Omit<CodeRunRequest, 'code'>> = {}): Promise<CodeError> {
  const error = await run(code, limits).then(
    (result) => new Error(`expected the code to fail, it returned ${JSON.stringify(result.value)}`),
    (thrown: unknown) => thrown,
  );
  if (error instanceof CodeError) return error;
  throw error;
}

describe('QuickJsRunner: what the code produces', () => {
  it('returns `output` as the code assigned it', async () => {
    const result = await run('output = { a: 1, b: [true, null, "x"] };');
    expect(result).toEqual({ value: { a: 1, b: [true, null, 'x'] }, logs: [] });
  });

  it('returns the initial `output` object with what the code added to it', async () => {
    expect((await run('output.x = 1;\noutput.y = "two";')).value).toEqual({ x: 1, y: 'two' });
    expect((await run('const unused = 1;')).value).toEqual({});
  });

  it('prefers the value of a top-level return over `output`', async () => {
    expect((await run('output.ignored = true;\nreturn { kept: 1 };')).value).toEqual({ kept: 1 });
    expect((await run('return "text";')).value).toBe('text');
    expect((await run('return null;')).value).toBeNull();
    expect((await run('if (true) return 0;\noutput = 1;')).value).toBe(0);
  });

  it('allows top-level await', async () => {
    const code =
      'const value = await new Promise((resolve) => resolve(21));\noutput = { doubled: value * 2 };';
    expect((await run(code)).value).toEqual({ doubled: 42 });
    expect((await run('await null;\nreturn await Promise.all([1, Promise.resolve(2)]);')).value).toEqual([
      1, 2,
    ]);
  });

  it('has the standard built-ins the kits use', async () => {
    const code = [
      'const text = "intro\\n## Safe Summary\\nok";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: guest source, its template literal is the point
      'const heading = new RegExp(`^##\\\\s+${"Safe Summary"}\\\\s*$`, "m");',
      'const email = /\\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\\.[A-Z]{2,}\\b/i;',
      'return {',
      '  heading: heading.exec(text)?.index ?? -1,',
      '  email: email.test("Mail A.B@EXAMPLE.com"),',
      '  some: [1, 2, 3].some((n) => n > 2),',
      '  filter: ["a", "", "b"].filter(Boolean),',
      '  date: new Date(Date.UTC(2026, 0, 31)).toISOString().slice(0, 10),',
      '  math: Math.max(1, Math.round(2.6)),',
      '  json: JSON.parse(JSON.stringify({ n: [1] })),',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: guest source, its template literal is the point
      '  text: `${"a".padStart(3, "-")}|${"  x ".trim()}|${"a,b".split(",").join("+")}`,',
      '};',
    ].join('\n');
    expect((await run(code)).value).toEqual({
      heading: 6,
      email: true,
      some: true,
      filter: ['a', 'b'],
      date: '2026-01-31',
      math: 3,
      json: { n: [1] },
      text: '--a|x|a+b',
    });
  });

  it('captures console output, one capped entry per call', async () => {
    const code =
      'console.log("plain", { a: 1 }, [2]);\nconsole.info(3);\nconsole.warn("careful");\nconsole.error(new TypeError("bad"));';
    expect((await run(code)).logs).toEqual([
      'plain {"a":1} [2]',
      '3',
      'warn: careful',
      'error: TypeError: bad',
    ]);
    const flood = await run('for (let i = 0; i < 150; i++) console.log(i);\nconsole.log("x".repeat(5000));');
    expect(flood.logs).toHaveLength(100);
    const long = await run('console.log("x".repeat(5000));');
    expect(long.logs[0]).toHaveLength(2000);
  });

  it('drops `__proto__` keys from the result', async () => {
    const result = await run('return JSON.parse(\'{"__proto__": {"polluted": true}, "kept": 1}\');');
    expect(result.value).toEqual({ kept: 1 });
    expect('polluted' in {}).toBe(false);
  });
});

describe('QuickJsRunner: failures', () => {
  it('surfaces what the code threw, with its line', async () => {
    const code =
      'const log = "";\nif (!log) {\n  throw new Error("Invalid request: log must be a non-empty string");\n}';
    const error = await failure(code);
    expect(error.code).toBe('CODE_ERROR');
    expect(error.message).toBe('Invalid request: log must be a non-empty string (line 3)');
    expect(error.retryable).toBe(false);
  });

  it('names errors other than Error, and reports syntax errors and thrown values', async () => {
    expect((await failure('const a = null;\na.x;')).message).toBe(
      "TypeError: cannot read property 'x' of null (line 2)",
    );
    expect((await failure('output = {')).message).toMatch(/^SyntaxError: .+ \(line 2\)$/);
    expect((await failure('throw "plain text";')).message).toBe('plain text');
    expect((await failure('throw { code: 42 };')).message).toBe('{"code":42}');
  });

  it('stops code that runs past its time budget, even code that catches or awaits', async () => {
    for (const code of [
      'while (true) {}',
      'await null;\nwhile (true) {}',
      'for (;;) await null;',
      'try { while (true) {} } catch { return 1; }',
    ]) {
      const started = performance.now();
      const error = await failure(code, { timeoutMs: 150 });
      expect(error.code).toBe('CODE_TIMEOUT');
      expect(error.message).toBe('code ran longer than 150 ms');
      expect(performance.now() - started).toBeLessThan(1000);
    }
    expect((await failure('output = { toJSON() { while (true) {} } };', { timeoutMs: 150 })).code).toBe(
      'CODE_TIMEOUT',
    );
  });

  it('stops a memory bomb, recycles the WASM module, and the next call works', async () => {
    const before = runner.modulesLoaded;
    const local = await failure(
      'const chunks = [];\nwhile (true) chunks.push({ at: chunks.length, text: "x" + chunks.length });',
    );
    expect(local.code).toBe('CODE_MEMORY_LIMIT');
    expect(local.message).toBe('code ran out of memory (limit 32 MB)');
    const global = await failure('globalThis.kept = [];\nwhile (true) kept.push([1, 2, 3, 4]);', {
      timeoutMs: 5000,
    });
    expect(global.code).toBe('CODE_MEMORY_LIMIT');
    expect((await run('return 1 + 1;')).value).toBe(2);
    expect(runner.modulesLoaded).toBeGreaterThan(before);
  });

  it('reports a stack overflow as a code error and keeps working', async () => {
    const error = await failure('function deeper(n) { return deeper(n + 1) + 1; }\nreturn deeper(0);');
    expect(error.code).toBe('CODE_ERROR');
    expect(error.message).toMatch(/stack overflow/);
    expect((await run('return "fine";')).value).toBe('fine');
  });

  it('answers at once when the code awaits a promise nothing can settle', async () => {
    const error = await failure('await new Promise(() => {});', { timeoutMs: 5000 });
    expect(error.message).toBe('the code awaits a promise that never settles');
  });

  it('rejects results that are not JSON or larger than 1 MiB', async () => {
    const notJson = [
      'return 1n;',
      'const o = {};\no.self = o;\nreturn o;',
      'output = undefined;',
      'return () => 1;',
    ];
    for (const code of notJson) {
      const error = await failure(code);
      expect(error.code, code).toBe('CODE_OUTPUT_INVALID');
      expect(error.message).toMatch(/^the result is not JSON/);
    }
    expect((await failure('return "x".repeat(1024 * 1024);')).code).toBe('CODE_OUTPUT_INVALID');
    expect((await run('return "x".repeat(1024 * 1024 - 2);')).value).toHaveLength(MB - 2);
  });

  it('checks the limits it is given', async () => {
    await expect(run('return 1;', { timeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(run('return 1;', { memoryLimitBytes: Number.NaN })).rejects.toThrow(RangeError);
  });
});

describe('QuickJsRunner: isolation', () => {
  it('reaches nothing of the host', async () => {
    const probes = [
      'typeof require',
      'typeof process',
      'typeof fetch',
      'typeof globalThis.fetch',
      'typeof setTimeout',
      'typeof module',
      'typeof std',
      'typeof os',
      'typeof Buffer',
      '(function () { return this; }).constructor("return typeof process")()',
    ];
    expect((await run(`return [${probes.join(', ')}];`)).value).toEqual(probes.map(() => 'undefined'));
    expect((await failure('return await import("node:fs");')).code).toBe('CODE_ERROR');
  });

  it('leaks no state from one call to the next', async () => {
    const tamper = [
      'globalThis.leaked = 1;',
      'Object.prototype.polluted = "yes";',
      'Array.prototype.map = () => "hijacked";',
      'JSON.stringify = () => "\\"hijacked\\"";',
      'console.log = () => {};',
      'output.a = 1;',
    ].join('\n');
    expect((await run(tamper)).value).toEqual({ a: 1 });
    const probe =
      'console.log("seen");\nreturn [typeof leaked, ({}).polluted, [1].map((n) => n + 1), JSON.stringify({ a: 1 })];';
    expect(await run(probe)).toEqual({ value: ['undefined', null, [2], '{"a":1}'], logs: ['seen'] });
  });
});
