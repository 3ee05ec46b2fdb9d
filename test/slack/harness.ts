import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature } from '../../src/app-types.ts';
import { features as allFeatures } from '../../src/features.ts';
import { catalogFeature } from '../../src/catalog/feature.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createSlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/index.ts';
import { decodeActionId, FORM_ACTION } from '../../adapters/slack/render.ts';
import { cli } from '../doubles/cli.ts';
import { testApp, type TestApp } from '../doubles/app.ts';
import { startFakeSlack, type FakeSlack } from '../doubles/fake-slack.ts';

export const SECRET = 'test-signing-secret-0123456789abcdef';
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/slack');

export function fixture(name: string): any {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

export function sign(body: string, opts: { secret?: string; ts?: number } = {}): Record<string, string> {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  const sig = 'v0=' + createHmac('sha256', opts.secret ?? SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return { 'x-slack-signature': sig, 'x-slack-request-timestamp': String(ts) };
}

export interface Harness {
  app: TestApp;
  fake: FakeSlack;
  server: RunningServer;
  post(body: string, contentType: string, opts?: { secret?: string; ts?: number; retryNum?: number }): Promise<Response>;
  event(payload: unknown, opts?: { secret?: string; ts?: number; retryNum?: number }): Promise<Response>;
  /** a DM from a user, as message.im */
  dm(text: string, opts?: { user?: string; eventId?: string; retryNum?: number }): Promise<Response>;
  command(text: string, opts?: { user?: string; channel?: string; responseId?: string; command?: string }): Promise<Response>;
  click(actionId: string, value: string | undefined, opts?: { user?: string; channel?: string; ts?: string; ephemeral?: boolean; responseId?: string; actionTs?: string; home?: boolean }): Promise<Response>;
  submit(privateMetadata: string, values: Record<string, any>, opts?: { user?: string; viewId?: string }): Promise<Response>;
  close(): Promise<void>;
}

let eventCounter = 0;

/** A running `itbot serve` (Slack adapter only) whose Web API calls go to a fake Slack. */
export async function slackHarness(
  opts: { features?: Feature[]; adapter?: SlackAdapterOptions; now?: string; env?: Record<string, string>; fake?: (fake: FakeSlack) => void } = {},
): Promise<Harness> {
  const fake = await startFakeSlack();
  // scripted before the server starts (its first auth.test)
  opts.fake?.(fake);
  const app = testApp({
    now: opts.now,
    features: opts.features ? [...allFeatures, ...opts.features] : undefined,
    env: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, ...opts.env },
  });
  // Slack stamps messages with the time they were posted: the app's (pinned) time here
  fake.clock = () => app.clock.now().getTime();
  const adapter = createSlackAdapter({ commandBudgetMs: 1500, sender: { perChannelMs: 10 }, ...opts.adapter });
  const server = await startServer(app, { port: 0, background: false, adapters: [adapter] });
  const post: Harness['post'] = (body, contentType, o = {}) =>
    fetch(`${server.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...sign(body, o), ...(o.retryNum ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}) },
      body,
    });
  const event: Harness['event'] = (payload, o) => post(JSON.stringify(payload), 'application/json', o);
  const interactive = (payload: unknown) => post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  return {
    app,
    fake,
    server,
    post,
    event,
    dm(text, o = {}) {
      const p = fixture('message-im');
      const user = o.user ?? 'U0ANNA';
      p.event_id = o.eventId ?? `EvDM${++eventCounter}`;
      p.event.text = text;
      p.event.user = user;
      p.event.channel = `D${user.replace(/^U/, '')}`;
      p.event.ts = p.event.event_ts = `1767517200.${String(eventCounter).padStart(6, '0')}`;
      return event(p, { retryNum: o.retryNum });
    },
    command(text, o = {}) {
      const p = fixture('slash-command');
      p.text = text;
      if (o.command) p.command = o.command;
      p.user_id = o.user ?? 'U0ANNA';
      p.channel_id = o.channel ?? 'C0GENERAL';
      p.trigger_id = `trigger-${++eventCounter}`;
      p.response_url = fake.responseUrl(o.responseId ?? `cmd${eventCounter}`);
      return post(new URLSearchParams(p).toString(), 'application/x-www-form-urlencoded');
    },
    click(actionId, value, o = {}) {
      const p = fixture('block-actions');
      const user = o.user ?? 'U0ANNA';
      const channel = o.channel ?? `D${user.replace(/^U/, '')}`;
      p.user.id = user;
      p.channel.id = channel;
      p.container.channel_id = channel;
      p.container.is_ephemeral = Boolean(o.ephemeral);
      if (o.ts) p.container.message_ts = p.message.ts = o.ts;
      p.actions[0].action_id = actionId;
      if (value === undefined) delete p.actions[0].value;
      else p.actions[0].value = value;
      p.actions[0].action_ts = o.actionTs ?? `1767517260.${String(++eventCounter).padStart(6, '0')}`;
      p.trigger_id = `trigger-${eventCounter}`;
      p.response_url = fake.responseUrl(o.responseId ?? `act${eventCounter}`);
      if (o.home) {
        // a click on the App Home: a view container, no channel, no message, no response_url
        p.container = { type: 'view', view_id: 'VHOME' };
        p.view = { id: 'VHOME', type: 'home', blocks: [], private_metadata: '', callback_id: '', state: { values: {} }, hash: 'h' };
        delete p.channel;
        delete p.message;
        delete p.response_url;
      }
      return interactive(p);
    },
    submit(privateMetadata, values, o = {}) {
      const p = fixture('view-submission');
      p.user.id = o.user ?? 'U0ANNA';
      p.view.id = o.viewId ?? `VFORM${++eventCounter}`;
      p.view.private_metadata = privateMetadata;
      p.view.state.values = values;
      return interactive(p);
    },
    async close() {
      await server.close();
      await fake.stop();
      app.cleanup();
    },
  };
}

/** Adds a directory entry (and its department's key account) the way a people import would. */
export function addPeople(app: TestApp): void {
  app.people.upsertDepartment({ id: 'Finance', nameDe: 'Finanzen', nameEn: 'Finance', keyAccountEmail: 'karl.keller@example.com', itChannelSlack: null, itChannelTeams: null });
  const base = { manager: false, timezone: 'Europe/Zurich', teamsUserId: null, vip: false };
  app.people.upsert({ ...base, email: 'anna.muster@example.com', name: 'Anna Muster', department: 'Finance', language: null, slackUserId: null });
  app.people.upsert({ ...base, email: 'karl.keller@example.com', name: 'Karl Keller', department: 'IT', language: 'de', slackUserId: null });
  app.people.upsert({ ...base, email: 'ben.beispiel@example.com', name: 'Ben Beispiel', department: 'Finance', language: 'en', slackUserId: 'U0BEN' });
}

/** The buttons of a Slack message (the elements of its actions blocks). */
export const buttons = (blocks: any[] | undefined): any[] => (blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

/** A harness with the directory of addPeople, the demo catalog, and Anna's Slack account in `locale`. */
export async function catalogHarness(locale: string, opts: Parameters<typeof slackHarness>[0] = {}): Promise<Harness> {
  const h = await slackHarness(opts);
  addPeople(h.app);
  await catalogFeature.demo!(h.app);
  h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale });
  return h;
}

/**
 * Anna (Finance) gets the several-question survey of fixtures/slack/survey-form.yaml, sent from the command line,
 * and opens its form: the harness (on the real clock, as the CLI is) and the modal Slack was asked to open.
 */
export async function openSurveyFormModal(opts: { beforeClick?: (h: Harness) => void } = {}): Promise<{ h: Harness; view: any }> {
  const h = await slackHarness({ now: new Date().toISOString() });
  addPeople(h.app);
  h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
  const file = join(FIXTURES, 'survey-form.yaml');
  if ((await cli(['survey', 'create', file, '--db', h.app.file])).code !== 0) throw new Error('survey create failed');
  if ((await cli(['survey', 'send', 'slack-form', '--db', h.app.file])).code !== 0) throw new Error('survey send failed');
  // (the command line queued on the real clock, which went on while it ran, seconds on a busy machine: the server's
  // clock comes to a moment after that, not one second after the harness started)
  h.app.clock.set(new Date(Date.now() + 1000));
  // (a drain the server had under way when the command queued the invitation may end without it: drain until it is out)
  for (let i = 0; i < 20 && !h.fake.messages.length; i++) await h.server.worker.drainOnce();
  const invite = h.fake.messages[0];
  if (!invite) throw new Error('the survey invitation was not posted');
  const open = buttons(invite.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
  opts.beforeClick?.(h);
  await h.click(open.action_id, open.value, { ts: invite.ts, channel: invite.channel });
  await h.fake.until(() => h.fake.views.length === 1);
  return { h, view: h.fake.views[0]!.view };
}
