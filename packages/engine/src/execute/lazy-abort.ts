/**
 * An AbortController made only when someone asks for its signal: most runs finish without any
 * node listening for cancellation, and a controller per run costs measurable time on the hot path.
 */
export class LazyAbort {
  private controller: AbortController | undefined;
  private abortReason: unknown;
  private aborted = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  get reason(): unknown {
    return this.abortReason;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.abortReason;
  }
}
