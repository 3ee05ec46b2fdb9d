/**
 * Spaces calls to stay inside Slack's rate limits: chat.postMessage about one per second per
 * channel, Tier 3 methods (conversations.open, users.lookupByEmail) about 50 per minute.
 * Rate limits are about elapsed real time, so the pacer reads a monotonic clock and really
 * waits (the app clock may be pinned in tests); both are injectable.
 */
export class Pacer {
  private readonly nextAt = new Map<string, number>();
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Waits until at least `intervalMs` have passed since the last call with this key. */
  async spaced(key: string, intervalMs: number): Promise<void> {
    if (intervalMs <= 0) return;
    const t = this.now();
    const at = Math.max(t, this.nextAt.get(key) ?? 0);
    this.nextAt.set(key, at + intervalMs);
    if (this.nextAt.size > 10_000) this.prune(t);
    if (at > t) await this.sleep(at - t);
  }

  /** Waits until fewer than `max` calls with this key fall in the last `windowMs`. */
  async windowed(key: string, max: number, windowMs: number): Promise<void> {
    if (max <= 0 || windowMs <= 0) return;
    const t = this.now();
    const slots = (this.windows.get(key) ?? []).filter((s) => s > t - windowMs);
    const at = slots.length < max ? t : slots[slots.length - max]! + windowMs;
    slots.push(at);
    this.windows.set(key, slots);
    if (at > t) await this.sleep(at - t);
  }

  private prune(t: number): void {
    for (const [k, v] of this.nextAt) if (v < t) this.nextAt.delete(k);
  }
}
