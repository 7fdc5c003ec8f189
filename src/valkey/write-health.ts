/**
 * Whether Valkey takes the service's writes. Reads and claims can work while every write is
 * refused (out of memory with noeviction, a read-only replica, persistence failing), which a
 * PING does not show; the stream consumer reports each publish it could or could not make, and
 * GET /health answers `degraded` with the cause while writes fail.
 */
export interface WriteFailure {
  /** The server fault: OOM, READONLY, MISCONF, TIMEOUT, CONNECTION, ... */
  cause: string;
  /** The server's reply or the client's error, as it came. */
  message: string;
  /** When the writes began to fail (ms since the epoch). */
  since: number;
}

export class WriteHealth {
  private failure: (WriteFailure & { last: number }) | undefined;

  constructor(
    /** Set to 1 while writes fail, 0 once one succeeds (anomaly_valkey_writes_failing). */
    private readonly gauge: { set(value: number): void },
    /**
     * A failure not seen again for this long is forgotten: whoever wrote has stopped trying
     * (the consumer retries at least every RETRY_BACKOFF_MAX_MS while it holds events).
     */
    private readonly staleMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {
    gauge.set(0);
  }

  failed(cause: string, message: string): void {
    const t = this.now();
    this.failure = { cause, message, since: this.failure?.since ?? t, last: t };
    this.gauge.set(1);
  }

  succeeded(): void {
    if (this.failure === undefined) return;
    this.failure = undefined;
    this.gauge.set(0);
  }

  /** The ongoing failure, undefined while writes succeed (or nobody has tried lately). */
  current(): WriteFailure | undefined {
    if (this.failure !== undefined && this.now() - this.failure.last > this.staleMs) this.succeeded();
    if (this.failure === undefined) return undefined;
    const { cause, message, since } = this.failure;
    return { cause, message, since };
  }
}
