/**
 * Keeps the bot inside Teams' per-conversation limits (per bot and thread: 7 messages a
 * second, 8 in 2 s, 60 in 30 s, 1800 an hour) and a global ceiling across conversations,
 * by waiting before a send. After a 429 the conversation is cooled down for the Retry-After.
 *
 * It measures real elapsed time (a monotonic clock), not `app.clock`: the limits are about
 * how fast requests hit Microsoft's servers, which a pinned test clock does not change.
 */
interface Window {
  ms: number;
  max: number;
}

export const CONVERSATION_WINDOWS: Window[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];
/** all conversations together: stay well below the per-app limits */
const GLOBAL_WINDOWS: Window[] = [{ ms: 1_000, max: 30 }];

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realPacerClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

class Log {
  private times: number[] = [];
  /** ms to wait until one more send fits all windows (0: now) */
  waitFor(now: number, windows: Window[]): number {
    const longest = Math.max(...windows.map((w) => w.ms));
    while (this.times.length && this.times[0]! <= now - longest) this.times.shift();
    let wait = 0;
    for (const w of windows) {
      const inWindow = this.times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max]! + w.ms - now);
    }
    return wait;
  }
  record(t: number) {
    this.times.push(t);
  }
}

export class Pacer {
  private readonly conversations = new Map<string, Log>();
  private readonly global = new Log();
  private readonly cooldown = new Map<string, number>();
  /** sends to one conversation are serialised, so the windows are exact */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    /** replaceable so tests can pace against their fake clock */
    public clock: PacerClock = realPacerClock,
    private readonly windows = CONVERSATION_WINDOWS,
    private readonly globalWindows = GLOBAL_WINDOWS,
  ) {}

  /** ms left of a 429 cooldown for this conversation (0 when none) */
  coolingFor(conversation: string): number {
    const until = this.cooldown.get(conversation);
    if (until === undefined) return 0;
    const left = until - this.clock.now();
    if (left <= 0) this.cooldown.delete(conversation);
    return Math.max(0, left);
  }

  /** The platform said 429: nothing more goes to this conversation for `ms`. */
  coolDown(conversation: string, ms: number): void {
    this.cooldown.set(conversation, Math.max(this.cooldown.get(conversation) ?? 0, this.clock.now() + ms));
  }

  /** Runs `send` when the windows allow it; sends to one conversation run one after another. */
  async run<T>(conversation: string, send: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(conversation) ?? Promise.resolve();
    const turn = prev.catch(() => undefined).then(async () => {
      let log = this.conversations.get(conversation);
      if (!log) this.conversations.set(conversation, (log = new Log()));
      for (;;) {
        const now = this.clock.now();
        const wait = Math.max(log.waitFor(now, this.windows), this.global.waitFor(now, this.globalWindows));
        if (wait <= 0) break;
        await this.clock.sleep(wait);
      }
      const t = this.clock.now();
      log.record(t);
      this.global.record(t);
      return send();
    });
    this.queues.set(conversation, turn);
    try {
      return await turn;
    } finally {
      if (this.queues.get(conversation) === turn) this.queues.delete(conversation);
    }
  }
}
