import type { RespondFn, webApi } from '@slack/bolt';
import type { App } from '../../src/app-types.ts';
import type { Lang, OutMessage } from '../../src/chat/model.ts';
import { renderMessage, type PayloadStore, type RenderedMessage } from './render.ts';
import type { SlackUsers } from './users.ts';

type WebClient = webApi.WebClient;

/** What the Slack adapter shares between its listeners. */
export interface SlackContext {
  app: App;
  users: SlackUsers;
  /** how long a slash command may wait for the answer before acknowledging with "one moment" */
  commandBudgetMs: number;
}

export function payloadStore(ctx: SlackContext): PayloadStore {
  return { put: (p) => ctx.users.repo.putPayload(p, ctx.app.clock.now()) };
}

export function render(ctx: SlackContext, m: OutMessage, lang: Lang): RenderedMessage {
  return renderMessage(m, { lang, store: payloadStore(ctx) });
}

/** Where the replies of a turn go. */
export interface ReplyTarget {
  client: WebClient;
  userId: string;
  /** the conversation; absent (App Home): the app's DM with the user */
  channel?: string;
  threadTs?: string;
  isDirect: boolean;
  /** the message carrying the clicked button, for replaceOriginal */
  original?: { channel: string; ts: string; ephemeral: boolean };
  /** the response_url of a click or a command (the only way to replace an ephemeral message) */
  respond?: RespondFn;
}

/**
 * Posts the core's replies: in the conversation (in the thread for mentions), replacing the
 * clicked message when asked, ephemeral where the core asks for it and Slack can. Each failure
 * is logged and the next reply still goes (one error funnel, never thrown back to Bolt).
 */
export async function postReplies(ctx: SlackContext, target: ReplyTarget, replies: OutMessage[], lang: Lang): Promise<void> {
  const { client } = target;
  const channel = target.channel ?? target.userId;
  for (const m of replies) {
    try {
      const r = render(ctx, m, lang);
      if (m.replaceOriginal && target.original && !target.original.ephemeral) {
        await client.chat.update({ channel: target.original.channel, ts: target.original.ts, text: r.text, blocks: r.blocks as never });
      } else if (m.replaceOriginal && target.respond) {
        await target.respond({ replace_original: true, text: r.text, blocks: r.blocks as never });
      } else if (m.ephemeral && !target.isDirect && target.respond) {
        await target.respond({ response_type: 'ephemeral', replace_original: false, text: r.text, blocks: r.blocks as never });
      } else if (m.ephemeral && !target.isDirect && target.channel) {
        await client.chat.postEphemeral({ channel, user: target.userId, text: r.text, blocks: r.blocks as never, thread_ts: target.threadTs });
      } else {
        await client.chat.postMessage({ channel, thread_ts: target.threadTs, text: r.text, blocks: r.blocks as never, unfurl_links: false, unfurl_media: false });
      }
    } catch (e) {
      ctx.app.log.error({ err: e, channel }, 'slack: reply failed');
    }
  }
}
