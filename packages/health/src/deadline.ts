/** Time limits: every wait of a check is bounded by a deadline and can be interrupted. */

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}

export class InterruptedError extends Error {
  constructor() {
    super("interrupted");
    this.name = "InterruptedError";
  }
}

export class Deadline {
  readonly at: number;
  constructor(
    readonly ms: number,
    /** Aborted on Ctrl-C: every wait ends at once. */
    readonly interrupt?: AbortSignal,
  ) {
    this.at = Date.now() + ms;
  }

  remaining(): number {
    return Math.max(0, this.at - Date.now());
  }

  /** Throws when the deadline passed or the check was interrupted. */
  check(what: string): void {
    if (this.interrupt?.aborted) throw new InterruptedError();
    if (this.remaining() <= 0) throw new TimeoutError(`${what}: no answer within ${seconds(this.ms)}`);
  }

  /** A signal that aborts at the deadline or on interrupt. */
  signal(): AbortSignal {
    const signals = [AbortSignal.timeout(Math.max(1, this.remaining()))];
    if (this.interrupt) signals.push(this.interrupt);
    return AbortSignal.any(signals);
  }

  /** Sleeps `ms`, cut short by the deadline (then throws TimeoutError) or an interrupt. */
  async sleep(ms: number, what: string): Promise<void> {
    const wait = Math.min(ms, this.remaining());
    if (wait > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, wait);
        const onAbort = () => done();
        this.interrupt?.addEventListener("abort", onAbort, { once: true });
        const interrupt = this.interrupt;
        function done() {
          clearTimeout(t);
          interrupt?.removeEventListener("abort", onAbort);
          resolve();
        }
      });
    }
    this.check(what);
  }

  /** Turns an abort of `signal()` into the error that says why. */
  reason(err: unknown, what: string): Error {
    if (this.interrupt?.aborted) return new InterruptedError();
    if (this.remaining() <= 0 || (err instanceof Error && err.name === "TimeoutError"))
      return new TimeoutError(`${what}: no answer within ${seconds(this.ms)}`);
    return err instanceof Error ? err : new Error(String(err));
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}
