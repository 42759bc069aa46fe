import { sleep } from '../../execute/sleep.ts';
import type { NodeKind } from '../node-kind.ts';

/** Lamatic's Studio accepts 1–90 seconds. */
export const MIN_WAIT_SECONDS = 1;
export const MAX_WAIT_SECONDS = 90;

/**
 * "Wait": pauses its path for `seconds` (1–90, checked at deploy), then continues. The wait ends
 * early, failing the node, when the run is aborted. Output `{success: true}` as in Lamatic.
 */
export const waitNode: NodeKind<{ seconds: number }> = {
  kind: 'waitNode',
  role: 'step',
  compile({ values, problem }) {
    const raw = values.seconds;
    const seconds = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof seconds !== 'number' || !(seconds >= MIN_WAIT_SECONDS && seconds <= MAX_WAIT_SECONDS)) {
      problem(
        `seconds must be a number from ${MIN_WAIT_SECONDS} to ${MAX_WAIT_SECONDS}, not ${JSON.stringify(raw ?? null)}`,
      );
      return { seconds: MIN_WAIT_SECONDS };
    }
    return { seconds };
  },
  async run({ seconds }, { signal }) {
    await sleep(seconds * 1000, signal);
    return { output: { success: true }, input: { seconds } };
  },
};
