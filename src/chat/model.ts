/**
 * The neutral message model: what crosses the boundary between the core and the
 * platform adapters. The core never imports a platform SDK; adapters turn platform
 * events into `InboundEvent` and render `OutMessage` (Block Kit, Adaptive Cards, HTML).
 *
 * All strings in blocks are PLAIN TEXT. Renderers escape them for their platform
 * (mrkdwn, HTML, Adaptive Card markdown), so user or catalog text can never inject markup,
 * mentions or @channel.
 */

export type Lang = 'de' | 'en';
export type Platform = 'web' | 'slack' | 'teams' | 'cli' | 'test';

/** Who is talking, as the platform knows them. */
interface PersonRef {
  platform: Platform;
  /** platform user id (Slack U…, Teams aadObjectId or id, web/cli: the e-mail) */
  userId: string;
  email?: string;
  displayName?: string;
}

/** Where the conversation happens; `data` holds opaque platform data (Teams serviceUrl...). */
export interface ConversationRef {
  platform: Platform;
  tenant?: string;
  channelId: string;
  threadId?: string;
  isDirect: boolean;
  /**
   * the answer is shown to the asker alone although the conversation is shared (Slack: a slash
   * command or a click in a channel is answered ephemerally), so it may name their own contact
   */
  privateAnswer?: boolean;
  data?: Record<string, unknown>;
}

/** A button click or a form submission. */
export interface InboundAction {
  /** the action id of the clicked button, e.g. "catalog.show" */
  id: string;
  value?: string;
  /** form inputs by input id (forms only) */
  values?: Record<string, string | string[]>;
  /**
   * the language of the card the button was on, where the platform keeps it with the button
   * (Teams, Slack, the web chat): a click of a person without a directory language is answered in it, as the card was
   */
  lang?: Lang;
}

/**
 * An empty object for the form values a client submitted: with no prototype, so a field named
 * `__proto__` is a field like any other (an unknown question) instead of replacing the object's
 * prototype, and `constructor` or `toString` are no answers nobody gave.
 */
export function formValues(): Record<string, string | string[]> {
  return Object.create(null) as Record<string, string | string[]>;
}

/** One platform event, turned neutral. The one input of the core (`Bot.handle`). */
export interface InboundEvent {
  platform: Platform;
  /** the platform's id for the event: a retry with the same id is processed once */
  eventId?: string;
  person: PersonRef;
  conversation: ConversationRef;
  text?: string;
  action?: InboundAction;
  /** the user's locale as the platform reports it (de-CH, en-US, ...) */
  locale?: string;
  /** the user's IANA time zone as the platform reports it (Slack's users.info `tz`); the directory's comes first */
  timeZone?: string;
  /**
   * Run again by the adapter because the server that had taken it died before finishing it (Slack's
   * inbox): handled even when its id is recorded, since that turn may have begun and died before
   * its answer went out (the adapter checks the conversation before posting the answer again).
   */
  redelivery?: boolean;
}

export interface Button {
  label: string;
  /** action id dispatched to the core on click; ignored when `url` is set */
  action: string;
  value?: string;
  /** a link button */
  url?: string;
  style?: 'primary' | 'danger';
  /** what the button does in words, for screen readers and as a tooltip, where the label is a symbol (👍) */
  description?: string;
}

export interface FormInput {
  id: string;
  label: string;
  kind: 'single' | 'multi' | 'text';
  options?: Array<{ value: string; label: string }>;
  optional?: boolean;
  initial?: string | string[];
  placeholder?: string;
  /** text: the most characters the core accepts; a renderer never offers more (it may offer less where its platform has a lower limit) */
  maxLength?: number;
}

/** A text input's limit as a renderer offers it: its own, else 2,000 characters (the surveys' limit for a text answer). */
export const formTextMax = (i: FormInput): number => i.maxLength ?? 2_000;

export type Badge = { text: string; tone: 'new' | 'warning' | 'info' | 'danger' };

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string; muted?: boolean }
  | { type: 'fields'; fields: Array<{ label: string; value: string }> }
  | { type: 'badges'; badges: Badge[] }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'links'; links: Array<{ label: string; url: string }> }
  | { type: 'image'; url: string; alt: string }
  | { type: 'divider' }
  | { type: 'form'; formId: string; inputs: FormInput[]; submit: Button };

/** A message from the core. `text` is the plain-text fallback and notification text. */
export interface OutMessage {
  text: string;
  blocks?: Block[];
  lang?: Lang;
  /** for action replies: replace the message that carried the clicked button */
  replaceOriginal?: boolean;
  /** only the clicking person sees it (Slack ephemeral), where the platform can */
  ephemeral?: boolean;
  /** the turn failed and this says so: a platform that would replace the clicked card with the answer (Teams' Action.Execute) shows it as a notice and leaves the card usable */
  failed?: boolean;
}

