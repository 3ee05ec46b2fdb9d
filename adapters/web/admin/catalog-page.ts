import type express from 'express';
import type { App } from '../../../src/app-types.ts';
import type { Lang } from '../../../src/chat/model.ts';
import { pick } from '../../../src/i18n/index.ts';
import type { Person } from '../../../src/people/person.ts';
import { CatalogRepo, type GapRow } from '../../../src/store/catalog-repo.ts';
import type { Db } from '../../../src/store/db.ts';
import { groupGaps } from '../../../src/catalog/gaps.ts';
import { askJson, questionTurn } from '../../../src/catalog/reply.ts';
import { docRef, parseDocRef } from '../../../src/catalog/model.ts';
import { renderHtml } from '../render.ts';
import { type AdminContext, locals, sendPage } from './context.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { t } from './texts.ts';
import { audienceWords, departmentWords } from './words.ts';

const MAX_QUESTION = 500;
/** Up to this many people the ask box offers them in a list; a bigger directory takes the person's e-mail (a list of thousands is a page of megabytes). */
const AS_LIST_MAX = 300;
/** The gaps report reads the last 90 days, at most the newest 2,000 questions of them (`itbot catalog gaps` has all). */
const GAPS_DAYS = 90;
const GAPS_MAX = 2000;
/** Services per page of the list (a catalog of this size or smaller is one page, as the demo's 50). */
export const SERVICES_PAGE_SIZE = 100;
const MAX_FIND = 200;

/**
 * The answer the bot gives for a question, through the catalog's own `askJson` (what
 * `itbot ask` uses): the same cards, for a guest or for a person of the directory (their IT
 * contact, their audience), without logging the admin's test question as a gap. The
 * language is chosen as the bot chooses it (the person's, the question's, then the page's).
 */
function ask(app: App, question: string, person: Person | null, pageLang: Lang): ReturnType<typeof askJson> {
  const lang = app.bot.chooseLanguage(person, question, pageLang);
  const ctx = questionTurn(app, question, { platform: 'web', channel: 'admin', person, lang });
  return askJson(ctx, question);
}

const rate = (up: number, down: number) => (up + down ? `${Math.round((up / (up + down)) * 100)}%` : '–');

function fmtDate(iso: string, lang: Lang, tz: string): string {
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-CH' : 'en-GB', { dateStyle: 'medium', timeZone: tz }).format(new Date(iso));
}

const fmtCount = (n: number, lang: Lang) => new Intl.NumberFormat(lang === 'de' ? 'de-CH' : 'en-GB').format(n);

/** The last grouping per database, for the rows it was made of: a page viewed again without new gaps groups nothing. */
const lastGrouping = new WeakMap<Db, { key: string; groups: ReturnType<typeof groupGaps> }>();
function groupedGaps(db: Db, rows: GapRow[]): ReturnType<typeof groupGaps> {
  const key = `${rows.length}:${rows[0]?.id ?? 0}:${rows.at(-1)?.id ?? 0}`;
  const hit = lastGrouping.get(db);
  if (hit?.key === key) return hit.groups;
  const groups = groupGaps(rows);
  lastGrouping.set(db, { key, groups });
  return groups;
}

/** The address of the catalog page with the list's search and page, and the ask box's question and person, kept as they are. */
function catalogHref(p: { q: string; as: string; find: string; page: number }): string {
  const u = new URLSearchParams();
  if (p.q) u.set('q', p.q);
  if (p.as) u.set('as', p.as);
  if (p.find) u.set('find', p.find);
  if (p.page > 1) u.set('page', String(p.page));
  const s = u.toString();
  return `/admin/catalog${s ? `?${s}` : ''}#services`;
}

/** Hidden fields that keep the other form's state when one form of the page is sent. */
const keep = (fields: Record<string, string>) =>
  Object.entries(fields).filter(([, v]) => v).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);

