import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Feature, Intent, TurnContext } from '../app-types.ts';
import { normalize } from '../chat/normalize.ts';
import { DATA_DIR } from '../paths.ts';
import { CatalogRepo } from '../store/catalog-repo.ts';
import { categoryNamed, categoryReply, newReply, overviewReply } from './browse.ts';
import { answerCard, cardContext, catalogHelpdesk, serviceCard, voteSignature, voterOf, type FeedbackValue } from './cards.ts';
import { safeEqual } from '../secret.ts';
import { coreTexts } from '../chat/texts.ts';
import { registerCatalogCommands } from './cli.ts';
import { logGap } from './gaps.ts';
import { oncePerEvent } from '../chat/event-writes.ts';
import { importCatalog } from './import.ts';
import { isLang } from '../i18n/index.ts';
import { parseDocRef } from './model.ts';
import { catalogReply } from './reply.ts';
import { catalogSearch } from './search.ts';
import { catalogTexts as t } from './texts.ts';
import { fallbackContacts } from '../chat/core-feature.ts';

const OVERVIEW =
  /^(what|which)( it)? (services|things)? ?(does|do|can|are)? ?(the )?(it|you)( department| team)? (offer|do|provide|have)\b|\bwhat (services|can i get from it)\b|\bservice ?catalog|\bservicekatalog|^(list|show)( me)? (all )?(the )?(it )?services|\bwas (bietet|macht|kann|tut|leistet) (die |eure |ihr |d )?(it|informatik)\b|\b(welche|was für) (it-)?(services|dienstleistungen|leistungen|dienste|angebote)\b|\bwas (bietet|biete|bieted|bietid|bütet|macht|mached|machet|chan|cha|chönd|könnt) (ihr|dir|d it|die it|d informatik)( eus| üs)?( aa| a| an)?\b|^(alle )?(it-)?services( anzeigen)?[?!.]*$|^(katalog|catalog|angebot|services)[?!.]*$/;
const WHATS_NEW =
  /\bwhat'?s new\b|\bwhat is new\b|\bwas (ist|gibt'?s|gibt es|git'?s|isch) (neu|neus|neues)\b|\b(gibt es|gibt'?s|gits|git'?s|hets|het's|hät'?s) (etwas |was |öppis |eppis |oppis )?(neues|neus|nöis)\b|\bneue (it-)?(services|dienste|angebote|dienstleistungen)\b|\bnew (it )?services\b|\bwhat'?s coming\b|\bwas kommt (neu|bald)\b|\bneuigkeiten\b|^(news|neu|neues|new)[?!.]*$|\bany news\b|\bwas git'?s neus\b/;

// words that may stand around "what's new?" / "what does IT offer?" without changing the question
// (the Swiss German ones too: "Was isch neu bi de IT?", "Was git's Neus bi öich?")
const FILLER = new Set(('it informatik it-abteilung department team services service dienste dienstleistungen angebote angebot leistungen bei der die das den im in the at from von of for für you ihr euch eure your our unsere heute today diese dieser this month week monat woche jahr year so alles all gibt es there are is ist sind hat have has please bitte mal denn eigentlich again wieder'
  + ' bi de dr vo vom üs eus öich eu hüt isch si hend händ'
  // ("Was kann die IT für mich tun?", "was machet ihr überhaupt?")
  + ' mich mir uns us tun tue mache machen machet mached aa überhaupt eigentlech'
  // (the verb of "Welche Services bietet die IT an?", "Which services does IT offer?", and its particle)
  + ' an bietet bieten biete anbieten does do offer offers provide provides'
  // ("What can IT do for me?", "Was ist neu im Katalog?", "any news?")
  + ' me katalog catalog servicekatalog any').split(' '));

