import { afterEach, describe, expect, it } from 'vitest';
import type { App as BoltApp, ReceiverEvent } from '@slack/bolt';
import { keepInInbox } from '../../adapters/slack/inbox.ts';
import { SlackRepo } from '../../src/store/slack-repo.ts';
import { testApp, type TestApp } from '../doubles/app.ts';

let app: TestApp | null = null;
afterEach(() => {
  app?.cleanup();
  app = null;
});

/** A Bolt whose handling of a payload goes on until the test ends it (a turn still posting its answer). */
function slowBolt() {
  const turns: Array<() => void> = [];
  const bolt = { processEvent: (_e: ReceiverEvent) => new Promise<void>((resolve) => turns.push(resolve)) } as unknown as BoltApp;
  return { bolt, turns };
}

const event = (id: string): ReceiverEvent => ({ body: { type: 'event_callback', event_id: id, event: { type: 'message', text: 'help' } }, ack: async () => {} }) as unknown as ReceiverEvent;
const open = (a: TestApp) => (a.db.prepare('SELECT count(*) AS n FROM slack_inbox WHERE done_at IS NULL').get() as { n: number }).n;

describe('a server stopped while a Slack turn is under way (SIGTERM)', () => {
  it('waits for the turn to finish before the database may close, so its answer goes and the payload is done, not left to be run again', async () => {
    app = testApp();
    const { bolt, turns } = slowBolt();
    const inbox = keepInInbox(app, bolt, new SlackRepo(app.db), async () => ({}), 60_000);
    const running = inbox.start();
    const handling = bolt.processEvent(event('EvStop1'));
    await expect.poll(() => turns.length).toBe(1);
    expect(open(app)).toBe(1);

    let stopped = false;
    const stopping = Promise.resolve(running.stop()).then(() => {
      stopped = true;
    });
    // (every pending callback of the stop has run: it is waiting for the turn, not done)
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);

    turns[0]!();
    await handling;
    await stopping;
    expect(stopped).toBe(true);
    expect(open(app)).toBe(0);
  });
});

describe('a server stopped while a Slack turn never ends', () => {
  it('stops after its wait all the same, and leaves the payload unfinished for the next server', async () => {
    app = testApp();
    const { bolt, turns } = slowBolt();
    const running = keepInInbox(app, bolt, new SlackRepo(app.db), async () => ({}), 60_000, 0).start();
    void bolt.processEvent(event('EvHung1'));
    await expect.poll(() => turns.length).toBe(1);
    await running.stop();
    expect(open(app)).toBe(1);
    turns[0]!();
  });
});
