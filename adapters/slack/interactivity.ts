import type { App as BoltApp, BlockAction, RespondFn, ViewSubmitAction, webApi } from '@slack/bolt';
import type { InboundAction, Lang } from '../../src/chat/model.ts';
import { actionLang, decodeActionId, FORM_ACTION, LINK_ACTION, REF_ACTION } from './render.ts';
import { FORM_CALLBACK, formModal, readSubmission, type FormOrigin, type StoredForm } from './modal.ts';
import { oncePerPayload, postReplies, render, wentBefore, type SlackContext } from './replies.ts';
import { redeliveredSince } from './inbox.ts';
import { HELP_ACTION, replyLanguage, runTurn, turnAndReply } from './inbound.ts';
import { publishHome } from './home.ts';
import { slackTexts as t } from './texts.ts';

/**
 * What the core says instead of opening a stored form (a closed survey), as one text; null when
 * the form may be opened. Asks with what the database already knows of the person (directory,
 * cached users.info), never the Web API.
 */
function formRefusal(ctx: SlackContext, userId: string, stored: StoredForm, channel: string | undefined, threadTs: string | undefined, teamId: string | undefined, isDirect: boolean): string | null {
  const cached = ctx.users.repo.user(userId);
  const { submit } = stored.form;
  const replies = ctx.app.bot.formRefusal({
    platform: 'slack',
    person: { platform: 'slack', userId, email: cached?.email ?? undefined },
    conversation: { platform: 'slack', tenant: teamId, channelId: channel ?? userId, threadId: threadTs, isDirect },
    // (the form's language when the directory has none for the person, as for the click's answer)
    action: { id: submit.action, value: submit.value, lang: stored.lang },
    locale: cached?.locale ?? undefined,
  });
  if (!replies?.length) return null;
  return replies.map((m) => m.text).join('\n');
}

/** Every dialog's callback id but the bot's form's. */
const NOT_FORM_CALLBACK = new RegExp(`^(?!${FORM_CALLBACK}$)`);

/** Under these names (`event_writes`, by the click's event id) a form click notes that its form opened, or that its one word went. */
const FORM_OPENED = 'slack.form.opened';
const FORM_NOTICE = 'slack.form.notice';

interface ButtonLike {
  type: string;
  action_id: string;
  value?: string;
  action_ts: string;
}

