/**
 * A fixed window counted in memory, for the limit of one connection: a socket lives on one
 * api instance, so its count needs no Redis (RateLimiter), no round trip per event, and
 * goes on while Redis is away.
 */
export class LocalWindow {
  private startedAt: number;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowSeconds: number,
    now = Date.now(),
  ) {
    this.startedAt = now;
  }

  /** Counts one event (a new window starts when the last one is over): whether it is within the limit. */
  take(now = Date.now()): boolean {
    if (now - this.startedAt >= this.windowSeconds * 1000) {
      this.startedAt = now;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= this.limit;
  }

  /** Seconds until the current window ends. */
  retryAfterSeconds(now = Date.now()): number {
    return Math.ceil((this.startedAt + this.windowSeconds * 1000 - now) / 1000);
  }
}
