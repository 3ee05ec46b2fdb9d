import type { TurnContext } from '../app-types.ts';
import type { Block, Button, Lang, OutMessage } from '../chat/model.ts';
import { compareNames, countOf, pick } from '../i18n/index.ts';
import type { Service } from './model.ts';
import { catalogSearch } from './search.ts';
import { catalogTexts as t } from './texts.ts';
import { pickShown, statusBadges } from './cards.ts';
import { byCodePoint, fold } from './text.ts';
import { clipPlain } from '../chat/clip.ts';

/** The most of a name a button with a number after it shows: with " (1234)" within Slack's 75 characters. */
const LABEL_NAME = 66;

/** Items per page: fits Slack (50 blocks), Teams cards and a phone screen. */
const PAGE_SIZE = 8;
/**
 * At most this many items left for a last page go on the page before instead (9 areas are one
 * page of 9, not 8 and a page of one; 17 services are 8 and 9). A page then holds up to 10 items,
 * as many buttons: well within Slack's 25 per actions block and a Teams card.
 */
const PAGE_SLACK = 2;

/** Which items page `page` of `total` shows (the page clamped to those there are). */
export function pageOf(total: number, page: number): { page: number; pages: number; start: number; end: number } {
  let pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages > 1 && total - (pages - 1) * PAGE_SIZE <= PAGE_SLACK) pages--;
  const p = clampPage(page, pages);
  const start = (p - 1) * PAGE_SIZE;
  return { page: p, pages, start, end: p === pages ? total : start + PAGE_SIZE };
}

/** Services by name in the reader's language ("Testdienst 2" before "Testdienst 10"), then by id, so the pages never change order. */
function byName(a: Service, b: Service, lang: Lang): number {
  return compareNames(pick(a.name, lang), pick(b.name, lang), lang) || byCodePoint(a.id, b.id);
}

function visible(services: Service[]): Service[] {
  return services.filter((s) => s.status !== 'retired');
}

/** Category key: its folded German name (stable across languages). */
function categoryKey(s: Service): string {
  return fold(s.category?.de ?? '-');
}

function categories(services: Service[], lang: Lang): Array<{ key: string; name: { de: string; en: string }; count: number }> {
  const map = new Map<string, { key: string; name: { de: string; en: string }; count: number }>();
  for (const s of visible(services)) {
    const key = categoryKey(s);
    const e = map.get(key) ?? { key, name: s.category ?? { de: 'Weitere', en: 'Other' }, count: 0 };
    e.count++;
    map.set(key, e);
  }
  // (in the order of the asker's language: "Advice & training" before "Workplace" in English; numbers by value)
  return [...map.values()].sort((a, b) => compareNames(pick(a.name, lang), pick(b.name, lang), lang) || byCodePoint(a.key, b.key));
}

export function pager(lang: Lang, page: number, pages: number, action: string, arg: string): Block[] {
  if (pages <= 1) return [];
  const buttons: Button[] = [];
  // (r: a page of the same list, which takes the place of the one clicked, also "Back" to page 1)
  if (page > 1) buttons.push({ label: t(lang, 'back'), action, value: JSON.stringify({ k: arg, p: page - 1, r: 1 }) });
  if (page < pages) buttons.push({ label: t(lang, 'more'), action, value: JSON.stringify({ k: arg, p: page + 1, r: 1 }) });
  return [{ type: 'text', text: t(lang, 'page', { page, pages }), muted: true }, { type: 'actions', buttons }];
}

function clampPage(page: number, pages: number): number {
  return Math.min(Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1), Math.max(1, pages));
}

/**
 * The plain-text form of a pager, where no button shows (`itbot ask`, notifications): which page
 * this is and what the next pages hold, by name, so the reader can ask for it.
 */
export function pagerText(lang: Lang, page: number, pages: number, rest: string[]): string[] {
  if (pages <= 1) return [];
  const at = t(lang, 'page', { page, pages });
  if (!rest.length) return [at];
  // (at most a page's worth of names, then how many more: 200 services in one area are not one line of names)
  const shown = rest.length > PAGE_SIZE + PAGE_SLACK ? [...rest.slice(0, PAGE_SIZE), t(lang, 'andMore', { n: rest.length - PAGE_SIZE })] : rest;
  return [`${at}. ${t(lang, 'moreByName', { rest: shown.join(', ') })}`];
}

/** A page of services as one line each with a button. */
function serviceList(lang: Lang, list: Service[], page: number): { blocks: Block[]; lines: string[]; pages: number; page: number } {
  const { page: p, pages, start, end } = pageOf(list.length, page);
  const slice = list.slice(start, end);
  const lines = slice.map((s) => {
    const badge = statusBadges(s, lang)[0];
    return `• ${pick(s.name, lang)}${badge ? ` [${badge.text}]` : ''}: ${pickShown(s.summary, lang)}`;
  });
  const blocks: Block[] = [
    { type: 'text', text: lines.join('\n') },
    { type: 'actions', buttons: slice.map((s) => ({ label: pick(s.name, lang), action: 'catalog.show', value: `service:${s.id}` })) },
  ];
  // (the text form only: the blocks have the pager's buttons)
  lines.push(...pagerText(lang, p, pages, list.slice(end).map((s) => pick(s.name, lang))));
  return { blocks, lines, pages, page: p };
}

