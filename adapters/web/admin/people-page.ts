import type express from 'express';
import type { App } from '../../../src/app-types.ts';
import type { Lang } from '../../../src/chat/model.ts';
import { formatCount, formatDay, pick } from '../../../src/i18n/index.ts';
import { departmentName, type Department, type Person } from '../../../src/people/person.ts';
import { SurveyRepo } from '../../../src/store/survey-repo.ts';
import { ratePercent, surveyResults, type DepartmentResult } from '../../../src/surveys/results.ts';
import { withheldText } from '../../../src/surveys/texts.ts';
import { localDay } from '../../../src/projects/targets.ts';
import type { Sender } from '../../../src/jobs/sender.ts';
import { type AdminContext, locals, sendPage } from './context.ts';
import { html, type SafeHtml } from './html.ts';
import { tzNote } from './layout.ts';
import { t } from './texts.ts';
import { waveWords } from './words.ts';

/** People per page of the list. */
const PEOPLE_PAGE_SIZE = 50;
const MAX_QUERY = 200;

/** One row of the departments table: a department of the file, one only the people file names, or the people without one. */
interface DeptRow {
  key: string | null;
  dept: Department | null;
  people: number;
  managers: number;
  vips: number;
}

/** The key account manager of a department as the bot's fallback finds them, and what is wrong with that. */
function keyAccount(app: App, d: DeptRow, lang: Lang): { cell: SafeHtml; missing: boolean } {
  if (d.key === null) return { cell: html`<span class="muted">${t(lang, 'deptNoneNote')}</span>`, missing: false };
  if (!d.dept) return { cell: html`<span class="flag" data-flag="not-in-file">⚠ ${t(lang, 'deptNotInFile')}</span>`, missing: true };
  const email = d.dept.keyAccountEmail;
  if (!email) return { cell: html`<span class="flag" data-flag="no-key-account">⚠ ${t(lang, 'kamNone')}</span>`, missing: true };
  const p = app.people.byEmail(email);
  if (!p) return { cell: html`<span class="flag" data-flag="key-account-unknown">⚠ ${t(lang, 'kamUnknown', { email })}</span>`, missing: true };
  const who = html`${p.name}<div class="muted">${p.email}</div>`;
  if (!p.active) return { cell: html`${who}<span class="flag" data-flag="key-account-inactive">⚠ ${t(lang, 'kamInactive')}</span>`, missing: true };
  return { cell: who, missing: false };
}

/**
 * The rows of the departments table: every department of the departments file (by its name in the page language), then the
 * departments that only the people file names (no key account manager for them), then the
 * people without a department. Counts are of active people; a department matches
 * case-insensitively, as the bot finds it.
 */
function departmentRows(app: App, departments: Department[], lang: Lang): DeptRow[] {
  const counts = app.people.departmentCounts();
  const byKey = new Map(counts.filter((c) => c.department !== null).map((c) => [c.department!.toLowerCase(), c]));
  const collator = new Intl.Collator(lang === 'de' ? 'de-CH' : 'en-GB');
  const file = [...departments].sort((a, b) => collator.compare(departmentName(a, lang)!, departmentName(b, lang)!));
  const rows: DeptRow[] = file.map((d) => {
    const c = byKey.get(d.id.toLowerCase());
    byKey.delete(d.id.toLowerCase());
    return { key: d.id, dept: d, people: c?.people ?? 0, managers: c?.managers ?? 0, vips: c?.vips ?? 0 };
  });
  for (const c of byKey.values()) rows.push({ key: c.department, dept: null, people: c.people, managers: c.managers, vips: c.vips });
  const none = counts.find((c) => c.department === null);
  if (none) rows.push({ key: null, dept: null, people: none.people, managers: none.managers, vips: none.vips });
  return rows;
}

/**
 * The response rate per department in the survey wave that closed last, exactly as that
 * wave's results give it (`surveyResults`, the function behind `itbot survey results`): a
 * department the results withhold (too few responses, secondary suppression, an anonymous
 * survey) shows "withheld" with the reason, never a figure.
 */
