import type { App, Intent, TurnContext } from '../app-types.ts';
import { formValues, type InboundAction, type InboundEvent, type Lang, type OutMessage } from './model.ts';
import type { Person } from '../people/person.ts';
import { detectLanguage, isLang, parseLocale } from '../i18n/index.ts';
import { coreTexts as t } from './texts.ts';
import { unknownInput } from './core-feature.ts';
import { recordInbound } from '../store/inbound-repo.ts';

/** Longest chat message the core reads; longer ones get a clear answer and change nothing. */
export const MAX_TEXT = 4000;

/**
 * Control characters (C0 and C1, DEL) other than tab and line feed. Nobody types them, but a
 * client can send them: an escape sequence kept in a question or a survey comment would act on
 * the terminal of the operator who runs `itbot catalog gaps` or `itbot survey results` (colours,
 * a cleared screen, the clipboard overwritten through OSC 52).
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** What a person sent, as plain text: line ends as \n, no control characters. */
export function plainInput(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** An action with its value and form values as plain text (form values that are no text, or list of texts, dropped). */
function plainAction(a: InboundAction): InboundAction {
  const out: InboundAction = { id: a.id, value: typeof a.value === 'string' ? plainInput(a.value) : undefined };
  if (isLang(a.lang)) out.lang = a.lang;
  if (a.values && typeof a.values === 'object' && !Array.isArray(a.values)) {
    const values = formValues();
    for (const [k, v] of Object.entries(a.values)) {
      if (typeof v === 'string') values[k] = plainInput(v);
      else if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string').map(plainInput);
    }
    out.values = values;
  }
  return out;
}

/** A feature's own entry for an action id a client sent: never one an object has from its prototype (`constructor`, `toString`). */
function own<T>(map: Record<string, T> | undefined, id: string): T | undefined {
  return map && Object.hasOwn(map, id) ? map[id] : undefined;
}

/**
 * The one entry point of the core: every adapter (and every test) turns a platform event
 * into an `InboundEvent` and calls `handle`. Returns the replies for the conversation;
 * messages the bot sends on its own go through the outbox instead.
 */
export class Bot {
  constructor(private readonly app: App) {}

  async handle(raw: InboundEvent): Promise<OutMessage[]> {
    const { app } = this;
    // (whatever the platform: what the features read and store is plain text)
    const event: InboundEvent = {
      ...raw,
      ...(typeof raw.text === 'string' ? { text: plainInput(raw.text) } : {}),
      ...(raw.action ? { action: plainAction(raw.action) } : {}),
    };
    // (a redelivery is run again even when its id is recorded: its first turn may have died unanswered)
    if (event.eventId && !this.firstTime(event) && !event.redelivery) {
      app.log.debug({ platform: event.platform, eventId: event.eventId }, 'duplicate event dropped');
      return [];
    }
    const person = this.resolvePerson(event);
    if (person) this.noteClientLanguage(person, event.locale);
    const rawText = event.text ?? '';
    const lang = this.chooseLanguage(person, rawText, event.locale, event.action?.lang);
    const ctx: TurnContext = { app, event, person, lang, text: rawText.trim() };
    try {
      if (rawText.length > MAX_TEXT) {
        return [{ text: t(lang, 'tooLong', { max: MAX_TEXT }), lang }];
      }
      if (event.action) {
        const handler = app.features.map((f) => own(f.actions, event.action!.id)).find(Boolean);
        if (!handler) return [{ text: t(lang, 'unknownAction'), lang }];
        return await handler(ctx, event.action);
      }
      if (!ctx.text) return [];
      let best: { score: number; run: () => ReturnType<Intent["handle"]> } | null = null;
      for (const f of app.features) {
        for (const intent of f.intents ?? []) {
          const score = intent.match(ctx.text, ctx);
          if (score >= 0.5 && (!best || score > best.score)) best = { score, run: () => intent.handle(ctx) };
        }
      }
      if (best) return await best.run();
      const fallback = app.features.find((f) => f.fallback)?.fallback;
      if (fallback) return await fallback(ctx);
      return unknownInput(ctx);
    } catch (e) {
      app.log.error({ err: e, platform: event.platform }, 'turn failed');
      return [{ text: t(lang, 'internalError'), lang, failed: true }];
    }
  }

  /**
   * Whether the form a person is about to open may still be opened (the platform asks before it
   * opens a dialog, e.g. Slack's "Fill in"): `event.action` is the form's submit action. Null when
   * it may (also when its feature has no check), else the replies that say why not, in the
   * person's language. Records no event: the submission itself is the turn.
   */
  formRefusal(raw: InboundEvent): OutMessage[] | null {
    const { app } = this;
    if (!raw.action) return null;
    const action = plainAction(raw.action);
    const guard = app.features.map((f) => own(f.formGuards, action.id)).find(Boolean);
    if (!guard) return null;
    const event: InboundEvent = { ...raw, action, text: undefined };
    const person = this.resolvePerson(event);
    const lang = this.chooseLanguage(person, '', event.locale, action.lang);
    try {
      return guard({ app, event, person, lang, text: '' }, action);
    } catch (e) {
      // (the submission checks again: a failed look must not keep a person from their form)
      app.log.error({ err: e, platform: event.platform, action: action.id }, 'form check failed');
      return null;
    }
  }

  /** Records the platform event id; false when it was seen before (a retry). */
  private firstTime(event: InboundEvent): boolean {
    return recordInbound(this.app.db, event.platform, event.eventId!, this.app.clock.now());
  }

  /** Finds the directory entry for the person talking (platform id, then e-mail). */
  resolvePerson(event: InboundEvent): Person | null {
    const { people } = this.app;
    const ref = event.person;
    let p: Person | null = null;
    if (ref.platform === 'slack') p = people.bySlackId(ref.userId);
    else if (ref.platform === 'teams') p = people.byTeamsId(ref.userId);
    else if (ref.userId.includes('@')) p = people.byEmail(ref.userId);
    if (!p && ref.email) {
      p = people.byEmail(ref.email);
      if (p && (ref.platform === 'slack' || ref.platform === 'teams')) people.setPlatformId(p.email, ref.platform, ref.userId);
    }
    return p;
  }

  /**
   * The person's setting, else the message's language, else (a click) the language of the card
   * clicked, else the platform locale, else the client language last seen (what the bot's own
   * messages to them use), else ITBOT_LANG.
   */
  chooseLanguage(person: Person | null, text: string, locale?: string, cardLang?: Lang): Lang {
    return person?.language ?? detectLanguage(text) ?? cardLang ?? parseLocale(locale) ?? person?.clientLanguage ?? this.app.config.ITBOT_LANG;
  }

  /**
   * Keeps the language of the person's chat client (the locale of this activity), so that what
   * the bot sends them on its own is in the language their clicks are answered in (written only
   * when it changes).
   */
  private noteClientLanguage(person: Person, locale: string | undefined): void {
    const lang = parseLocale(locale);
    if (!lang || person.clientLanguage === lang) return;
    this.app.people.setClientLanguage(person.email, lang);
    person.clientLanguage = lang;
  }
}
