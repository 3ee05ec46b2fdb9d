import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Framework connector service (the `serviceUrl` of Teams
 * activities), on loopback: records every activity the bot sends, answers member and channel
 * lookups, and can be scripted to fail (429 with Retry-After, 403, 5xx).
 */
export interface RecordedCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: any;
  /** the bot closed the connection before an answer came (a call it gave up on) */
  aborted?: boolean;
}

export interface ScriptedResponse {
  /** never answer (the connection stays open until the bot gives up or the connector stops) */
  hang?: boolean;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeMember {
  id: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
  userPrincipalName?: string;
}

export class FakeConnector {
  calls: RecordedCall[] = [];
  members = new Map<string, FakeMember>();
  channels = new Map<string, Array<{ id: string; name?: string }>>();
  /** return a response to override the default (success) for a call; undefined: default; a promise: answered when it settles */
  script: (call: RecordedCall, n: number) => ScriptedResponse | Promise<ScriptedResponse> | undefined = () => undefined;
  private server: Server | null = null;
  private seq = 0;
  url = '';
  /** notified for each recorded call (tests wait on it) */
  private waiters: Array<() => void> = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).then((r) => {
        if (r.hang) return;
        res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
        res.end(r.body === undefined ? '' : JSON.stringify(r.body));
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  /** activities the bot posted (sends and replies), optionally to one conversation */
  sent(conversationId?: string): any[] {
    return this.calls
      .filter((c) => c.method === 'POST' && c.conversationId !== undefined && c.path.includes('/activities'))
      .filter((c) => conversationId === undefined || c.conversationId === conversationId)
      .map((c) => c.body);
  }

  /** resolves once `pred` holds (checked after each call), or rejects after `ms` */
  async waitFor(pred: () => boolean, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > until) throw new Error('fake connector: timed out waiting');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<ScriptedResponse> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const call: RecordedCall = { method: req.method ?? 'GET', path, body: text ? JSON.parse(text) : undefined };
    if (parts[0] === 'v3' && parts[1] === 'conversations') {
      call.conversationId = parts[2];
      if (parts[3] === 'activities') call.activityId = parts[4];
    }
    const n = this.calls.length;
    this.calls.push(call);
    res.on('close', () => {
      if (!res.writableEnded) call.aborted = true;
      this.notify();
    });
    this.notify();
    const scripted = await this.script(call, n);
    if (scripted) return scripted;
    return this.answer(call, parts);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private answer(call: RecordedCall, parts: string[]): ScriptedResponse {
    const [v3, kind, id, sub, subId] = parts;
    if (v3 !== 'v3') return { status: 404, body: { error: { code: 'NotFound', message: 'no such route' } } };
    if (kind === 'conversations' && !id && call.method === 'POST') return { status: 201, body: { id: `created-${++this.seq}` } };
    if (kind === 'conversations' && sub === 'activities') {
      if (call.method === 'PUT') return { status: 200, body: { id: subId } };
      if (call.method === 'POST') return { status: 201, body: { id: `act-${++this.seq}` } };
    }
    if (kind === 'conversations' && sub === 'members' && subId) {
      const m = this.members.get(subId) ?? [...this.members.values()].find((x) => x.aadObjectId === subId);
      return m ? { status: 200, body: m } : { status: 404, body: { error: { code: 'MemberNotFoundInConversation', message: 'member not found' } } };
    }
    if (kind === 'teams' && sub === 'conversations') return { status: 200, body: { conversations: this.channels.get(id!) ?? [] } };
    return { status: 404, body: { error: { code: 'NotFound', message: 'no such route' } } };
  }
}

let activitySeq = 0;

/** A Teams activity as the connector would post it to the bot, pointing back at `serviceUrl`. */
export function teamsActivity(serviceUrl: string, o: {
  type?: string;
  text?: string;
  value?: unknown;
  name?: string;
  user?: FakeMember;
  conversationId?: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  locale?: string;
  channelData?: Record<string, unknown>;
  entities?: unknown[];
  replyToId?: string;
  membersAdded?: Array<{ id: string }>;
  membersRemoved?: Array<{ id: string }>;
  action?: string;
  id?: string;
}): Record<string, unknown> {
  const user = o.user ?? { id: '29:user-1', aadObjectId: 'aad-user-1', name: 'Test User' };
  return {
    type: o.type ?? 'message',
    id: o.id ?? `in-${++activitySeq}-${Date.now()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation: { id: o.conversationId ?? `a:personal-${user.id}`, conversationType: o.conversationType ?? 'personal', tenantId: 'tenant-1' },
    recipient: { id: '28:bot-id', name: 'IT-Bot' },
    locale: o.locale ?? 'en-US',
    channelData: { tenant: { id: 'tenant-1' }, ...(o.channelData ?? {}) },
    ...(o.text !== undefined ? { text: o.text, textFormat: 'plain' } : {}),
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(o.name ? { name: o.name } : {}),
    ...(o.entities ? { entities: o.entities } : {}),
    ...(o.replyToId ? { replyToId: o.replyToId } : {}),
    ...(o.membersAdded ? { membersAdded: o.membersAdded } : {}),
    ...(o.membersRemoved ? { membersRemoved: o.membersRemoved } : {}),
    ...(o.action ? { action: o.action } : {}),
  };
}

/** Posts an activity to the bot's /api/messages; returns status and parsed body. */
export async function postActivity(baseUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const r = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* plain text */
  }
  return { status: r.status, body };
}