function latestRates(app: App, lang: Lang): { note: SafeHtml; cell: ((d: DeptRow) => SafeHtml) | null } {
  const repo = new SurveyRepo(app.db);
  const run = repo.latestClosedRun();
  const stored = run ? repo.get(run.survey_id) : null;
  if (!run || !stored) return { note: html`<p class="muted" id="rate-note">${t(lang, 'rateNoWave')}</p>`, cell: null };
  const res = surveyResults(app, run.survey_id, (r) => r.id === run.id);
  const min = res.minGroupSize;
  const date = formatDay(localDay(new Date(run.closed_at!), app.config.ITBOT_TIMEZONE), lang);
  const wave = waveWords(stored.def, run, lang, true);
  const note = html`<p class="muted" id="rate-note">${t(lang, 'rateLatest', { survey: pick(stored.def.title, lang), wave, date, min })}</p>`;
  const find = (key: string): DepartmentResult | undefined =>
    res.departments.find((x) => x.department === key) ?? res.departments.find((x) => x.department.toLowerCase() === key.toLowerCase());
  const cell = (d: DeptRow): SafeHtml => {
    const r = d.key === null ? undefined : find(d.key);
    if (!r) return html`<td class="num muted" data-rate="none" title="${t(lang, 'rateNotAsked', { min })}">–</td>`;
    if (r.withheld || !r.recipients) {
      const why = r.withheld ? withheldText(lang, r.withheld) : t(lang, 'rateNotAsked', { min });
      return html`<td class="num muted" data-rate="withheld" title="${why}">${t(lang, 'withheldShort')}</td>`;
    }
    return html`<td class="num" data-rate="${ratePercent(r)}">${ratePercent(r)}% <span class="muted">(${r.responses} / ${r.recipients})</span></td>`;
  };
  return { note, cell };
}

/** The senders of this server in the order the outbox tries them. */
function sendersInOrder(app: App): Sender[] {
  const order = ['slack', 'teams', 'web'];
  return [...app.senders.values()].sort((a, b) => (order.indexOf(a.platform) + 1 || 99) - (order.indexOf(b.platform) + 1 || 99));
}

/** Where the bot can write to the person on its own: the senders of this server that reach them (as the outbox picks). */
function channels(senders: Sender[], p: Person, lang: Lang): SafeHtml {
  const names: string[] = [];
  for (const s of senders) {
    if (!s.reaches(p)) continue;
    if (s.platform === 'slack') names.push(p.slackUserId ? t(lang, 'chSlack') : t(lang, 'chSlackByEmail'));
    else if (s.platform === 'teams') names.push(t(lang, 'chTeams'));
    else if (s.platform === 'web') names.push(t(lang, 'chWeb'));
    else names.push(s.platform);
  }
  return names.length ? html`${names.join(', ')}` : html`<span class="flag" data-flag="unreachable">${t(lang, 'chNone')}</span>`;
}

/** The address of another page of the list, with the same search. */
function pageHref(q: string, page: number): string {
  const u = new URLSearchParams();
  if (q) u.set('q', q);
  if (page > 1) u.set('page', String(page));
  const s = u.toString();
  return `/admin/people${s ? `?${s}` : ''}`;
}