export function registerCatalogPage(router: express.Router, ctx: AdminContext): void {
  const { app } = ctx;

  router.get('/catalog', (req, res) => {
    const { lang } = locals(res);
    const repo = new CatalogRepo(app.db);
    const answers = repo.answers();
    const votes = new Map(repo.feedbackCounts().map((f) => [f.doc, f]));
    const since = new Date(app.clock.now().getTime() - GAPS_DAYS * 24 * 3600_000).toISOString();
    const gapTotal = repo.gapCount({ since });
    const gapRows = repo.gaps({ since, newest: GAPS_MAX });
    const groups = groupedGaps(app.db, gapRows);
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, MAX_QUESTION) : '';
    const asText = typeof req.query.as === 'string' ? req.query.as.trim().slice(0, 320) : '';
    const as = asText ? app.people.byEmail(asText) : null;
    const people = app.people.all({ activeOnly: true });
    const asList = people.length <= AS_LIST_MAX;

    // the list of services: a page of it, searchable (a catalog of thousands is not one page of megabytes)
    const find = typeof req.query.find === 'string' ? req.query.find.trim().slice(0, MAX_FIND).replace(/[\uD800-\uDBFF]$/, '') : '';
    const asked = typeof req.query.page === 'string' && /^\d{1,6}$/.test(req.query.page) ? Number(req.query.page) : 1;
    // (a page past the last shows the last one)
    const found = repo.searchServices(find, SERVICES_PAGE_SIZE, asked);
    const { page, services, all: serviceTotal } = found;
    const pages = Math.max(1, Math.ceil(found.total / SERVICES_PAGE_SIZE));

    let answer: SafeHtml = html``;
    if (q) {
      const r = ask(app, q, as, lang);
      answer = html`<div id="answer">
  ${asText && !as ? html`<p class="muted" id="as-unknown">${t(lang, 'asUnknown', { email: asText })}</p>` : ''}
  <p><b>${r.json.answered ? t(lang, 'answered') : t(lang, 'notAnswered')}</b>
  ${r.json.results.length ? html` · ${t(lang, 'ranking')}: ${r.json.results.map((x, i) => html`${i ? ', ' : ''}<span data-result="${x.kind}:${x.id}">${x.id} (${x.score.toFixed(2)})</span>`)}` : ''}</p>
  <div class="bot-answer">${r.messages.map((m) => raw(renderHtml(m, { inert: true })))}</div>
</div>`;
    }

    // a best guess by the service's name (the official answer's question), in the page's language; its id beside it
    // (the services looked up one by one: only those the gaps name, not the whole catalog)
    const answerNames = new Map(answers.map((a) => [docRef('answer', a.id), pick(a.question, lang)] as const));
    const serviceNames = new Map<string, string | undefined>();
    const docName = (ref: string): string | undefined => {
      if (answerNames.has(ref)) return answerNames.get(ref);
      const doc = parseDocRef(ref);
      if (doc?.kind !== 'service') return undefined;
      if (!serviceNames.has(ref)) {
        const s = repo.service(doc.id);
        serviceNames.set(ref, s ? pick(s.name, lang) : undefined);
      }
      return serviceNames.get(ref);
    };
    const guess = (ref: string) => {
      const name = docName(ref);
      return name ? html`<span data-guess="${ref}" title="${ref}">${name}</span>` : html`<span data-guess="${ref}">${ref}</span>`;
    };

    // "no gaps" says whether anyone asked at all (the questions are counted, nothing else of them kept)
    const noGaps = () => {
      const from = repo.questionsCountedFrom();
      const counted = from && from > since ? from : since;
      const asked = repo.questionsAsked({ since: counted });
      const period = counted === since ? t(lang, 'gapsPeriodDays', { days: GAPS_DAYS }) : t(lang, 'gapsPeriodSince', { day: fmtDate(counted, lang, app.config.ITBOT_TIMEZONE) });
      if (asked === 0) return t(lang, 'gapsNoneAsked', { period });
      return asked === 1 ? t(lang, 'gapsNoneOne', { period }) : t(lang, 'gapsNone', { n: fmtCount(asked, lang), period });
    };

    const voteCells = (doc: string) => {
      const v = votes.get(doc);
      const up = v?.helpful ?? 0;
      const down = v?.unhelpful ?? 0;
      return html`<td class="num">${up}</td><td class="num">${down}</td><td class="num">${rate(up, down)}</td>`;
    };

    const body = html`<h2>${t(lang, 'catalogTitle')}</h2>
<section class="card" id="search">
  <h3>${t(lang, 'searchTitle')}</h3>
  <form method="get" action="/admin/catalog" class="inline" role="search">
    ${keep({ find, page: page > 1 ? String(page) : '' })}
    <input type="search" name="q" id="q" value="${q}" maxlength="${MAX_QUESTION}" size="50" placeholder="${t(lang, 'searchPlaceholder')}" aria-label="${t(lang, 'searchTitle')}">
    ${asList
      ? html`<select name="as" id="as" aria-label="${t(lang, 'askAs')}">
      <option value="">${t(lang, 'asGuest')}</option>
      ${people.map((p) => html`<option value="${p.email}"${as?.email === p.email ? ' selected' : ''}>${p.name}${p.department ? ` (${departmentWords(app, p.department, lang)})` : ''}</option>`)}
    </select>`
      : html`<input type="text" name="as" id="as" value="${asText}" maxlength="320" size="30" placeholder="${t(lang, 'asEmail')}" aria-label="${t(lang, 'askAs')}">`}
    <button class="btn btn-primary" type="submit" id="ask">${t(lang, 'searchButton')}</button>
  </form>
  <p class="muted">${t(lang, 'searchHint')}</p>
  ${answer}
</section>
<section class="card" id="gaps">
  <h3>${t(lang, 'gapsTitle', { n: gapRows.length, groups: groups.length })}</h3>
  <p class="muted" id="gaps-window">${gapTotal > gapRows.length
    ? t(lang, 'gapsWindowCapped', { days: GAPS_DAYS, n: fmtCount(gapRows.length, lang), total: fmtCount(gapTotal, lang) })
    : t(lang, 'gapsWindow', { days: GAPS_DAYS })}</p>
  ${groups.length
    ? html`<table><thead><tr><th>${t(lang, 'colQuestion')}</th><th class="num">${t(lang, 'colCount')}</th><th class="num">${t(lang, 'colUnanswered')}</th><th class="num">👎</th><th>${t(lang, 'colLanguages')}</th><th>${t(lang, 'colDepartments')}</th><th>${t(lang, 'colBestGuess')}</th><th>${t(lang, 'colLast')}</th></tr></thead><tbody>
    ${groups.map((g) => html`<tr class="gap"><td>${g.question}${g.questions.length > 1 ? html`<div class="muted">${t(lang, 'alsoAsked')}: ${g.questions.filter((x) => x !== g.question).slice(0, 5).join(' · ')}</div>` : ''}</td>
      <td class="num">${g.count}</td><td class="num">${g.unanswered}</td><td class="num">${g.thumbsDown}</td><td>${g.languages.join(', ')}</td><td>${g.departments.map((d) => departmentWords(app, d, lang)).join(', ')}</td>
      <td>${g.bestGuesses.slice(0, 3).map((ref, i) => html`${i ? ', ' : ''}${guess(ref)}`)}</td><td>${fmtDate(g.lastAt, lang, app.config.ITBOT_TIMEZONE)}</td></tr>`)}
    </tbody></table>`
    : html`<p class="muted" id="gaps-none">${noGaps()}</p>`}
</section>
<section class="card" id="services">
  <h3>${t(lang, 'servicesTitle', { n: fmtCount(serviceTotal, lang) })}</h3>
  ${serviceTotal
    ? html`<form method="get" action="/admin/catalog#services" class="inline" role="search">
    ${keep({ q, as: asText })}
    <input type="search" name="find" id="find" value="${find}" maxlength="${MAX_FIND}" size="40" placeholder="${t(lang, 'servicesSearch')}" aria-label="${t(lang, 'servicesSearch')}">
    <button class="btn btn-primary" type="submit" id="find-services">${t(lang, 'servicesSearchButton')}</button>
    ${find ? html`<a class="btn" href="${catalogHref({ q, as: asText, find: '', page: 1 })}" id="find-reset">${t(lang, 'servicesSearchReset')}</a>` : ''}
  </form>
  ${find ? html`<p class="muted" id="found">${found.total === 1 ? t(lang, 'servicesFoundOne', { q: find }) : t(lang, 'servicesFound', { n: fmtCount(found.total, lang), q: find })}</p>` : ''}`
    : ''}
  ${services.length
    ? html`<table><thead><tr><th>${t(lang, 'colService')}</th><th>${t(lang, 'colCategory')}</th><th>${t(lang, 'colStatus')}</th><th>${t(lang, 'colAudience')}</th><th>${t(lang, 'colOwner')}</th><th class="num">👍</th><th class="num">👎</th><th class="num">${t(lang, 'colHelpful')}</th></tr></thead><tbody>
    ${services.map((s) => html`<tr data-service="${s.id}"><td>${pick(s.name, lang)}<div class="muted">${s.id}</div></td><td>${pick(s.category, lang)}</td>
      <td><span class="pill s-${s.status === 'active' ? 'done' : s.status === 'retired' ? 'skipped' : s.status === 'retiring' ? 'overdue' : 'planned'}">${t(lang, `status_${s.status}`)}</span></td>
      <td>${audienceWords(app, s.audience, lang)}</td><td>${s.owner?.name ?? s.owner?.email ?? ''}</td>${voteCells(docRef('service', s.id))}</tr>`)}
    </tbody></table>
    ${pages > 1
      ? html`<div class="pager" id="pager">
      ${page > 1 ? html`<a class="btn" href="${catalogHref({ q, as: asText, find, page: page - 1 })}" id="prev" rel="prev">${t(lang, 'prev')}</a>` : ''}
      <span id="page-of">${t(lang, 'servicesPage', { page: fmtCount(page, lang), pages: fmtCount(pages, lang), size: SERVICES_PAGE_SIZE })}</span>
      ${page < pages ? html`<a class="btn" href="${catalogHref({ q, as: asText, find, page: page + 1 })}" id="next" rel="next">${t(lang, 'next')}</a>` : ''}
    </div>`
      : ''}`
    : serviceTotal
      ? html`<p class="muted" id="no-match">${t(lang, 'servicesNoMatch', { q: find })}</p>`
      : html`<p class="muted">${t(lang, 'catalogNone')}</p>`}
</section>
${answers.length
  ? html`<section class="card" id="answers"><h3>${t(lang, 'answersTitle', { n: answers.length })}</h3>
  <table><thead><tr><th>${t(lang, 'colQuestion')}</th><th class="num">👍</th><th class="num">👎</th><th class="num">${t(lang, 'colHelpful')}</th></tr></thead><tbody>
  ${answers.map((a) => html`<tr data-answer="${a.id}"><td>${pick(a.question, lang)}<div class="muted">${a.id}</div></td>${voteCells(docRef('answer', a.id))}</tr>`)}
  </tbody></table></section>`
  : ''}`;
    sendPage(ctx, req, res, { title: t(lang, 'catalogTitle'), active: 'catalog', body });
  });
}