/** Matches `re` only when nothing but filler is left around it ("what's new about the VPN?" is a search). */
function only(re: RegExp, score: number) {
  return (text: string) => {
    const n = normalize(text);
    const m = re.exec(n);
    if (!m) return 0;
    const rest = (n.slice(0, m.index) + ' ' + n.slice(m.index + m[0].length)).split(/[^a-z0-9äöüéèà'-]+/).filter((w) => w.length >= 2);
    return rest.every((w) => FILLER.has(w)) ? score : 0;
  };
}

/** A list button's value: the list (`k`), the page, and whether it is a pager's button, whose page replaces the one clicked (`r`). */
export function pageArg(value: string | undefined): { k: string; p: number; r: boolean } {
  try {
    const v = JSON.parse(value ?? '{}') as { k?: unknown; p?: unknown; r?: unknown };
    const p = typeof v.p === 'number' ? v.p : 1;
    // (a pager's button from before it said so: a page after the first came from one)
    return { k: typeof v.k === 'string' ? v.k : '', p, r: v.r === 1 || p > 1 };
  } catch {
    return { k: '', p: 1, r: false };
  }
}

const intents: Intent[] = [
  { name: 'catalog.overview', match: only(OVERVIEW, 0.85), handle: (ctx) => overviewReply(ctx) },
  { name: 'catalog.new', match: only(WHATS_NEW, 0.85), handle: (ctx) => newReply(ctx) },
  {
    name: 'catalog.category',
    match: (text, ctx) => (text.length <= 60 && categoryNamed(ctx, text) ? 0.9 : 0),
    handle: (ctx) => categoryReply(ctx, categoryNamed(ctx, ctx.text) ?? ''),
  },
];

/**
 * What keeps one person's vote on one card apart from everyone else's: a hash of the card's random
 * id and the clicker's platform id. The person is not stored; without the card id (which only the
 * card itself carries) the key cannot be matched to anyone.
 */
function voteKey(card: string, ctx: TurnContext): string {
  const who = voterOf(ctx.event);
  if (!who) return card;
  return createHash('sha256').update(`catalog-vote\n${card}\n${who}`).digest('base64url').slice(0, 32);
}

/** 👍 / 👎 on an answer card: counted; a 👎 also logs the question as a gap (department, never the name). */
function feedback(ctx: TurnContext, value: string | undefined) {
  let v: FeedbackValue | null = null;
  try {
    v = JSON.parse(value ?? '') as FeedbackValue;
  } catch {
    v = null;
  }
  const ref = v && (v.v === 'up' || v.v === 'down') && typeof v.d === 'string' ? parseDocRef(v.d) : null;
  // (only a card the bot gave counts, with the question it answered, in a direct chat only for the one it
  // answered: a value written by hand, a card from before cards were signed, or another person's card, is no vote)
  const signed = !!v && typeof v.s === 'string' && typeof v.q === 'string' && isLang(v.l)
    && ['', voterOf(ctx.event)].some((who) => safeEqual(v.s!, voteSignature(ctx.app, v!, who)));
  if (ref && !signed) return [{ text: coreTexts(ctx.lang, 'unknownAction'), lang: ctx.lang }];
  // (a vote for an entry the catalog does not hold, a crafted value or one removed since, changes nothing)
  const engine = catalogSearch(ctx.app.db);
  if (!v || !ref || !(ref.kind === 'service' ? engine.service(ref.id) : engine.answer(ref.id))) return [{ text: t(ctx.lang, 'unknownEntry'), lang: ctx.lang }];
  const repo = new CatalogRepo(ctx.app.db);
  const now = ctx.app.clock.now().toISOString();
  const department = ctx.person?.department ?? null;
  // (one vote per person and card: clicking again, or the other thumb, replaces that person's vote
  // only, so on a card in a channel or group chat every clicker counts; a 👎 logs its gap once per person)
  // (a card from before cards had ids, or a value without one: its entry and question stand for the card, so
  // posting the same vote again replaces it instead of adding one)
  const card = typeof v.c === 'string' && /^[A-Za-z0-9_-]{8,32}$/.test(v.c) ? v.c : createHash('sha256').update(`${v.d}\n${v.q}`).digest('base64url').slice(0, 16);
  // (a card opened from a list or another button answers no question: a 👎 on it is counted, no question is noted)
  // (a signed card's question is a string and its language one of ours: `signed` checked them)
  const asked = v.q.trim() !== '';
  // (once per click: a turn run again does not vote again, which could replace a later click's vote)
  oncePerEvent(ctx, 'catalog.vote', () => {
    const gapDue = repo.logFeedback(v.d, v.v === 'up', department, now, voteKey(card, ctx));
    if (gapDue && asked) {
      logGap(repo, { question: v.q, lang: v.l, reason: 'thumbs-down', best_guess: v.d, department, created_at: now });
    }
    return '';
  });
  if (v.v === 'up') return [{ text: t(ctx.lang, 'thanksUp'), lang: ctx.lang, ephemeral: true }];
  const text = [t(ctx.lang, asked ? 'thanksDown' : 'thanksDownNoQuestion'), ...fallbackContacts(ctx)].join('\n');
  return [{ text, lang: ctx.lang, ephemeral: true, blocks: [{ type: 'text' as const, text }] }];
}

/** The service catalog: answers in chat, browsing, feedback, gaps, import/export and `itbot ask`. */
export const catalogFeature: Feature = {
  name: 'catalog',
  helpdesk: catalogHelpdesk,
  intents,
  actions: {
    'catalog.show': (ctx, action) => {
      const ref = parseDocRef(action.value ?? '');
      const engine = catalogSearch(ctx.app.db);
      const c = cardContext(ctx);
      if (ref?.kind === 'service') {
        const s = engine.service(ref.id);
        // an old button may still point at a service retired since: show what replaced it
        const next = s?.status === 'retired' ? engine.replacement(s) : null;
        if (next) return [serviceCard(c, next, { retired: s })];
        if (s && s.status !== 'retired') return [serviceCard(c, s)];
      } else if (ref?.kind === 'answer') {
        const a = engine.answer(ref.id);
        if (a) return [answerCard(c, a)];
      }
      return [{ text: t(ctx.lang, 'unknownEntry'), lang: ctx.lang }];
    },
    'catalog.feedback': (ctx, action) => feedback(ctx, action.value),
    'catalog.overview': (ctx, action) => overviewReply(ctx, pageArg(action.value).p, true),
    'catalog.category': (ctx, action) => {
      const a = pageArg(action.value);
      return categoryReply(ctx, a.k, a.p, a.r);
    },
    'catalog.new': (ctx, action) => newReply(ctx, pageArg(action.value).p, true),
  },
  fallback: (ctx) => catalogReply(ctx),
  helpLines: (lang) => [t(lang, 'helpCatalog')],
  cli: registerCatalogCommands,
  demo(app) {
    importCatalog(app, join(DATA_DIR, 'catalog.yaml'));
  },
};