export function registerPeoplePage(router: express.Router, ctx: AdminContext): void {
  const { app } = ctx;

  router.get('/people', (req, res) => {
    const { lang } = locals(res);
    const tz = app.config.ITBOT_TIMEZONE;
    const title = t(lang, 'peopleTitle');
    const inactive = app.people.inactiveCount();
    const inactiveNote = inactive ? html`<p class="muted" id="inactive">${t(lang, 'peopleInactive', { n: formatCount(inactive, lang) })}</p>` : '';
    const departments = app.people.departments();
    const depts = departmentRows(app, departments, lang);
    const active = depts.reduce((s, d) => s + d.people, 0);
    if (active === 0) {
      const body = html`<h2>${title}</h2><section class="card" id="empty"><p>${t(lang, 'peopleNone')}</p>${inactiveNote}</section>`;
      sendPage(ctx, req, res, { title, active: 'people', body });
      return;
    }

    const kam = new Map(depts.map((d) => [d, keyAccount(app, d, lang)]));
    const named = depts.filter((d) => d.key !== null);
    const noKam = named.filter((d) => kam.get(d)!.missing).length;
    const vips = depts.reduce((s, d) => s + d.vips, 0);
    const rates = latestRates(app, lang);
    const deptName = (d: DeptRow) =>
      d.key === null
        ? t(lang, 'deptNone')
        : d.dept
          ? html`${departmentName(d.dept, lang)}${departmentName(d.dept, lang === 'de' ? 'en' : 'de') !== departmentName(d.dept, lang) ? html`<div class="muted">${departmentName(d.dept, lang === 'de' ? 'en' : 'de')}</div>` : ''}`
          : d.key;

    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, MAX_QUERY) : '';
    const asked = typeof req.query.page === 'string' && /^\d{1,6}$/.test(req.query.page) ? Number(req.query.page) : 1;
    let page = Math.max(1, asked);
    let found = app.people.searchActive(q, PEOPLE_PAGE_SIZE, (page - 1) * PEOPLE_PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(found.total / PEOPLE_PAGE_SIZE));
    if (page > pages) {
      page = pages;
      found = app.people.searchActive(q, PEOPLE_PAGE_SIZE, (page - 1) * PEOPLE_PAGE_SIZE);
    }
    const yesNo = (b: boolean) => (b ? t(lang, 'yes') : t(lang, 'no'));
    // (per request, not per listed person: the departments by id as the bot finds them, the senders in order)
    const deptById = new Map(departments.map((d) => [d.id.toLowerCase(), d]));
    const deptWords = (id: string) => departmentName(deptById.get(id.toLowerCase()), lang) ?? id;
    const senders = sendersInOrder(app);

    const body = html`<h2>${title}</h2>${tzNote(lang, tz)}
<p class="kpi-line" id="summary"><b>${t(lang, 'peopleSummary', {
      people: formatCount(active, lang),
      departments: formatCount(named.length, lang),
      noKam: formatCount(noKam, lang),
      vips: formatCount(vips, lang),
    })}</b></p>
${inactiveNote}
<section class="card" id="departments">
  <h3>${t(lang, 'deptTitle', { n: named.length })}</h3>
  ${rates.note}
  <table><thead><tr><th>${t(lang, 'colDepartment')}</th><th>${t(lang, 'colKeyAccount')}</th><th class="num">${t(lang, 'colPeople')}</th><th class="num">${t(lang, 'colManagers')}</th><th class="num">${t(lang, 'colVips')}</th>${rates.cell ? html`<th class="num">${t(lang, 'colLatestRate')}</th>` : ''}</tr></thead><tbody>
  ${depts.map((d) => html`<tr data-dept="${d.key ?? ''}"><td>${deptName(d)}</td><td>${kam.get(d)!.cell}</td><td class="num" data-count="people">${d.people}</td><td class="num" data-count="managers">${d.managers}</td><td class="num" data-count="vips">${d.vips}</td>${rates.cell ? rates.cell(d) : ''}</tr>`)}
  </tbody></table>
</section>
<section class="card" id="people">
  <h3>${t(lang, 'peopleListTitle', { n: formatCount(found.total, lang) })}</h3>
  <form method="get" action="/admin/people" class="inline" role="search">
    <input type="search" name="q" id="q" value="${q}" maxlength="${MAX_QUERY}" size="40" placeholder="${t(lang, 'peopleSearch')}" aria-label="${t(lang, 'peopleSearch')}">
    <button class="btn btn-primary" type="submit" id="search">${t(lang, 'peopleSearchButton')}</button>
    ${q ? html`<a class="btn" href="/admin/people" id="reset">${t(lang, 'peopleSearchReset')}</a>` : ''}
  </form>
  ${found.people.length
    ? html`<table><thead><tr><th>${t(lang, 'colName')}</th><th>${t(lang, 'colEmail')}</th><th>${t(lang, 'colDepartment')}</th><th>${t(lang, 'colManager')}</th><th>${t(lang, 'colVip')}</th><th>${t(lang, 'colLanguage')}</th><th>${t(lang, 'colTimeZone')}</th><th>${t(lang, 'colChannels')}</th></tr></thead><tbody>
    ${found.people.map((p) => html`<tr data-person="${p.email}"><td>${p.name}</td><td>${p.email}</td><td>${p.department ? deptWords(p.department) : ''}</td>
      <td data-manager="${String(p.manager)}">${yesNo(p.manager)}</td><td data-vip="${String(p.vip)}">${yesNo(p.vip)}</td>
      <td>${p.language ? t(lang, `lang_${p.language}`) : html`<span class="muted">${t(lang, 'langUnset')}</span>`}</td>
      <td>${p.timezone ?? html`<span class="muted">${t(lang, 'tzDefault', { tz })}</span>`}</td><td class="channels">${channels(senders, p, lang)}</td></tr>`)}
    </tbody></table>
    <div class="pager" id="pager">
      ${page > 1 ? html`<a class="btn" href="${pageHref(q, page - 1)}" id="prev" rel="prev">${t(lang, 'prev')}</a>` : ''}
      <span id="page-of">${t(lang, 'peoplePage', { page, pages })}</span>
      ${page < pages ? html`<a class="btn" href="${pageHref(q, page + 1)}" id="next" rel="next">${t(lang, 'next')}</a>` : ''}
    </div>
    <p class="muted">${t(lang, 'channelsNote')}</p>`
    : html`<p class="muted" id="no-match">${t(lang, 'peopleNoMatch', { q })}</p>`}
</section>`;
    sendPage(ctx, req, res, { title, active: 'people', body });
  });
}
