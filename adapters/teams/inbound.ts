import type { Activity } from 'botbuilder';
import { formValues, type ConversationRef, type InboundAction, type InboundEvent } from '../../src/chat/model.ts';
import { DATA_KEY, INPUT_PREFIX, type SubmitData } from './render.ts';

/** The Teams user id we key people by: the Entra ID object id, else the Teams user id. */
export function userKey(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? '';
}

interface ChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  eventType?: string;
}

export function channelData(activity: Partial<Activity>): ChannelData {
  return (activity.channelData ?? {}) as ChannelData;
}

function tenantOf(activity: Partial<Activity>): string | undefined {
  return channelData(activity).tenant?.id ?? activity.conversation?.tenantId;
}

function conversationOf(activity: Partial<Activity>): ConversationRef {
  const conv = activity.conversation;
  const id = conv?.id ?? '';
  const cd = channelData(activity);
  // a channel message's conversation id is "<channel>;messageid=<root>": the root is the thread
  const [channel, thread] = id.split(';messageid=');
  return {
    platform: 'teams',
    tenant: tenantOf(activity),
    channelId: cd.channel?.id ?? channel ?? id,
    threadId: thread,
    isDirect: (conv?.conversationType ?? 'personal') === 'personal',
    data: { serviceUrl: activity.serviceUrl, conversationId: id, conversationType: conv?.conversationType ?? 'personal', teamId: cd.team?.id },
  };
}

/**
 * Turns Adaptive Card submit data (Action.Submit: activity.value; Action.Execute:
 * value.action.data) into the neutral action: our button's action/value plus the form inputs.
 * Returns null for data that is not ours (another app's card, a hand-made payload).
 */
export function actionFromData(data: unknown): InboundAction | null {
  if (!data || typeof data !== 'object') return null;
  const rec = data as Record<string, unknown>;
  const ours = rec[DATA_KEY] as Partial<SubmitData> | undefined;
  if (!ours || typeof ours !== 'object' || typeof ours.action !== 'string' || ours.action.length > 200) return null;
  const multi = new Set(Array.isArray(ours.multi) ? ours.multi.filter((m) => typeof m === 'string') : []);
  const values = formValues();
  for (const [k, v] of Object.entries(rec)) {
    if (!k.startsWith(INPUT_PREFIX) || typeof v !== 'string') continue;
    const id = k.slice(INPUT_PREFIX.length);
    // multi-select inputs arrive comma-joined; an empty selection arrives as ""
    values[id] = multi.has(k) ? v.split(',').filter(Boolean) : v;
  }
  const action: InboundAction = { id: ours.action };
  if (typeof ours.value === 'string') action.value = ours.value;
  if (ours.lang === 'de' || ours.lang === 'en') action.lang = ours.lang;
  if (Object.keys(values).length) action.values = values;
  return action;
}

/**
 * The text of a message without the bot's @mentions. Teams writes a mention as `<at>name</at>`,
 * a name of several words sometimes as one tag per word (`<at>IT</at> <at>Helpdesk</at>`, one
 * mention entity each), and some clients send the entity without its text: every mention of the
 * bot goes, each wherever it stands, also by its name when the entity has no text. (botbuilder's
 * removeRecipientMention removes the first one only, and none without a text.)
 */
export function withoutBotMentions(activity: Partial<Activity>): string {
  const botId = activity.recipient?.id;
  let text = activity.text ?? '';
  for (const e of activity.entities ?? []) {
    const m = e as { type?: string; text?: unknown; mentioned?: { id?: string; name?: unknown } };
    if (m.type !== 'mention' || !botId || m.mentioned?.id !== botId) continue;
    if (typeof m.text === 'string' && m.text) text = text.split(m.text).join('');
    else if (typeof m.mentioned.name === 'string' && m.mentioned.name) {
      const name = m.mentioned.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      text = text.replace(new RegExp(`<at>\\s*${name}\\s*</at>`, 'gi'), '');
    }
  }
  return text.trim();
}

/** The neutral event for a message or card action (text already stripped of the bot's mention). */
export function inboundEvent(
  activity: Partial<Activity>,
  input: { text?: string; action?: InboundAction; email?: string },
): InboundEvent {
  const event: InboundEvent = {
    platform: 'teams',
    eventId: activity.id ? `${activity.conversation?.id ?? ''}:${activity.id}` : undefined,
    person: { platform: 'teams', userId: userKey(activity), email: input.email, displayName: activity.from?.name },
    conversation: conversationOf(activity),
    locale: activity.locale,
  };
  if (input.action) event.action = input.action;
  else event.text = input.text ?? '';
  return event;
}
