import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

/** One recorded request to the fake: a Web API method or a response_url post. */
export interface FakeCall {
  method: string;
  args: Record<string, any>;
  status: number;
  ok: boolean;
}

export interface FakeUser {
  id: string;
  email: string;
  locale?: string;
  name?: string;
  /** IANA time zone (users.info `tz`) */
  tz?: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: any[];
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** posted by a person (`postAs`), not the bot */
  user?: string;
}

/** A scripted failure: HTTP status (429 with Retry-After, 500) or an `ok:false` error code. */
export type Failure =
  /** Retry-After in seconds, or as the header's text (an HTTP date) */
  | { status: 429; retryAfter: number | string }
  | { status: 500 | 502 | 503 }
  | { error: string }
  /** the call takes effect, then the answer is lost (a 500 after the post): the duplicate trap */
  | { deliverThen: 500 };

const JSON_ARGS = new Set(['blocks', 'attachments', 'metadata', 'view']);

/**
 * A tiny Slack on loopback: answers the Web API methods the bot uses, records every call,
 * and can be scripted to fail (429 + Retry-After, 500, ok:false) or to be slow. Point
 * SLACK_API_URL at `apiUrl`; response_url values from `responseUrl()` land here too.
 */
export class FakeSlack {
  calls: FakeCall[] = [];
  messages: PostedMessage[] = [];
  responses: Array<{ id: string; body: any }> = [];
  views: Array<{ method: string; view: any; user_id?: string; trigger_id?: string }> = [];
  users = new Map<string, FakeUser>();
  bot = { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' };
  private failures = new Map<string, Failure[]>();
  private delays = new Map<string, number>();
  private held = new Set<string>();
  private releases: Array<() => void> = [];
  /** Web API calls that arrived and wait for `release()` (a method held with `hold`) */
  waiting: string[] = [];
  /** Web API calls whose connection the app closed before the fake answered (the app gave them up) */
  abandoned: string[] = [];
  private server: Server | null = null;
  private wss: WebSocket.Server | null = null;
  /** Socket Mode: the envelope ids the app acknowledged */
  socketAcks: string[] = [];
  private envelopeCounter = 0;
  /** the last message ts handed out, in microseconds (ts are unique and increasing, as Slack's) */
  private lastTsUs = 0;
  /**
   * Slack's clock (ms): a posted message's ts is the time it was posted. A test on a pinned app
   * clock sets it to that clock, so what the app computes from its time matches the history.
   */
  clock: () => number = () => Date.now();
  base = '';

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.base}/respond/${id}`;
  }

  addUser(u: FakeUser): this {
    this.users.set(u.id, u);
    return this;
  }

  /** The next `times` calls of `method` fail this way (in order with other scripted failures). */
  fail(method: string, failure: Failure, times = 1): this {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
    return this;
  }

  /** Drops the failures still scripted for `method`: it works again. */
  recover(method: string): this {
    this.failures.delete(method);
    return this;
  }

  /** Calls of `method` get no answer until `release()`, or until the app gives them up (a Slack that hangs). */
  hold(method: string): this {
    this.held.add(method);
    return this;
  }

  /** The next calls of `method` are answered again; the calls held so far stay held (until `release()`). */
  unhold(method: string): this {
    this.held.delete(method);
    return this;
  }

  /** Answers the calls held so far, and the next calls of every method at once. */
  release(): this {
    this.held.clear();
    for (const r of this.releases.splice(0)) r();
    return this;
  }

  /**
   * The Socket Mode connections go silent, as when the network between the app and Slack drops:
   * the fake reads what the app sends and never answers it (no pong, no answer to a close), until
   * the app ends the connection.
   */
  deafenSockets(): this {
    for (const ws of this.sockets) {
      const raw = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      raw.removeAllListeners('data');
      raw.on('data', () => {});
    }
    return this;
  }

  delay(method: string, ms: number): this {
    this.delays.set(method, ms);
    return this;
  }

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Calls other than the bot's own auth.test. */
  workCalls(): FakeCall[] {
    return this.calls.filter((c) => c.method !== 'auth.test');
  }

  /** Socket Mode connections currently open (apps.connections.open hands out the URL). */
  get sockets(): WebSocket[] {
    return this.wss ? [...this.wss.clients].filter((c) => c.readyState === WebSocket.OPEN) : [];
  }

  /** Sends an Events API payload over the Socket Mode connection, as Slack does; returns its envelope id. */
  socketEvent(payload: unknown, type: 'events_api' | 'interactive' | 'slash_commands' = 'events_api'): string {
    const ws = this.sockets[0];
    if (!ws) throw new Error('fake slack: no Socket Mode connection');
    const id = `env-${++this.envelopeCounter}`;
    ws.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    return id;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocket.Server({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        try {
          const m = JSON.parse(String(data)) as { envelope_id?: string };
          if (m.envelope_id) this.socketAcks.push(m.envelope_id);
        } catch {
          /* not ours */
        }
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0001' } }));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.release();
    for (const c of this.wss?.clients ?? []) c.terminate();
    this.wss?.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** Waits until `pred` holds (polling), or fails after `ms`. */
  async until(pred: () => boolean, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error('fake slack: condition not reached in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private nextTs(): string {
    this.lastTsUs = Math.max(this.lastTsUs + 1, Math.floor(this.clock()) * 1000);
    return `${Math.floor(this.lastTsUs / 1e6)}.${String(this.lastTsUs % 1e6).padStart(6, '0')}`;
  }

  /** A message someone else posts to a channel (not the bot: no metadata), at the fake's clock. */
  postAs(user: string, channel: string, text: string): PostedMessage {
    const m: PostedMessage = { channel, ts: this.nextTs(), text, user };
    this.messages.push(m);
    return m;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (path.startsWith('/respond/')) {
      const body = raw ? JSON.parse(raw) : {};
      const method = 'response_url';
      const failure = this.failures.get(method)?.shift();
      if (failure && 'status' in failure) {
        this.calls.push({ method, args: body, status: failure.status, ok: false });
        return send(failure.status, { ok: false });
      }
      this.calls.push({ method, args: body, status: 200, ok: true });
      this.responses.push({ id: path.slice('/respond/'.length), body });
      return send(200, { ok: true });
    }
    const method = path.replace(/^\/api\//, '').split('?')[0]!;
    const args: Record<string, any> = {};
    const ctype = req.headers['content-type'] ?? '';
    if (ctype.includes('application/json')) Object.assign(args, raw ? JSON.parse(raw) : {});
    else {
      for (const [k, v] of new URLSearchParams(raw)) {
        args[k] = JSON_ARGS.has(k) ? safeJson(v) : v;
      }
    }
    if (this.held.has(method)) {
      this.waiting.push(method);
      const gone = new Promise<void>((r) => res.once('close', r));
      await Promise.race([new Promise<void>((r) => this.releases.push(r)), gone]);
      this.waiting.splice(this.waiting.indexOf(method), 1);
      if (res.destroyed || req.socket.destroyed) {
        this.abandoned.push(method);
        return;
      }
    }
    const delay = this.delays.get(method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const failure = this.failures.get(method)?.shift();
    if (failure && !('deliverThen' in failure)) {
      if ('status' in failure) {
        this.calls.push({ method, args, status: failure.status, ok: false });
        return send(failure.status, failure.status === 429 ? { ok: false, error: 'ratelimited' } : { ok: false }, failure.status === 429 ? { 'retry-after': String(failure.retryAfter) } : {});
      }
      this.calls.push({ method, args, status: 200, ok: false });
      return send(200, { ok: false, error: failure.error });
    }
    const answer = this.answer(method, args);
    if (failure && 'deliverThen' in failure) {
      this.calls.push({ method, args, status: 500, ok: false });
      return send(500, { ok: false });
    }
    this.calls.push({ method, args, status: 200, ok: answer.ok === true });
    send(200, answer);
  }

  /** A posted message as conversations.history / conversations.replies list it. */
  private listed(m: PostedMessage, a: Record<string, any>): Record<string, unknown> {
    return {
      type: 'message', ts: m.ts, text: m.text, ...(m.user ? { user: m.user } : { bot_id: this.bot.bot_id }),
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(a.include_all_metadata && m.metadata ? { metadata: m.metadata } : {}),
    };
  }

  /**
   * conversations.history as Slack documents it: the channel's top-level messages only (thread
   * replies left out), newest first, between `oldest` and `latest` (both excluded unless
   * `inclusive`), at most `limit` (default 100, at most 999) a page. With `oldest` but no `latest`
   * a page holds the messages closest to `oldest` and the cursor pages forward (newer); otherwise
   * the ones closest to `latest` (now), and the cursor pages backward. `has_more` and
   * `response_metadata.next_cursor` (opaque) tell that a next page exists.
   */
  private history(a: Record<string, any>): Record<string, any> {
    const inclusive = a.inclusive === true || a.inclusive === 'true' || a.inclusive === '1';
    const after = (ts: string, bound: string) => (inclusive ? tsCmp(ts, bound) >= 0 : tsCmp(ts, bound) > 0);
    const before = (ts: string, bound: string) => (inclusive ? tsCmp(ts, bound) <= 0 : tsCmp(ts, bound) < 0);
    const limit = Math.min(999, Math.max(1, Number(a.limit ?? 100) || 100));
    const forward = a.oldest !== undefined && a.latest === undefined;
    const cursor = a.cursor ? /^(older|newer):(.+)$/.exec(Buffer.from(String(a.cursor), 'base64').toString('utf8')) : null;
    if (a.cursor && !cursor) return { ok: false, error: 'invalid_cursor' };
    // oldest first
    let list = this.messages
      .filter((m) => m.channel === a.channel && (!m.thread_ts || m.thread_ts === m.ts))
      .filter((m) => (a.oldest === undefined || after(m.ts, String(a.oldest))) && (a.latest === undefined || before(m.ts, String(a.latest))))
      .sort((x, y) => tsCmp(x.ts, y.ts));
    if (cursor) list = list.filter((m) => (cursor[1] === 'older' ? tsCmp(m.ts, cursor[2]!) < 0 : tsCmp(m.ts, cursor[2]!) > 0));
    const page = forward ? list.slice(0, limit) : list.slice(-limit);
    const more = list.length > page.length;
    const edge = forward ? page[page.length - 1] : page[0];
    const next = more && edge ? Buffer.from(`${forward ? 'newer' : 'older'}:${edge.ts}`).toString('base64') : undefined;
    return {
      ok: true,
      messages: [...page].reverse().map((m) => this.listed(m, a)),
      has_more: more,
      ...(next ? { response_metadata: { next_cursor: next } } : {}),
    };
  }

  private answer(method: string, a: Record<string, any>): Record<string, any> {
    switch (method) {
      case 'apps.connections.open':
        return { ok: true, url: `${this.base.replace(/^http/, 'ws')}/socket` };
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'itbot', ...this.bot };
      case 'users.info': {
        const u = this.users.get(a.user);
        if (!u) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id: u.id, name: u.name ?? u.id, tz: u.tz, locale: a.include_locale ? (u.locale ?? 'en-US') : undefined, profile: { email: u.email, real_name: u.name } } };
      }
      case 'users.lookupByEmail': {
        const u = [...this.users.values()].find((x) => x.email.toLowerCase() === String(a.email).toLowerCase());
        return u ? { ok: true, user: { id: u.id, name: u.name ?? u.id, profile: { email: u.email } } } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: dmOf(String(a.users)) } };
      case 'chat.postMessage': {
        // as Slack: a user id as the channel posts into the app's DM with that person
        const channel = dmOf(a.channel);
        const m: PostedMessage = { channel, ts: this.nextTs(), text: a.text, blocks: a.blocks, thread_ts: a.thread_ts, metadata: a.metadata };
        this.messages.push(m);
        return { ok: true, channel, ts: m.ts, message: { text: a.text } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: a.channel, ts: a.ts, text: a.text };
      case 'views.open':
      case 'views.publish':
        this.views.push({ method, view: a.view, user_id: a.user_id, trigger_id: a.trigger_id });
        return { ok: true, view: { id: `V${this.views.length}`, ...a.view } };
      case 'conversations.history':
        // (a user id is no conversation: only chat.postMessage takes one)
        return isUserId(a.channel) ? { ok: false, error: 'channel_not_found' } : this.history(a);
      case 'conversations.replies': {
        if (isUserId(a.channel)) return { ok: false, error: 'channel_not_found' };
        // as Slack: the thread's parent first, then its replies oldest first, in pages (cursor = offset)
        const parent = this.messages.find((m) => m.channel === a.channel && m.ts === a.ts);
        const replies = this.messages.filter((m) => m.channel === a.channel && m.thread_ts === a.ts && m.ts !== a.ts);
        // the parent is usually a person's message (a mention), which the fake never saw posted
        const all = [parent ? this.listed(parent, a) : { type: 'message', ts: a.ts, text: '', user: 'U0SOMEONE' }, ...replies.map((m) => this.listed(m, a))];
        const from = Number(a.cursor ?? 0);
        const limit = Number(a.limit ?? 1000);
        const page = all.slice(from, from + limit);
        const more = from + limit < all.length;
        return { ok: true, messages: page, has_more: more, ...(more ? { response_metadata: { next_cursor: String(from + limit) } } : {}) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** Whether a channel argument is a user id (`U…`, `W…`), not a conversation id. */
const isUserId = (channel: unknown) => /^[UW]/.test(String(channel ?? ''));

/** The app's DM channel with a user (`U0ANNA` → `D0ANNA`); a conversation id as it is. */
const dmOf = (channel: string) => (isUserId(channel) ? `D${channel.slice(1)}` : channel);

/** Orders two Slack timestamps (`seconds.micros`) exactly; a double would round the micros away. */
function tsCmp(a: string, b: string): number {
  const [as = '0', af = ''] = a.split('.');
  const [bs = '0', bf = ''] = b.split('.');
  return Number(as) - Number(bs) || af.padEnd(6, '0').localeCompare(bf.padEnd(6, '0'));
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}
