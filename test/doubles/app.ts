import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, Feature } from '../../src/app-types.ts';
import { createApp, addSender } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { FakeClock } from '../../src/clock.ts';
import { openDb } from '../../src/store/db.ts';
import type { InboundEvent, OutMessage } from '../../src/chat/model.ts';
import type { Person } from '../../src/people/person.ts';
import type { OutboxItemView, Sender, SendOutcome, SendTarget } from '../../src/jobs/sender.ts';

export interface TestApp extends App {
  clock: FakeClock;
  dir: string;
  file: string;
  cleanup(): void;
}

/** The wall clock, for tests that run a real server with real timers (browser tests). */
class WallClock extends FakeClock {
  constructor() {
    super(new Date());
  }
  override now(): Date {
    return new Date();
  }
  override set(): void {
    throw new Error('a test app on the wall clock cannot set the time');
  }
  override advance(): void {
    throw new Error('a test app on the wall clock cannot advance the time');
  }
}

/** A fresh app on a temporary database file with a pinned clock (or the wall clock: `now: 'wall'`). */
export function testApp(opts: { now?: string; env?: Record<string, string>; features?: Feature[] } = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'itbot-test-'));
  const file = join(dir, 'test.db');
  const clock = opts.now === 'wall' ? new WallClock() : new FakeClock(opts.now ?? '2027-01-04T09:00:00Z');
  const config = loadConfig({ ITBOT_LANG: 'en', ITBOT_WORKING_HOURS: 'Mo-Su 00:00-24:00', ...opts.env });
  const app = createApp({ config, db: openDb(file), clock, features: opts.features }) as TestApp;
  app.dir = dir;
  app.file = file;
  app.cleanup = () => {
    try {
      app.db.close();
    } catch {
      /* already closed */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return app;
}

/** Writes a file into the test app's own folder (removed with it) and returns its path. */
export function testFile(app: TestApp, name: string, text: string): string {
  const file = join(app.dir, name);
  writeFileSync(file, text);
  return file;
}

/** An inbound text event from a person of the directory (or a guest). */
export function say(text: string, as = 'guest', extra: Partial<InboundEvent> = {}): InboundEvent {
  return {
    platform: 'test',
    person: { platform: 'test', userId: as, email: as.includes('@') ? as : undefined },
    conversation: { platform: 'test', channelId: `dm:${as}`, isDirect: true },
    text,
    ...extra,
  };
}

/** The `extra` of `say` or `click` for a message in a channel (#general) rather than a direct chat. */
export const inChannel = { conversation: { platform: 'test' as const, channelId: 'C0GENERAL', isDirect: false } };

/** A button click or form submission. */
export function click(id: string, value: string | undefined, as = 'guest', extra: Partial<InboundEvent> = {}): InboundEvent {
  return {
    platform: 'test',
    person: { platform: 'test', userId: as, email: as.includes('@') ? as : undefined },
    conversation: { platform: 'test', channelId: `dm:${as}`, isDirect: true },
    action: { id, value },
    ...extra,
  };
}

/** A sender that records what it sends; `script` decides outcomes (default: sent). */
export class FakeSender implements Sender {
  sent: Array<{ target: SendTarget; message: OutMessage; item: OutboxItemView }> = [];
  calls = 0;
  constructor(
    readonly platform: 'slack' | 'teams' | 'test' = 'test',
    public script: (n: number, item: OutboxItemView) => SendOutcome | Promise<SendOutcome> = () => ({ status: 'sent' }),
  ) {}
  reaches(_p: Person): boolean {
    return true;
  }
  async send(target: SendTarget, message: OutMessage, item: OutboxItemView): Promise<SendOutcome> {
    const outcome = await this.script(this.calls++, item);
    if (outcome.status === 'sent') this.sent.push({ target, message, item });
    return outcome;
  }
  to(email: string) {
    return this.sent.filter((s) => s.target.kind === 'person' && s.target.person.email === email);
  }
}

export function withFakeSender(app: App, sender = new FakeSender()): FakeSender {
  addSender(app, sender);
  return sender;
}

/** Texts of all blocks of a reply, joined: handy for assertions. */
export function flat(messages: OutMessage[]): string {
  return messages
    .map((m) =>
      [
        m.text,
        ...(m.blocks ?? []).map((b) => {
          switch (b.type) {
            case 'header':
            case 'text':
              return b.text;
            case 'fields':
              return b.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
            case 'badges':
              return b.badges.map((x) => x.text).join(' ');
            case 'actions':
              return b.buttons.map((x) => `[${x.label}]`).join(' ');
            case 'links':
              return b.links.map((l) => `${l.label} <${l.url}>`).join(' ');
            case 'form':
              return b.inputs.map((i) => i.label).join('\n');
            default:
              return '';
          }
        }),
      ].join('\n'),
    )
    .join('\n---\n');
}
