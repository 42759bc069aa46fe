export interface PollOptions {
  /** The first wait between polls. Default 250 ms. */
  intervalMs?: number;
  /** The longest wait between polls; each wait is 1.5× the previous up to this. Default 5 s. */
  maxIntervalMs?: number;
}

/** Waits between polls: growing by half each time, capped, with ±20 % jitter so pollers spread out. */
export function* pollDelays(options: PollOptions, random: () => number = Math.random): Generator<number> {
  const first = options.intervalMs ?? 250;
  const ceiling = Math.max(first, options.maxIntervalMs ?? 5000);
  for (let delay = first; ; delay = Math.min(ceiling, delay * 1.5)) {
    yield Math.round(delay * (0.8 + 0.4 * random()));
  }
}
