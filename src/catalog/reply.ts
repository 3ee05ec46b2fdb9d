import type { App, TurnContext } from '../app-types.ts';
import type { Person } from '../people/person.ts';
import type { Block, Lang, OutMessage } from '../chat/model.ts';
import { escalateVipQuestion, fallbackContacts } from '../chat/core-feature.ts';
import { MAX_TEXT } from '../chat/bot.ts';
import { coreTexts } from '../chat/texts.ts';
import { pick } from '../i18n/index.ts';
import { CatalogRepo } from '../store/catalog-repo.ts';
import { answerQuestion, closestOffers, type CatalogAnswer } from './answer.ts';
import { answerCard, cardContext, goneNote, serviceCard } from './cards.ts';
import { logGap } from './gaps.ts';
import { oncePerEvent } from '../chat/event-writes.ts';
import { catalogSearch } from './search.ts';
import { catalogTexts as t } from './texts.ts';
import { clipPlain } from '../chat/clip.ts';

/** The closest entries (never retired) as buttons, for the "not sure" reply. */
function closestButtons(ctx: TurnContext, a: CatalogAnswer): Block[] {
  const engine = catalogSearch(ctx.app.db);
  const buttons = closestOffers(a)
    .map((r) => {
      const label = r.kind === 'service' ? pick(engine.service(r.id)?.name, ctx.lang) : pick(engine.answer(r.id)?.question, ctx.lang);
      return { label: clipPlain(label, 70), action: 'catalog.show', value: `${r.kind}:${r.id}` };
    })
    .filter((b) => b.label);
  return buttons.length ? [{ type: 'actions', buttons }] : [];
}

/**
 * The honest fallback: says the bot is not sure, offers the closest entries as buttons,
 * names the asker's IT contact and the helpdesk (in chat, `log`, a VIP's question is forwarded;
 * the chat turn logs the question as a gap: `catalogReply`).
 */
function fallbackReply(ctx: TurnContext, a: CatalogAnswer, opts: { log?: boolean } = {}): OutMessage[] {
  const { lang } = ctx;
  const buttons = closestButtons(ctx, a);
  const head = a.gone ? goneNote(a.gone, lang) : buttons.length ? t(lang, 'notSure') : t(lang, 'notFound');
  const contacts = fallbackContacts(ctx);
  const vip = opts.log !== false ? escalateVipQuestion(ctx, a.question) : null;
  const blocks: Block[] = [{ type: 'text', text: head }, ...buttons, { type: 'text', text: [t(lang, 'askHuman'), ...contacts].join('\n') }];
  if (vip) blocks.push({ type: 'text', text: vip });
  // (the plain text, where no buttons show, e.g. `itbot ask`, names what the buttons offer)
  const offered = buttons.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => `• ${x.label}`) : []));
  return [{ text: [head, ...offered, t(lang, 'askHuman'), ...contacts, vip ?? ''].filter(Boolean).join('\n'), lang, blocks }];
}

/** Answers a free-text question from the catalog: the answer card, or the honest fallback. */
export function catalogReply(ctx: TurnContext, question = ctx.text): OutMessage[] {
  const a = answerQuestion(ctx.app.db, question);
  const { app } = ctx;
  // counted (a number per hour, nothing else), so that "no gaps" can tell whether anyone asked, and
  // an unanswered one logged as a gap (no name): once per event, also when a turn is run again
  oncePerEvent(ctx, 'catalog.question', () => {
    const repo = new CatalogRepo(app.db);
    repo.countQuestion(app.clock.now());
    if (!a.top) logGap(repo, {
      question: a.question,
      lang: ctx.lang,
      reason: 'unanswered',
      best_guess: a.results[0] ? `${a.results[0].kind}:${a.results[0].id}` : null,
      department: ctx.person?.department ?? null,
      created_at: app.clock.now().toISOString(),
    });
    return '';
  });
  const c = cardContext(ctx);
  if (a.top?.kind === 'service') return [serviceCard(c, a.top.service, { question, retired: a.retired, gone: a.gone })];
  if (a.top?.kind === 'answer') return [answerCard(c, a.top.answer, { question })];
  return fallbackReply(ctx, a);
}