/** "1 Service", "2 Services"; "1 service", "2 services". */
const servicesCounted = (lang: Lang, n: number): string => countOf(n, lang, t(lang, 'serviceOne'), t(lang, 'serviceMany'));

/** "What does IT offer?": the categories, paged, each a button. */
export function overviewReply(ctx: TurnContext, page = 1, replace = false): OutMessage[] {
  const { lang } = ctx;
  const services = catalogSearch(ctx.app.db).allServices();
  const cats = categories(services, lang);
  if (!cats.length) return [{ text: t(lang, 'emptyCatalog'), lang }];
  const { page: p, pages, start, end } = pageOf(cats.length, page);
  const slice = cats.slice(start, end);
  const intro = t(lang, 'overviewIntro', { services: servicesCounted(lang, visible(services).length), categories: countOf(cats.length, lang, t(lang, 'areaOne'), t(lang, 'areaMany')) });
  const lines = slice.map((c) => `• ${pick(c.name, lang)} (${c.count})`);
  const blocks: Block[] = [
    { type: 'header', text: t(lang, 'overviewTitle') },
    { type: 'text', text: `${intro}\n${lines.join('\n')}` },
    // (a long name is shortened on the button, never its number: Slack shows 75 characters of a button, Teams 80)
    { type: 'actions', buttons: slice.map((c) => ({ label: `${clipPlain(pick(c.name, lang), LABEL_NAME)} (${c.count})`, action: 'catalog.category', value: JSON.stringify({ k: c.key, p: 1 }) })) },
    ...pager(lang, p, pages, 'catalog.overview', ''),
  ];
  const more = pagerText(lang, p, pages, cats.slice(end).map((c) => `${pick(c.name, lang)} (${c.count})`));
  return [{ text: [t(lang, 'overviewTitle'), intro, ...lines, ...more].join('\n'), lang, blocks, replaceOriginal: replace || undefined }];
}

/** One category's services, paged. */
export function categoryReply(ctx: TurnContext, key: string, page = 1, replace = false): OutMessage[] {
  const { lang } = ctx;
  const services = visible(catalogSearch(ctx.app.db).allServices()).filter((s) => categoryKey(s) === key);
  // (a button of an area removed or renamed since: says so above the areas there are now)
  if (!services.length) {
    return overviewReply(ctx).map((m) => (!m.blocks ? m : { ...m, text: `${t(lang, 'areaGone')}\n${m.text}`, blocks: [{ type: 'text', text: t(lang, 'areaGone'), muted: true }, ...m.blocks] }));
  }
  services.sort((a, b) => byName(a, b, lang));
  const name = pick(services[0]!.category ?? { de: 'Weitere', en: 'Other' }, lang);
  const list = serviceList(lang, services, page);
  const title = t(lang, 'categoryTitle', { category: name, count: servicesCounted(lang, services.length) });
  const blocks: Block[] = [
    { type: 'header', text: title },
    ...list.blocks,
    ...pager(lang, list.page, list.pages, 'catalog.category', key),
    { type: 'actions', buttons: [{ label: t(lang, 'allAreas'), action: 'catalog.overview', value: JSON.stringify({ k: '', p: 1 }) }] },
  ];
  return [{ text: `${title}\n${list.lines.join('\n')}`, lang, blocks, replaceOriginal: replace || undefined }];
}

/** "What's new?": new services first, then planned ones, paged. */
export function newReply(ctx: TurnContext, page = 1, replace = false): OutMessage[] {
  const { lang } = ctx;
  const all = catalogSearch(ctx.app.db).allServices();
  const order = { new: 0, planned: 1 } as Record<string, number>;
  const list = all.filter((s) => s.status === 'new' || s.status === 'planned').sort((a, b) => order[a.status]! - order[b.status]! || byName(a, b, lang));
  if (!list.length) return [{ text: t(lang, 'nothingNew'), lang, blocks: [{ type: 'header', text: t(lang, 'newTitle') }, { type: 'text', text: t(lang, 'nothingNew') }] }];
  const l = serviceList(lang, list, page);
  const blocks: Block[] = [{ type: 'header', text: t(lang, 'newTitle') }, { type: 'text', text: t(lang, 'newIntro'), muted: true }, ...l.blocks, ...pager(lang, l.page, l.pages, 'catalog.new', '')];
  return [{ text: `${t(lang, 'newTitle')}\n${l.lines.join('\n')}`, lang, blocks, replaceOriginal: replace || undefined }];
}

/** The category whose name the text is ("Arbeitsplatz", "workplace"), if any. */
export function categoryNamed(ctx: TurnContext, text: string): string | null {
  const f = fold(text).replace(/[?!.]+$/, '').trim();
  if (!f) return null;
  return categoryNames(ctx).get(f) ?? null;
}

/**
 * Folded category names (de and en) to their key, built once per index version: the category
 * intent asks on every short message, and folding every service's names each time was costly.
 * The first service in catalog order wins, as before.
 */
const namesByIndex = new WeakMap<object, Map<string, string>>();
function categoryNames(ctx: TurnContext): Map<string, string> {
  const search = catalogSearch(ctx.app.db);
  const idx = search.index();
  let names = namesByIndex.get(idx);
  if (!names) {
    names = new Map();
    for (const s of search.allServices()) {
      if (!s.category || s.status === 'retired') continue;
      for (const n of [fold(s.category.de), fold(s.category.en)]) if (!names.has(n)) names.set(n, categoryKey(s));
    }
    namesByIndex.set(idx, names);
  }
  return names;
}
