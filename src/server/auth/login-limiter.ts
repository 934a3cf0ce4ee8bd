/**
 * Slows password guessing: after MAX_FAILURES failed sign-ins for one username, or from one
 * address, within WINDOW_MS, further attempts are refused until the window has passed.
 * In memory: a restart forgets, which is acceptable for a single-process service.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

export class LoginLimiter {
  private failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now, private readonly max = MAX_FAILURES, private readonly windowMs = WINDOW_MS) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list); else this.failures.delete(key);
    return list;
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(username: string, ip: string): number {
    let wait = 0;
    for (const key of [`u:${username.toLowerCase()}`, `ip:${ip}`]) {
      const list = this.recent(key);
      if (list.length >= this.max) wait = Math.max(wait, Math.ceil((list[0]! + this.windowMs - this.now()) / 1000));
    }
    return wait;
  }

  fail(username: string, ip: string) {
    for (const key of [`u:${username.toLowerCase()}`, `ip:${ip}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeed(username: string) {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }
}
