import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import { compileRetryPolicy, runWithRetries } from './retry.ts';

function compile(values: Record<string, unknown>) {
  const problems: string[] = [];
  const warnings: string[] = [];
  const policy = compileRetryPolicy(values, {
    problem: (message) => problems.push(message),
    warn: (message) => warnings.push(message),
  });
  return { policy, problems, warnings };
}

describe('compileRetryPolicy', () => {
  it('reads both spellings, strings and numbers, in seconds', () => {
    expect(compile({ retries: '2', retry_deplay: '1.5' }).policy).toEqual({ retries: 2, delayMs: 1500 });
    expect(compile({ retries: 3, retry_delay: 0 }).policy).toEqual({ retries: 3, delayMs: 0 });
    expect(compile({}).policy).toEqual({ retries: 0, delayMs: 0 });
    expect(compile({ retries: '', retry_delay: '' }).problems).toEqual([]);
  });

  it('refuses what cannot be meant and warns about milliseconds', () => {
    expect(compile({ retries: '1.5' }).problems[0]).toContain('whole number');
    expect(compile({ retries: 11 }).problems[0]).toContain('from 0 to 10');
    expect(compile({ retry_delay: 'soon' }).problems[0]).toContain('number of seconds');
    const milliseconds = compile({ retries: 1, retry_delay: '2500' });
    expect(milliseconds.policy.delayMs).toBe(2500);
    expect(milliseconds.warnings[0]).toContain('read as milliseconds');
    expect(compile({ retry_delay: 90_000 }).problems[0]).toContain('at most 60 seconds');
  });
});

describe('runWithRetries', () => {
  const controller = new AbortController();

  it('retries retryable failures only, up to the policy', async () => {
    let calls = 0;
    const retried: number[] = [];
    const value = await runWithRetries(
      { retries: 3, delayMs: 1 },
      controller.signal,
      async () => {
        calls++;
        if (calls < 3) throw new EngineError('FLAKY', 'not yet', { retryable: true });
        return 'done';
      },
      (_error, attempt) => retried.push(attempt),
    );
    expect(value).toBe('done');
    expect(retried).toEqual([1, 2]);

    let permanent = 0;
    const failing = runWithRetries({ retries: 3, delayMs: 1 }, controller.signal, async () => {
      permanent++;
      throw new EngineError('BAD', 'never', { retryable: false });
    });
    await expect(failing).rejects.toThrow('never');
    expect(permanent).toBe(1);
  });

  it('throws the last error when attempts run out, and stops waiting on abort', async () => {
    let calls = 0;
    await expect(
      runWithRetries({ retries: 2, delayMs: 0 }, controller.signal, async () => {
        calls++;
        throw new EngineError('FLAKY', `attempt ${calls}`, { retryable: true });
      }),
    ).rejects.toThrow('attempt 3');

    const abort = new AbortController();
    const started = performance.now();
    const waiting = runWithRetries({ retries: 1, delayMs: 60_000 }, abort.signal, async () => {
      throw new EngineError('FLAKY', 'later', { retryable: true });
    });
    setTimeout(() => abort.abort(new Error('run cancelled')), 20);
    await expect(waiting).rejects.toThrow('run cancelled');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