/**
 * The chat intents `itbot ask` answers like chat: the read-only questions ("who is my IT
 * contact?", "what's new?", "what does IT offer?", a category's name, "what's coming up?",
 * "what is IT working on?", IT's strategy, the newsletter as its readers get it, a greeting, help, a
 * thanks). Intents that change something (a survey answer, the newsletter draft IT staff get:
 * `ask` gives them the reader's answer) stay in chat.
 */
const ASK_INTENTS = new Set(['greeting', 'help', 'thanks', 'contact', 'catalog.new', 'catalog.overview', 'catalog.category', 'plan.upcoming', 'plan.next', 'projects.working-on', 'projects.strategy', 'newsletter']);

/**
 * A direct question outside a chat platform (`itbot ask`, the admin page's ask box): the turn
 * as the bot would see it from this person (null: a guest) in this language.
 */
export function questionTurn(app: App, question: string, o: { platform: 'cli' | 'web'; channel: string; person: Person | null; lang: Lang }): TurnContext {
  const userId = o.person?.email ?? (o.platform === 'cli' ? 'cli' : 'guest');
  return {
    app,
    person: o.person,
    lang: o.lang,
    text: question,
    event: {
      platform: o.platform,
      person: { platform: o.platform, userId, email: o.person?.email },
      conversation: { platform: o.platform, channelId: o.channel, isDirect: true },
      text: question,
    },
  };
}

/** The same reply for `itbot ask`, with the JSON of the contract. */
export function askJson(ctx: TurnContext, question: string): { json: { question: string; lang: string; answered: boolean; results: Array<{ id: string; kind: string; score: number }>; text: string }; messages: OutMessage[] } {
  // as in chat: a message over the limit is refused with a clear reply, not searched
  if (question.length > MAX_TEXT) {
    const text = coreTexts(ctx.lang, 'tooLong', { max: MAX_TEXT });
    return { json: { question, lang: ctx.lang, answered: false, results: [], text }, messages: [{ text, lang: ctx.lang }] };
  }
  // what chat answers without the catalog search: "who is my IT contact?", "what's new?", "what does IT offer?"
  const intent = ctx.app.features.flatMap((f) => f.intents ?? []).filter((i) => ASK_INTENTS.has(i.name)).map((i) => ({ i, score: i.match(question, ctx) })).filter((x) => x.score >= 0.5).sort((x, y) => y.score - x.score)[0];
  // (an entry that covers nothing of the question, score 0, is no result: it only filled the ranking)
  const resultsOf = (a: CatalogAnswer) => a.results.filter((r) => r.score > 0).map((r) => ({ id: r.id, kind: r.kind, score: r.score }));
  if (intent) {
    // answered by the bot itself, not by one catalog entry: no results, except for a category's name, where the
    // entries the search ranks first stay the results ("Drucken" lists the printing category and ranks its services)
    const messages = (intent.i.ask ?? intent.i.handle)(ctx) as OutMessage[];
    const ranked = intent.i.name === 'catalog.category' ? resultsOf(answerQuestion(ctx.app.db, question)) : [];
    return { json: { question, lang: ctx.lang, answered: true, results: ranked, text: messages.map((m) => m.text).join('\n') }, messages };
  }
  const a = answerQuestion(ctx.app.db, question);
  const results = resultsOf(a);
  const c = cardContext(ctx);
  const messages = a.top?.kind === 'service'
    ? [serviceCard(c, a.top.service, { question, retired: a.retired, gone: a.gone })]
    : a.top?.kind === 'answer'
      ? [answerCard(c, a.top.answer, { question })]
      : fallbackReply(ctx, a, { log: false });
  return {
    json: { question, lang: ctx.lang, answered: a.answered, results, text: messages.map((m) => m.text).join('\n') },
    messages,
  };
}
