import type express from 'express';
import type { App } from '../../../src/app-types.ts';
import type { Lang } from '../../../src/chat/model.ts';
import { countOf, formatCount, formatDay, pick } from '../../../src/i18n/index.ts';
import { PlanRepo, type OccurrenceState } from '../../../src/store/plan-repo.ts';
import { occurrenceAt } from '../../../src/plan/expand.ts';
import { dayRange, lastYearAhead, upcoming } from '../../../src/plan/upcoming.ts';
import { keptAfterRemoval, occurrenceState, onlySinceChange, OVERDUE_GRACE_MS, planReport, readPlanTables, REMOVED_KIND, type PlanTables } from '../../../src/plan/report.ts';
import { parseLocal, toInstant } from '../../../src/plan/local-time.ts';
import { kindName } from '../../../src/plan/texts.ts';
import { formatWhen, formatWhenFor } from '../../../src/plan/messages.ts';
import { renderQuarterChart } from '../../../src/admin/quarter-chart.ts';
import { type AdminContext, backPath, locals, redirectBack, sendPage } from './context.ts';
import { csrfField } from './layout.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { t } from './texts.ts';
import { MAX_REASON, recordOutcome } from '../../../src/plan/items.ts';
import { planFeedback, type EventFeedback, type KindFeedback } from '../../../src/plan/feedback.ts';
import { clockTime } from '../../../src/newsletter/render.ts';

interface CalendarItem {
  eventId: string;
  occurrence: string;
  title: string;
  kind: string;
  owner: string;
  ownerName: string;
  state: OccurrenceState;
  reason: string | null;
  start: Date;
  /** the start's time of day in the plan's zone ("03:30" for a 02:30 occurrence on the spring-forward Sunday, as the list below the calendar and `plan upcoming` say) */
  time: string;
  /** false: recorded under the event's earlier times (before a move), or for an event removed since; nothing to record */
  inPlan: boolean;
  /** the event was removed from the plan (import --replace): shown with what was recorded for it, as the report counts it */
  removed: boolean;
}

/**
 * The occurrences between two local days with their state, as the plan engineer's report counts
 * them (`tables`: the plan as the page read it for this render).
 */
