import { NetworkError } from '../errors/network-error.ts';
import { TimeoutError } from '../errors/timeout-error.ts';

/**
 * One public call's budget: the caller's AbortSignal and its `timeoutMs`, shared by every attempt,
 * every wait between attempts and every poll. Stopping aborts the request in flight.
 */
export class CallScope {
  private readonly controller = new AbortController();
  private readonly deadline: number;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort = () => this.controller.abort();
  private timedOut = false;
  /** The run this call started or follows, named by a TimeoutError. */
  requestId: string | undefined;

  constructor(
    private readonly userSignal: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    this.deadline = Date.now() + timeoutMs;
    if (Number.isFinite(timeoutMs)) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort();
      }, timeoutMs);
    }
    if (userSignal?.aborted) this.controller.abort();
    else userSignal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  remainingMs(): number {
    return this.deadline - Date.now();
  }

  /** Why the call stopped: the caller's abort reason, or a TimeoutError. Undefined while it runs. */
  stopped(): unknown {
    if (this.userSignal?.aborted) return this.userSignal.reason;
    if (this.timedOut || this.remainingMs() <= 0) {
      const run = this.requestId === undefined ? '' : ` Run ${this.requestId} may still finish: wait for it.`;
      return new TimeoutError(
        `No answer within ${this.timeoutMs} ms (the call's timeoutMs).${run}`,
        this.requestId,
      );
    }
    return undefined;
  }

  /** A failure of fetch or of reading a body, as the SDK reports it. */
  failure(error: unknown, endpoint: string): unknown {
    const stopped = this.stopped();
    if (stopped !== undefined) return stopped;
    const reason = error instanceof Error ? describeCause(error) : String(error);
    return new NetworkError(`Could not reach Flowgate at ${endpoint}: ${reason}.`, error);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const stoppedNow = this.stopped();
      if (stoppedNow !== undefined) return reject(stoppedNow);
      const wake = () => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', wake);
        const stopped = this.stopped();
        if (stopped === undefined) resolve();
        else reject(stopped);
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.signal.addEventListener('abort', wake, { once: true });
    });
  }

  close(): void {
    clearTimeout(this.timer);
    this.userSignal?.removeEventListener('abort', this.onAbort);
  }
}

/** Node's fetch says "fetch failed" and keeps the reason (ECONNREFUSED, socket closed) in `cause`. */
function describeCause(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string'
      ? `${error.message} (${code}: ${cause.message})`
      : `${error.message} (${cause.message})`;
  }
  return error.message;
}