/** Button clicks (block_actions) and form modals (views.open, view_submission). */
export function registerInteractivity(bolt: BoltApp, ctx: SlackContext): void {
  const { app } = ctx;

  /**
   * A word about a form to the person who clicked: through response_url when there is one, else by
   * DM. Rendered like every answer: the core's refusal may quote a person's own words (a skip's
   * reason), which must show as typed, never as a mention, a link or formatting.
   */
  const tell = async (client: webApi.WebClient, userId: string, text: string, respond?: RespondFn) => {
    const r = render(ctx, { text }, app.config.ITBOT_LANG);
    if (respond) await respond({ response_type: 'ephemeral', replace_original: false, text: r.text, blocks: r.blocks as never });
    else await client.chat.postMessage({ channel: userId, text: r.text, blocks: r.blocks as never });
  };
  /**
   * "This form (or button) is no longer valid", in the language the person's answers are in (after
   * the directory's: that of the message clicked).
   */
  const tellGone = async (client: webApi.WebClient, userId: string, respond?: RespondFn, cardLang?: Lang, what: 'formGone' | 'buttonGone' = 'formGone') =>
    tell(client, userId, t(await replyLanguage(ctx, client, userId, '', cardLang), what), respond);

  bolt.action<BlockAction>(/.*/, async ({ ack, body, action, client, respond, context }) => {
    await ack();
    const a = action as unknown as ButtonLike;
    if (a.type !== 'button') return;
    const kind = decodeActionId(a.action_id);
    if (kind === LINK_ACTION) return; // a link button: Slack opened the URL, nothing to do
    // the language of the message clicked: the answer's when the directory has none for the person
    const cardLang = actionLang(a.action_id);
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const container = body.container as { type?: string; is_ephemeral?: boolean; channel_id?: string; message_ts?: string } | undefined;
    const channel = body.channel?.id ?? container?.channel_id;
    const ts = message?.ts ?? container?.message_ts;
    const ephemeral = Boolean(container?.is_ephemeral);
    const onHome = container?.type === 'view' && (body.view as { type?: string } | undefined)?.type === 'home';

    // Slack does not retry interactivity, but a double click sends two payloads with their own action_ts
    // (the replies' outbox keys come from the same id)
    const eventId = `act:${a.action_ts}:${body.user.id}`;
    // run again after its server died before marking it done
    const again = redeliveredSince(body);

    if (kind === FORM_ACTION) {
      // the click's one word (the form gone, refused, not opened) or its form, once: a run again
      // after the first run opened the form (its trigger_id has expired since) or said its word does neither
      if (wentBefore(ctx, eventId, again, FORM_OPENED) || wentBefore(ctx, eventId, again, FORM_NOTICE)) {
        app.log.info({ eventId }, 'slack: the form click run again was answered by the run before');
        return;
      }
      const notice = (say: () => Promise<unknown>) => oncePerPayload(ctx, eventId, again, FORM_NOTICE, say);
      const stored = a.value ? ctx.users.repo.payload<StoredForm>(a.value) : null;
      if (!stored) {
        await notice(() => tellGone(client, body.user.id, respond, cardLang));
        return;
      }
      // a form that may no longer be opened (its survey has closed): said at once, no dialog.
      // (only what is known without a Web API call: the trigger_id lives three seconds)
      const refusal = formRefusal(ctx, body.user.id, stored, channel, message?.thread_ts, context.teamId, Boolean(channel?.startsWith('D')));
      if (refusal) {
        await notice(() => tell(client, body.user.id, refusal, respond));
        return;
      }
      // (a message only the person sees, an /it answer, may be in a DM between people, where the bot
      // cannot post: its form is answered in the person's DM with the app, as one from a channel)
      const origin: FormOrigin = { f: a.value!, ...(ephemeral ? {} : { c: channel, t: message?.thread_ts, m: ts }), ...(onHome ? { h: 1 as const } : {}) };
      // the trigger_id lives three seconds: open the modal before anything else
      try {
        await oncePerPayload(ctx, eventId, again, FORM_OPENED, () => client.views.open({ trigger_id: body.trigger_id, view: formModal(stored, origin) as never }));
      } catch (e) {
        // (expired_trigger_id when the click reached us late, a 5xx): without a word the click would do nothing
        app.log.warn({ err: e, userId: body.user.id }, 'slack: the form could not be opened');
        // in the language the click would have been answered in: the directory's, else the form's
        const lang = await replyLanguage(ctx, client, body.user.id, '', stored.lang);
        await notice(() => tell(client, body.user.id, t(lang, 'formFailed'), respond));
      }
      return;
    }

    let inbound: InboundAction = { id: kind, value: a.value };
    if (kind === REF_ACTION) {
      const ref = a.value ? ctx.users.repo.payload<{ action: string; value?: string }>(a.value) : null;
      if (!ref) {
        // (its stored value deleted with the cache): without a word the click would do nothing
        await tellGone(client, body.user.id, respond, cardLang, 'buttonGone');
        return;
      }
      inbound = { id: ref.action, value: ref.value };
    }
    if (cardLang) inbound.lang = cardLang;
    const isDirect = Boolean(channel?.startsWith('D'));
    const { replies, lang, postedSince } = await runTurn(ctx, {
      client,
      eventId,
      redelivery: again,
      teamId: context.teamId,
      userId: body.user.id,
      channel,
      threadTs: message?.thread_ts,
      isDirect,
      // (in a channel the answer is the clicker's alone: below)
      privateAnswer: true,
      action: inbound,
    });
    // in a channel the answer is for the clicking person only, and a shared message is never replaced;
    // so is the answer to a click on a message only the person sees (an /it answer), which may be in a
    // DM between people, where the bot cannot post: it goes back through the click's response_url
    const privately = !isDirect || ephemeral;
    const out = privately ? replies.map((m) => ({ ...m, ephemeral: true, replaceOriginal: ephemeral && m.replaceOriginal })) : replies;
    await postReplies(
      ctx,
      {
        client, userId: body.user.id, channel, threadTs: message?.thread_ts, isDirect: !privately, respond, eventId, postedSince,
        original: channel && ts ? { channel, ts, ephemeral } : undefined,
      },
      out,
      lang,
    );
    // a click on the Home (a survey answered there) shows the Home as it is now
    if (onHome) {
      await publishHome(ctx, client, body.user.id, context.teamId);
    }
  });

  // What the bot has no use for is acknowledged at once: Bolt would leave it unanswered and Slack
  // show the person an error after 3 s. A shortcut (global, or on a message) that an app's settings
  // added: the person is told by DM what the bot can do.
  bolt.shortcut(/.*/, async ({ ack, body, client, context }) => {
    await ack();
    await turnAndReply(ctx, { client, eventId: `shortcut:${body.trigger_id}`, teamId: context.teamId, userId: body.user.id, isDirect: true, action: HELP_ACTION });
  });
  // a menu that asks for its options (the bot's menus carry theirs): none
  bolt.options(/.*/, async ({ ack }) => ack({ options: [] }));
  // a dialog closed, or one that is not the bot's form submitted: nothing to do
  bolt.view({ type: 'view_closed' }, async ({ ack }) => ack());
  bolt.view({ callback_id: NOT_FORM_CALLBACK, type: 'view_submission' }, async ({ ack }) => ack());
  // the legacy payloads of old-style message buttons and dialogs: the bot sends neither (Block Kit
  // only), so one comes from a message or dialog of another integration of the app: nothing to do
  bolt.action({ type: 'interactive_message', callback_id: /.*/ }, async ({ ack }) => ack());
  bolt.action({ type: 'dialog_submission', callback_id: /.*/ }, async ({ ack }) => ack());

  bolt.view<ViewSubmitAction>({ callback_id: FORM_CALLBACK, type: 'view_submission' }, async ({ ack, view, body, client, context }) => {
    let origin: FormOrigin;
    try {
      origin = JSON.parse(view.private_metadata) as FormOrigin;
    } catch {
      await ack();
      return;
    }
    const stored = ctx.users.repo.payload<StoredForm>(origin.f);
    if (!stored) {
      await ack();
      await tellGone(client, body.user.id);
      return;
    }
    const { values, errors } = readSubmission(stored, view.state.values as never);
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    // closes the modal; the core's answer goes to the conversation of the form's message
    await ack();
    const { submit } = stored.form;
    // answered in the DM the form came from; a form from a channel is answered by DM
    const dm = origin.c?.startsWith('D') ? origin.c : undefined;
    await turnAndReply(
      ctx,
      {
        client,
        eventId: `view:${view.id}:${view.hash ?? ''}`,
        redelivery: redeliveredSince(body),
        teamId: context.teamId,
        userId: body.user.id,
        channel: dm,
        threadTs: dm ? origin.t : undefined,
        isDirect: true,
        // (answered in the form's language when the directory has none for the person)
        action: { id: submit.action, value: submit.value, values, lang: stored.lang },
      },
      { original: dm && origin.m ? { channel: dm, ts: origin.m, ephemeral: false } : undefined },
    );
    // a form opened on the Home (an open survey answered there): the Home shows what is open now
    if (origin.h) await publishHome(ctx, client, body.user.id, context.teamId);
  });
}