export function calendarItems(app: App, lang: Lang, fromDay: string, toDay: string, tables: PlanTables = readPlanTables(app)): { tz: string; items: CalendarItem[] } | null {
  if (!tables.timezone) return null;
  const tz = tables.timezone;
  const plan = { timezone: tz, events: tables.events.map((e) => e.event) };
  const { from, to } = dayRange(fromDay, toDay, tz);
  const states = new Map(tables.occurrences.map((o) => [`${o.eventId}|${o.occurrence}`, o]));
  const stored = new Map(tables.events.map((s) => [s.event.id, s]));
  const now = app.clock.now();
  const names = new Map<string, string>();
  const ownerName = (email: string) => {
    if (!names.has(email)) names.set(email, app.people.byEmail(email)?.name ?? email);
    return names.get(email)!;
  };
  const shown = new Set<string>();
  const items: CalendarItem[] = [];
  for (const u of upcoming(plan, from, to)) {
    const k = `${u.eventId}|${u.occurrence}`;
    const st = states.get(k);
    const end = new Date(u.end);
    // as the report: an occurrence that only exists since the event was moved was never planned
    const s = stored.get(u.eventId);
    if (s && onlySinceChange(s, end, !!st)) continue;
    // and its state by the report's rule (overdue once it ended, plus grace, without an outcome)
    const state = occurrenceState(st?.state, end, now);
    shown.add(k);
    const start = new Date(u.start);
    items.push({ eventId: u.eventId, occurrence: u.occurrence, title: pick(u.title, lang), kind: u.kind, owner: u.owner, ownerName: ownerName(u.owner), state, reason: st?.reason ?? null, start, time: clockTime(start, tz), inPlan: true, removed: false });
  }
  // what was recorded under an event's earlier times (before a move) still shows, as the report counts it;
  // so does what was recorded for an event removed from the plan since (done, skipped, overdue: the
  // report keeps counting those), marked as removed, under its title when the plan still knows it
  const removed = new Map(tables.removed.map((r) => [r.event.id, r.event]));
  for (const st of states.values()) {
    const s = stored.get(st.eventId);
    const day = st.occurrence.slice(0, 10);
    if (shown.has(`${st.eventId}|${st.occurrence}`) || day < fromDay || day > toDay) continue;
    // (a row without an outcome, under earlier times, only holds the follow-up survey's claim: nothing recorded)
    if (!keptAfterRemoval(st.state)) continue;
    const local = parseLocal(st.occurrence);
    if (!local) continue;
    const ev = s?.event ?? removed.get(st.eventId);
    const owner = ev?.owner ?? '';
    const start = s || !st.startAt ? toInstant(local, tz) : new Date(st.startAt);
    items.push({
      eventId: st.eventId, occurrence: st.occurrence, title: ev ? pick(ev.title, lang) : st.eventId, kind: ev?.kind ?? REMOVED_KIND,
      owner, ownerName: owner ? ownerName(owner) : '', state: st.state, reason: st.reason,
      start, time: clockTime(start, tz), inPlan: false, removed: !s,
    });
  }
  items.sort((a, b) => a.start.getTime() - b.start.getTime() || a.eventId.localeCompare(b.eventId));
  return { tz, items };
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function localToday(app: App, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(app.clock.now());
}

function monthName(lang: Lang, y: number, m: number, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-CH' : 'en-GB', { month: style, year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/**
 * The time of an occurrence (by its wall-clock label) as the plan holds it in its zone. The label
 * is not always a time: 02:30 on the spring-forward Sunday does not exist, and the plan holds it at 03:30.
 */
function timeOfOcc(occurrence: string, tz: string): string {
  const local = parseLocal(occurrence);
  return local ? clockTime(toInstant(local, tz), tz) : occurrence.slice(11, 16);
}

/**
 * A state in words. An occurrence still ahead without an outcome is "open", as the plan-against-actual
 * chart and table beside the calendar call it ("planned" there is the total of the year).
 */
function stateWords(lang: Lang, state: OccurrenceState): string {
  return t(lang, state === 'planned' ? 'occ_open' : `occ_${state}`);
}

function pill(lang: Lang, state: OccurrenceState): SafeHtml {
  return html`<span class="pill s-${state}">${stateWords(lang, state)}</span>`;
}

function legend(lang: Lang): SafeHtml {
  return html`<div class="legend">${(['planned', 'done', 'skipped', 'overdue'] as const).map((s) => pill(lang, s))}</div>`;
}

/** Done and skip-with-reason forms for one occurrence. */
function recordForms(req: express.Request, csrf: string, lang: Lang, it: CalendarItem): SafeHtml {
  const hidden = html`${csrfField(csrf)}<input type="hidden" name="event" value="${it.eventId}"><input type="hidden" name="occurrence" value="${it.occurrence}"><input type="hidden" name="back" value="${backPath(req)}">`;
  return html`<form method="post" action="/admin/plan/done" class="inline">${hidden}<button class="btn btn-primary" type="submit" data-done="${it.eventId}|${it.occurrence}"${it.state === 'done' ? ' disabled' : ''}>${t(lang, 'markDone')}</button></form>
<form method="post" action="/admin/plan/skip" class="inline">${hidden}<input type="text" name="reason" required maxlength="${MAX_REASON}" size="14" placeholder="${t(lang, 'skipReason')}" aria-label="${t(lang, 'skipReason')}"><button class="btn" type="submit" data-skip="${it.eventId}|${it.occurrence}">${t(lang, 'skip')}</button></form>`;
}

/** Which zone the plan page's times are in: the plan's, and in the list the organisation's as well when it differs. */
function planTzNote(lang: Lang, tz: string, orgTz: string): SafeHtml {
  return html`<p class="muted tz-note" id="tz-note">${tz === orgTz ? t(lang, 'tzNotePlan', { tz }) : t(lang, 'tzNotePlanOrg', { tz, org: orgTz })}</p>`;
}

function occTable(req: express.Request, csrf: string, lang: Lang, tz: string, orgTz: string, items: CalendarItem[]): SafeHtml {
  if (!items.length) return html`<p class="muted">${t(lang, 'occNone')}</p>`;
  return html`<table id="occurrences"><thead><tr><th>${t(lang, 'colWhen')}</th><th>${t(lang, 'colEvent')}</th><th>${t(lang, 'colOwner')}</th><th>${t(lang, 'colState')}</th><th>${t(lang, 'colActions')}</th></tr></thead><tbody>
${items.map(
  (it) => html`<tr id="occ-${it.eventId}-${it.occurrence.replace(/:/g, '')}" data-occ="${it.eventId}|${it.occurrence}" data-state="${it.state}">
  <td>${formatWhen(it.start, lang, tz)}${tz === orgTz ? '' : html`<div class="muted org-time">${formatWhenFor(it.start, lang, tz, orgTz)}</div>`}</td><td>${it.title}</td><td>${it.ownerName}</td>
  <td>${pill(lang, it.state)}${it.reason ? html`<div class="muted">${it.reason}</div>` : ''}</td>
  <td class="record">${it.inPlan ? recordForms(req, csrf, lang, it) : html`<span class="muted">${t(lang, it.removed ? 'occRemoved' : 'occMoved')}</span>`}</td></tr>`,
)}
</tbody></table>`;
}

type Figures = { planned: number; done: number; skipped: number; overdue: number; open: number; missedReminders: number; missedAnnouncements: number };
const FIGURES = ['planned', 'done', 'skipped', 'overdue', 'open', 'missedReminders', 'missedAnnouncements'] as const;

function addUp(rows: Figures[]): Figures {
  const sum: Figures = { planned: 0, done: 0, skipped: 0, overdue: 0, open: 0, missedReminders: 0, missedAnnouncements: 0 };
  for (const r of rows) for (const k of FIGURES) sum[k] += r[k];
  return sum;
}

/** A kind of event in words; the occurrences of events removed from the plan are counted under their own line. */
function kindWords(lang: Lang, kind: string): string {
  return kind === REMOVED_KIND ? t(lang, 'kindRemoved') : kindName(lang, kind);
}

async function quarterSection(app: App, lang: Lang, year: number, tables: PlanTables): Promise<SafeHtml> {
  const report = planReport(app, year, OVERDUE_GRACE_MS, tables);
  // an occurrence skipped by its event's title (also when the event has left the plan since; its id when it left before its title was kept)
  const current = new Map(tables.events.map((s) => [s.event.id, s.event]));
  const removed = new Map(tables.removed.map((r) => [r.event.id, r.event]));
  const titleOf = (id: string) => {
    const ev = current.get(id) ?? removed.get(id);
    return ev ? pick(ev.title, lang) : id;
  };
  const quarters = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
  const sum = quarters.map((q) => ({ q, ...addUp(report.rows.filter((r) => r.quarter === q)) }));
  // the same figures per kind of event for the year, as `itbot plan report` lists them per kind and quarter
  const kinds = [...new Set(report.rows.map((r) => r.kind))]
    .map((kind) => ({ kind, name: kindWords(lang, kind), ...addUp(report.rows.filter((r) => r.kind === kind)) }))
    .sort((a, b) => Number(a.kind === REMOVED_KIND) - Number(b.kind === REMOVED_KIND) || a.name.localeCompare(b.name, lang));
  const n = (x: number) => formatCount(x, lang);
  const colors = { done: '#2e7d32', skipped: '#9e9e9e', overdue: '#c62828', open: '#4c78a8' } as const;
  const bars = sum.flatMap((s) =>
    (['done', 'skipped', 'overdue', 'open'] as const).map((k) => ({ quarter: s.q, state: t(lang, `occ_${k}`), count: s[k], color: colors[k] })),
  );
  const svg = await renderQuarterChart(t(lang, 'reportTitle', { year }), bars, t(lang, 'occurrences'), lang);
  const head = (first: string) =>
    html`<thead><tr><th>${first}</th><th class="num">${t(lang, 'colPlanned')}</th><th class="num">${t(lang, 'occ_done')}</th><th class="num">${t(lang, 'occ_skipped')}</th><th class="num">${t(lang, 'occ_overdue')}</th><th class="num">${t(lang, 'occ_open')}</th><th class="num">${t(lang, 'colMissed')}</th><th class="num">${t(lang, 'colMissedAnnouncements')}</th></tr></thead>`;
  const cells = (f: Figures, cell: 'td' | 'th' = 'td') => FIGURES.map((k) => (cell === 'td' ? html`<td class="num">${n(f[k])}</td>` : html`<th class="num">${n(f[k])}</th>`));
  return html`<section class="card" id="report">
  <div class="report">
  <div class="chart" id="quarter-chart">${raw(svg)}</div>
  <div>
  <table id="report-quarters">${head(t(lang, 'colQuarter'))}
  <tbody>${sum.map((s) => html`<tr data-quarter="${s.q}"><td>${s.q}</td>${cells(s)}</tr>`)}
  <tr><th>${t(lang, 'total')}</th>${cells(report.totals, 'th')}</tr></tbody></table>
  <p class="muted" id="missed-hint">${t(lang, 'missedHint')}</p>
  </div></div>
  ${kinds.length
    ? html`<h3>${t(lang, 'byKindTitle')}</h3>
  <table id="report-kinds">${head(t(lang, 'colEventKind'))}
  <tbody>${kinds.map((k) => html`<tr data-kind="${k.kind}"><td>${k.name}</td>${cells(k)}</tr>`)}</tbody></table>`
    : ''}
  ${report.skippedReasons.length
    ? html`<h3>${t(lang, 'skippedReasons')}</h3><ul>${report.skippedReasons.map((r) => html`<li data-occ="${r.eventId}|${r.occurrence}">${formatDay(r.occurrence, lang)} ${timeOfOcc(r.occurrence, report.timezone)} · ${titleOf(r.eventId)}: ${r.reason ?? ''}</li>`)}</ul>`
    : ''}
</section>`;
}

const surveysOf = (lang: Lang, n: number) => countOf(n, lang, t(lang, 'surveyOne'), t(lang, 'surveyMany'));

/** A score as the page shows it: "4.3 / 5" or "NPS 12", from how many surveys; or why there is none. */
function scoreCell(lang: Lang, f: EventFeedback | KindFeedback): SafeHtml {
  const { score, runs } = f;
  if (!score || !runs) return html`<td class="num muted">-</td>`;
  if (score.value === null) {
    // an open run counts its answers in steps: people may have answered though none is counted yet
    const why = f.openRuns && f.responsesSoFar > f.responses
      ? t(lang, 'scoreCountedSoFar', { min: formatCount(f.minGroupSize ?? 0, lang) })
      : score.runsWithheld || f.responsesSoFar ? t(lang, 'scoreWithheld') : t(lang, 'scoreNone');
    return html`<td class="num muted" data-score="">${why}</td>`;
  }
  const v = score.type === 'nps' ? `NPS ${score.value}` : `${score.value.toFixed(1)} / 5`;
  const surveys = surveysOf(lang, score.runsCounted);
  const from = score.runsWithheld ? t(lang, 'scoreFromWithheld', { surveys, withheld: formatCount(score.runsWithheld, lang) }) : t(lang, 'scoreFrom', { surveys });
  return html`<td class="num" data-score="${score.value}"><b>${v}</b><div class="muted">${from}</div></td>`;
}

/** Per event and per kind of event: feedback requests sent, response rate and score, as `itbot plan report` gives them. */
async function feedbackSection(app: App, lang: Lang, year: number, tables: PlanTables): Promise<SafeHtml> {
  const fb = await planFeedback(app, year, tables);
  if (!fb) return html``;
  const n = (x: number) => formatCount(x, lang);
  const rate = (f: { requests: number; responsesSoFar: number }) => (f.requests ? `${Math.round((f.responsesSoFar * 100) / f.requests)}%` : '-');
  // who has answered by now; while an open run's figures lag behind, how many they count
  const responses = (f: EventFeedback | KindFeedback) =>
    f.responsesSoFar === f.responses
      ? html`${n(f.responses)}`
      : html`${n(f.responsesSoFar)}<div class="muted">${f.responses ? t(lang, 'responsesAsOf', { n: n(f.responses) }) : t(lang, 'responsesNoneCounted')}</div>`;
  const runs = (f: { runs: number; openRuns: number }) => (f.openRuns ? t(lang, 'feedbackRunsOpen', { surveys: surveysOf(lang, f.runs), open: n(f.openRuns) }) : surveysOf(lang, f.runs));
  const figures = (f: EventFeedback | KindFeedback) =>
    html`<td class="num">${n(f.requests)}<div class="muted">${runs(f)}</div>${f.missedRequests ? html`<div class="muted missed">${t(lang, 'requestsMissed', { n: n(f.missedRequests) })}</div>` : ''}</td><td class="num">${responses(f)}</td><td class="num">${rate(f)}</td>${scoreCell(lang, f)}`;
  const head = (first: SafeHtml) =>
    html`<thead><tr>${first}<th class="num">${t(lang, 'colRequests')}</th><th class="num">${t(lang, 'colResponses')}</th><th class="num">${t(lang, 'colRate')}</th><th class="num">${t(lang, 'colScore')}</th></tr></thead>`;
  const survey = (id: string) => html`<a href="/admin/surveys/${encodeURIComponent(id)}">${id}</a>`;
  const byKind = (a: { kind: string }, b: { kind: string }) => Number(a.kind === REMOVED_KIND) - Number(b.kind === REMOVED_KIND) || kindWords(lang, a.kind).localeCompare(kindWords(lang, b.kind), lang);
  const titleOf = (f: EventFeedback) => (f.title ? pick(f.title, lang) : f.eventId);
  const kinds = [...fb.kinds].sort(byKind);
  const events = [...fb.events].sort((a, b) => byKind(a, b) || titleOf(a).localeCompare(titleOf(b), lang));
  return html`<section class="card" id="feedback"><h3>${t(lang, 'feedbackTitle')}</h3>
  ${fb.events.length
    ? html`<table id="feedback-events">${head(html`<th>${t(lang, 'colEvent')}</th><th>${t(lang, 'colEventKind')}</th><th>${t(lang, 'colSurvey')}</th>`)}
  <tbody>${events.map((f) => html`<tr data-event="${f.eventId}" data-survey="${f.surveyId}"><td>${titleOf(f)}</td><td>${kindWords(lang, f.kind)}</td><td>${survey(f.surveyId)}</td>${figures(f)}</tr>`)}</tbody></table>
  <h3>${t(lang, 'feedbackByKind')}</h3>
  <table id="feedback-kinds">${head(html`<th>${t(lang, 'colEventKind')}</th><th class="num">${t(lang, 'colEvents')}</th><th>${t(lang, 'colSurvey')}</th>`)}
  <tbody>${kinds.map((f) => html`<tr data-kind="${f.kind}" data-survey="${f.surveyId}"><td>${kindWords(lang, f.kind)}</td><td class="num">${n(f.events)}</td><td>${survey(f.surveyId)}</td>${figures(f)}</tr>`)}</tbody></table>
  <p class="muted" id="feedback-hint">${t(lang, 'feedbackHint')}${fb.kinds.some((k) => k.openRuns) ? html` ${t(lang, 'feedbackHintOpen')}` : ''}</p>`
    : html`<p class="muted">${t(lang, 'feedbackNone')}</p>`}
</section>`;
}

function monthView(req: express.Request, csrf: string, lang: Lang, tz: string, orgTz: string, today: string, y: number, m: number, items: CalendarItem[]): SafeHtml {
  // Monday-first grid covering the whole month
  const first = new Date(Date.UTC(y, m - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: SafeHtml[] = [];
  const dows = Array.from({ length: 7 }, (_, i) =>
    new Intl.DateTimeFormat(lang === 'de' ? 'de-CH' : 'en-GB', { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i))),
  );
  const byDay = new Map<string, CalendarItem[]>();
  for (const it of items) {
    const d = it.occurrence.slice(0, 10);
    byDay.set(d, [...(byDay.get(d) ?? []), it]);
  }
  const total = Math.ceil((lead + daysIn(y, m)) / 7) * 7;
  for (let i = 0; i < total; i++) {
    const d = new Date(Date.UTC(y, m - 1, 1 + i - lead));
    const day = dayOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    const other = d.getUTCMonth() + 1 !== m;
    const list = other ? [] : byDay.get(day) ?? [];
    cells.push(html`<div class="day${other ? ' other' : ''}${day === today ? ' today' : ''}" data-day="${day}"><span class="n">${d.getUTCDate()}</span>
${list.map((it) => html`<div class="occ ${it.state}${it.removed ? ' removed' : ''}" title="${[it.title, it.ownerName, stateWords(lang, it.state), ...(it.removed ? [t(lang, 'kindRemoved')] : [])].filter(Boolean).join(' · ')}"><b>${it.time}</b> ${it.title}<div class="muted">${[it.ownerName, ...(it.removed ? [t(lang, 'kindRemoved')] : [])].filter(Boolean).join(' · ')}</div></div>`)}</div>`);
  }
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
  const next = m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
  return html`<section class="card" id="month">
  <p><a class="btn" href="/admin/plan?view=month&amp;month=${prev}">${t(lang, 'prev')}</a>
  <b>${monthName(lang, y, m)}</b>
  <a class="btn" href="/admin/plan?view=month&amp;month=${next}">${t(lang, 'next')}</a>
  <a class="btn" href="/admin/plan?view=month">${t(lang, 'today')}</a></p>
  ${legend(lang)}
  <div class="cal">${dows.map((d) => html`<div class="dow">${d}</div>`)}${cells}</div>
</section>
<section class="card"><h3>${t(lang, 'occListTitle', { month: monthName(lang, y, m) })}</h3>${occTable(req, csrf, lang, tz, orgTz, items)}</section>`;
}

function yearView(lang: Lang, y: number, items: CalendarItem[]): SafeHtml {
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  // per month, one line per event with its days as chips coloured by state: a year of weekly
  // meetings stays readable
  return html`<section class="card" id="year">
  <p><a class="btn" href="/admin/plan?view=year&amp;year=${y - 1}">${t(lang, 'prev')}</a> <b>${y}</b>
  <a class="btn" href="/admin/plan?view=year&amp;year=${y + 1}">${t(lang, 'next')}</a></p>
  ${legend(lang)}
  <div class="year">${months.map((m) => {
    const list = items.filter((it) => Number(it.occurrence.slice(5, 7)) === m);
    const byEvent = new Map<string, CalendarItem[]>();
    for (const it of list) byEvent.set(it.eventId, [...(byEvent.get(it.eventId) ?? []), it]);
    return html`<div class="month"><h4><a href="/admin/plan?view=month&amp;month=${y}-${pad(m)}">${monthName(lang, y, m)}</a></h4>
    <ul>${[...byEvent.values()].map(
      (evs) => html`<li${evs[0]!.removed ? html` class="removed"` : ''}><b>${evs[0]!.title}</b> <span class="muted">${[evs[0]!.ownerName, ...(evs[0]!.removed ? [t(lang, 'kindRemoved')] : [])].filter(Boolean).join(' · ')}</span><br>${evs.map(
        (it) => html`<span class="chip s-${it.state}" data-occ="${it.eventId}|${it.occurrence}" title="${it.occurrence.slice(8, 10)}.${it.occurrence.slice(5, 7)}. ${it.time} · ${stateWords(lang, it.state)}">${Number(it.occurrence.slice(8, 10))}</span>`,
      )}</li>`,
    )}</ul></div>`;
  })}</div>
</section>`;
}

export function registerPlanPages(router: express.Router, ctx: AdminContext): void {
  const { app } = ctx;

  router.get('/plan', async (req, res, next) => {
    try {
      const { lang, csrf } = locals(res);
      // the plan's tables, read once for the whole page (calendar, report and feedback agree)
      const tables = readPlanTables(app);
      const tz = tables.timezone ?? app.config.ITBOT_TIMEZONE;
      const today = localToday(app, tz);
      const view = req.query.view === 'year' ? 'year' : 'month';
      const tabs = html`<p><a class="btn${view === 'month' ? ' btn-primary' : ''}" href="/admin/plan?view=month" id="view-month">${t(lang, 'viewMonth')}</a>
        <a class="btn${view === 'year' ? ' btn-primary' : ''}" href="/admin/plan?view=year" id="view-year">${t(lang, 'viewYear')}</a></p>`;
      if (!tables.timezone) {
        sendPage(ctx, req, res, { title: t(lang, 'planTitle'), active: 'plan', body: html`<h2>${t(lang, 'planTitle')}</h2><section class="card"><p id="plan-none">${t(lang, 'planNone')}</p></section>` });
        return;
      }
      let body: SafeHtml;
      if (view === 'year') {
        // (a year beyond the horizon is read as no year: expanding the plan up to it would take minutes)
        // (and so is one before 1900: no plan reaches back there, and year 0 is no calendar year)
        const q = typeof req.query.year === 'string' && /^\d{4}$/.test(req.query.year) && Number(req.query.year) >= 1900 && Number(req.query.year) <= lastYearAhead(today) ? Number(req.query.year) : Number(today.slice(0, 4));
        const cal = calendarItems(app, lang, `${q}-01-01`, `${q}-12-31`, tables)!;
        body = html`${yearView(lang, q, cal.items)}${await quarterSection(app, lang, q, tables)}${await feedbackSection(app, lang, q, tables)}`;
      } else {
        const mq = typeof req.query.month === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(req.query.month) && Number(req.query.month.slice(0, 4)) >= 1900 && Number(req.query.month.slice(0, 4)) <= lastYearAhead(today) ? req.query.month : today.slice(0, 7);
        const y = Number(mq.slice(0, 4));
        const m = Number(mq.slice(5, 7));
        const cal = calendarItems(app, lang, dayOf(y, m, 1), dayOf(y, m, daysIn(y, m)), tables)!;
        body = html`${monthView(req, csrf, lang, cal.tz, app.config.ITBOT_TIMEZONE, today, y, m, cal.items)}${await quarterSection(app, lang, y, tables)}${await feedbackSection(app, lang, y, tables)}`;
      }
      sendPage(ctx, req, res, { title: t(lang, 'planTitle'), active: 'plan', body: html`<h2>${t(lang, 'planTitle')}</h2>${planTzNote(lang, tz, app.config.ITBOT_TIMEZONE)}${tabs}${body}` });
    } catch (e) {
      next(e);
    }
  });

  /** Finds the occurrence a form names; the plan's own expansion decides whether it exists. */
  const locate = (body: Record<string, unknown>) => {
    const repo = new PlanRepo(app.db);
    const tz = repo.timezone();
    const ev = typeof body.event === 'string' ? repo.event(body.event) : null;
    const occ = tz && ev && typeof body.occurrence === 'string' ? occurrenceAt(ev.event, tz, body.occurrence) : null;
    return occ && ev && tz ? { ev: ev.event, occ, tz } : null;
  };

  router.post('/plan/done', (req, res) => {
    const { lang } = locals(res);
    const found = locate(req.body as Record<string, unknown>);
    if (!found) return redirectBack(ctx, req, res, '/admin/plan', { text: t(lang, 'unknownOcc'), error: true });
    const { ev, occ, tz } = found;
    recordOutcome(app.db, { eventId: ev.id, occurrence: occ.occurrence, state: 'done', by: null, reason: null, startAt: occ.start, now: app.clock.now() });
    app.log.info({ event: ev.id, occurrence: occ.occurrence }, 'admin: occurrence marked done');
    redirectBack(ctx, req, res, '/admin/plan', { text: t(lang, 'markedDone', { title: pick(ev.title, lang), when: formatWhen(occ.start, lang, tz) }) });
  });

  router.post('/plan/skip', (req, res) => {
    const { lang } = locals(res);
    const body = req.body as Record<string, unknown>;
    const found = locate(body);
    if (!found) return redirectBack(ctx, req, res, '/admin/plan', { text: t(lang, 'unknownOcc'), error: true });
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (!reason) return redirectBack(ctx, req, res, '/admin/plan', { text: t(lang, 'reasonNeeded'), error: true });
    // (at most 500 UTF-16 units, as the form's maxlength counts; a longer one sent anyway is refused,
    // as the chat refuses it, never stored cut short without a word)
    if (reason.length > MAX_REASON) {
      return redirectBack(ctx, req, res, '/admin/plan', { text: t(lang, 'reasonTooLong', { length: formatCount(reason.length, lang), max: formatCount(MAX_REASON, lang) }), error: true });
    }
    const { ev, occ, tz } = found;
    recordOutcome(app.db, { eventId: ev.id, occurrence: occ.occurrence, state: 'skipped', by: null, reason, startAt: occ.start, now: app.clock.now() });
    app.log.info({ event: ev.id, occurrence: occ.occurrence }, 'admin: occurrence skipped');
    redirectBack(ctx, req, res, '/admin/plan', { text: t(lang, 'markedSkipped', { title: pick(ev.title, lang), when: formatWhen(occ.start, lang, tz), reason }) });
  });
}
