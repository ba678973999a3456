/**
 * Serialised restarts and the crash budget. Pure: no VS Code import.
 *
 * `SerialQueue` is ruff-vscode's promise-serialised restart (architecture.md §11): a request
 * while a run is in progress schedules exactly one more run after it, and every request made
 * meanwhile shares that run. `CrashBudget` decides whether a crashed server is restarted.
 */

export class SerialQueue {
  private current: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  /**
   * @param task the work to serialise (a restart); it is never run twice at once.
   * @param onError receives what `task` throws (the queue itself never rejects).
   */
  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Run the task now, or once more after the running one; resolves when that run ends. */
  request(): Promise<void> {
    if (this.queued) {
      return this.queued;
    }
    if (!this.current) {
      return this.start();
    }
    this.queued = this.current.then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  /** Whether a run is in progress. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  private start(): Promise<void> {
    const run: Promise<void> = (async () => {
      try {
        await this.task();
      } catch (error) {
        this.onError(error);
      }
    })().finally(() => {
      if (this.current === run) {
        this.current = undefined;
      }
    });
    this.current = run;
    return run;
  }
}

/** Allows `limit` restarts within `windowMs`; one more crash in that window stops restarting. */
export class CrashBudget {
  private crashes: number[] = [];

  constructor(
    private readonly limit = 4,
    private readonly windowMs = 3 * 60 * 1000,
  ) {}

  /** Record a crash at `now` (ms); returns whether the server should be restarted. */
  crashed(now: number): boolean {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.limit;
  }

  /** Forget earlier crashes (after a deliberate restart). */
  reset(): void {
    this.crashes = [];
  }
}
