import type express from 'express';
import type { App } from '../../../src/app-types.ts';
import type { Lang } from '../../../src/chat/model.ts';
import { AppError } from '../../../src/errors.ts';
import { formatDecimal, pick } from '../../../src/i18n/index.ts';
import { SurveyRepo, type RunRow } from '../../../src/store/survey-repo.ts';
import { ANON_DEPARTMENT, fewerResponses, ratePercent, surveyResults, surveyResultsByWave, type DepartmentResult, type QuestionResult, type Stepped, type SurveyResultsByWave } from '../../../src/surveys/results.ts';
import { surveyChart } from '../../../src/surveys/summary.ts';
import { waveLabels } from '../../../src/surveys/runs.ts';
import { exportCsv } from '../../../src/surveys/export.ts';
import { skippedWaves, skippedWaveWords } from '../../../src/surveys/scheduler.ts';
import { answerOptions } from '../../../src/surveys/messages.ts';
import { heldBackQuestionText, heldBackText, st, steppedText, withheldSentence, withheldText } from '../../../src/surveys/texts.ts';
import type { Question, SurveyDef } from '../../../src/surveys/definition.ts';
import { renderTrendChart } from '../../../src/charts/render.ts';
import { nextReminderRound, remindNow } from '../../../src/admin/survey-reminder.ts';
import { formatDuration } from '../../../src/plan/messages.ts';
import { type AdminContext, backPath, locals, redirectBack, sendPage } from './context.ts';
import { csrfField, tzNote } from './layout.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { t } from './texts.ts';
import { departmentWords, figureWords, waveWords } from './words.ts';

/*
 * Everything on these pages comes from the surveys feature's own results function
 * (surveyResults) and exporter (exportCsv): the group-size rule, secondary suppression and
 * the anonymity modes are applied there, once, so the pages can never show more than
 * `itbot survey results` / `itbot survey export` would.
 */

const NUMERIC = new Set(['csat', 'nps', 'likert']);

const pct = (g: { responses: number; recipients: number } | undefined) => (g?.recipients ? `${ratePercent(g)}%` : '–');

/**
 * The response count of a survey or wave as it stands (the lists of surveys and waves track
 * who has answered); the figures of an open wave, and the count beside them, are those of its
 * last step (`stepped`, with a line saying so).
 */
const soFar = (g: { responses: number; recipients: number; stepped?: Stepped }) => ({ responses: g.stepped?.responsesSoFar ?? g.responses, recipients: g.recipients });

/**
 * Recipients, responses and response rate of a survey or wave, with the same numbers as the
 * lists of surveys and waves: who has answered by now, and, while an open wave's figures lag
 * behind, how many they count ("4, so far; figures as of 3").
 */
function kpis(lang: Lang, g: { responses: number; recipients: number; stepped?: Stepped }): SafeHtml {
  const now = soFar(g);
  const asOf = now.responses !== g.responses ? html`<span class="muted asof">${t(lang, 'kpiSoFarAsOf', { n: g.responses })}</span>` : '';
  return html`<div class="kpi"><div>${t(lang, 'recipients')}<b>${g.recipients}</b></div><div>${t(lang, 'responses')}<b>${now.responses}</b>${asOf}</div><div>${t(lang, 'rate')}<b>${pct(now)}</b></div></div>`;
}

/** A survey's reminder rounds in words, as its file gives them after the send: "3 Tage, 5 Tage nach dem Versand" (not "P3D, P5D"). */
function afterSending(offsets: string[], lang: Lang): string {
  return t(lang, 'afterSending', { durations: offsets.map((o) => formatDuration(o, lang)).join(', ') });
}

function fmtDate(iso: string, lang: Lang, tz: string): string {
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-CH' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(new Date(iso));
}


async function questionBlock(app: App, def: SurveyDef, run: RunRow, q: Question, r: QuestionResult | undefined, results: SurveyResultsByWave, lang: Lang, waveHeldBack = 0): Promise<SafeHtml> {
  const head = html`<h4>${pick(q.text, lang)}</h4>`;
  if (!r) return head;
  // the answers to this question its figures leave out at the close, where the wave's line above does not say it
  const held = r.heldBack && r.heldBack !== waveHeldBack ? html`<p class="muted held-back">${heldBackQuestionText(lang, r.heldBack)}</p>` : '';
  if (r.withheld) return html`<div class="q" data-question="${q.id}">${head}<p class="muted withheld">${withheldSentence(lang, r.withheld, { capital: true })}</p></div>`;
  if (q.type === 'text') {
    return html`<div class="q" data-question="${q.id}">${head}${held}${r.comments?.length
      ? html`<div class="comments">${r.comments.map((c) => html`<blockquote>${c}</blockquote>`)}</div>`
      : html`<p class="muted">${t(lang, 'commentsNone')}</p>`}</div>`;
  }
  // the same chart the survey's result card links to (src/surveys/summary.ts)
  const svg = (await surveyChart(app, def.id, `dist-${run.id}-${q.id}`, lang, 'svg', results)) as string | null;
  const figures: Array<[string, string]> = [[t(lang, 'answers'), String(r.count)]];
  if (r.mean !== null && q.type !== 'nps') figures.push([t(lang, 'mean'), figureWords('mean', r.mean, lang)]);
  if (r.nps !== null) figures.push([t(lang, 'nps'), figureWords('nps', r.nps, lang)]);
  if (r.csat != null) figures.push([t(lang, 'csatShare'), CSAT_FIGURE.words(r.csat, lang)]);
  const dist = r.distribution ?? {};
  const percent = r.percent ?? {};
  return html`<div class="q" data-question="${q.id}">${head}
  <div class="kpi">${figures.map(([k, v]) => html`<div>${k}<b data-figure="${k}">${v}</b></div>`)}</div>
  ${held}
  ${svg ? html`<div class="chart">${raw(svg)}</div>` : ''}
  <table class="dist">${answerOptions(q, lang).map((o) => html`<tr data-value="${o.value}"><td>${o.label}</td><td class="num">${dist[o.value] ?? 0}</td><td class="num">${percent[o.value] ?? 0}%</td></tr>`)}</table>
</div>`;
}

/** One figure a department's line gives for a question, with its column's or table's name. */
interface DepartmentFigure {
  kind: 'mean' | 'nps' | 'csat';
  name: 'mean' | 'nps' | 'csatShare';
  value: (qr: QuestionResult) => number | null;
  words: (v: number, lang: Lang) => string;
}

const MEAN_FIGURE: DepartmentFigure = { kind: 'mean', name: 'mean', value: (qr) => qr.mean, words: (v, lang) => figureWords('mean', v, lang) };
const NPS_FIGURE: DepartmentFigure = { kind: 'nps', name: 'nps', value: (qr) => qr.nps, words: (v, lang) => figureWords('nps', v, lang) };
const CSAT_FIGURE: DepartmentFigure = { kind: 'csat', name: 'csatShare', value: (qr) => qr.csat ?? null, words: (v, lang) => `${formatDecimal(v, lang, 0, 1)}%` };

/** What a department's line shows of a numeric question: its NPS, its mean, and a csat's CSAT too (as the overall figures). */
function departmentFigures(q: Question): DepartmentFigure[] {
  return q.type === 'nps' ? [NPS_FIGURE] : q.type === 'csat' ? [MEAN_FIGURE, CSAT_FIGURE] : [MEAN_FIGURE];
}

/**
 * The shown wave's own figures per department (responses, and the mean, or NPS, of each
 * numeric question, and a csat question's CSAT), as its results give them: withheld with the reason where the group-size
 * rule withholds them, the same cells as in the CSV and in the trend table. So a survey with
 * one wave shows its departments too.
 */
function waveDepartments(app: App, def: SurveyDef, departments: DepartmentResult[], lang: Lang): SafeHtml {
  const numeric = def.questions.filter((q) => NUMERIC.has(q.type)).flatMap((q) => departmentFigures(q).map((f) => ({ q, f })));
  const head = html`<h4>${t(lang, 'waveByDept')}</h4>`;
  // an anonymous survey counts its answers for the whole survey only
  if (def.anonymity === 'anonymous') return html`<div id="wave-departments">${head}<p class="muted">${withheldText(lang, ANON_DEPARTMENT)}</p></div>`;
  if (!departments.length) return html``;
  const named = departments.map((d) => ({ d, name: departmentWords(app, d.department, lang) })).sort((a, b) => a.name.localeCompare(b.name, lang));
  return html`<div id="wave-departments">${head}<table class="dept-wave"><thead><tr><th>${t(lang, 'colDepartment')}</th><th class="num">${t(lang, 'colResponses')}</th>${numeric.map(({ q, f }) => html`<th class="num" data-question="${q.id}" data-stat="${f.kind}">${pick(q.text, lang)} (${t(lang, f.name)})</th>`)}</tr></thead><tbody>
  ${named.map(({ d, name }) => html`<tr data-dept-wave="${d.department}"><td>${name}</td><td class="num">${d.responses} / ${d.recipients}</td>${d.withheld
    ? html`<td colspan="${numeric.length}" class="muted withheld">${withheldSentence(lang, d.withheld, { capital: true })}</td>`
    : numeric.map(({ q, f }) => {
        const qr = d.questions.find((x) => x.id === q.id);
        const v = qr && !qr.withheld ? f.value(qr) : null;
        return v === null
          ? html`<td class="num muted" title="${qr?.withheld ? withheldText(lang, qr.withheld) : ''}">${t(lang, 'withheldShort')}</td>`
          : html`<td class="num">${f.words(v, lang)}</td>`;
      })}</tr>`)}
  </tbody></table></div>`;
}

/** Mean (NPS for nps questions; and CSAT for csat questions) of one question per department and wave, each wave's own results. */
async function departmentTrend(app: App, def: SurveyDef, runs: RunRow[], results: SurveyResultsByWave, lang: Lang): Promise<SafeHtml> {
  const numeric = def.questions.filter((q) => NUMERIC.has(q.type));
  if (runs.length < 2 || !numeric.length) return html`<p class="muted">${t(lang, 'trendNone')}</p>`;
  // each cell is a wave's own department figure, as in the CSV export: shown only where the
  // wave's results show it (the group-size rule makes these cells safe to show side by side)
  const labels = waveLabels(runs.map((r) => ({ runKey: r.run_key, openedAt: r.opened_at })));
  const perWave = runs.map((run, i) => ({ run, label: labels[i]!, res: results.wave(run.id)! }));
  const depts = [...new Set(perWave.flatMap(({ res }) => res.departments.filter((d) => !d.withheld).map((d) => d.department)))].sort();
  const blocks: SafeHtml[] = [];
  for (const q of numeric) {
    const [main, ...more] = departmentFigures(q) as [DepartmentFigure, ...DepartmentFigure[]];
    const overall = (await surveyChart(app, def.id, `trend-${q.id}`, lang, 'svg', results)) as string | null;
    const rowsOf = (f: DepartmentFigure) => depts.map((d) => ({
      d,
      cells: perWave.map(({ res }) => {
        const dr = res.departments.find((x) => x.department === d);
        const qr = dr?.questions.find((x) => x.id === q.id);
        const why = dr?.withheld ?? qr?.withheld ?? (dr ? null : fewerResponses(def.minGroupSize));
        return { v: why || !qr ? null : f.value(qr), why };
      }),
    }));
    const rows = rowsOf(main);
    // (one table a figure: the mean's (or NPS's) first, with the charts of its rows; then a csat's CSAT, where a department is shown)
    const table = (f: DepartmentFigure, fRows: typeof rows) => html`<h4>${t(lang, 'trendByDept', { question: t(lang, f.name) })}</h4>
    <table class="dept-trend" data-stat="${f.kind}"><thead><tr><th>${t(lang, 'colDepartment')}</th>${perWave.map(({ run, label }) => html`<th class="num" data-wave="${run.run_key}">${label}</th>`)}</tr></thead><tbody>
    ${fRows.length
      ? fRows.map((r) => html`<tr data-dept="${r.d}"><td>${departmentWords(app, r.d, lang)}</td>${r.cells.map((c) => html`<td class="num" title="${c.why ? withheldText(lang, c.why) : ''}">${c.v === null ? t(lang, 'withheldShort') : f.words(c.v, lang)}</td>`)}</tr>`)
      : html`<tr><td colspan="${perWave.length + 1}" class="muted">${def.anonymity === 'anonymous' ? withheldText(lang, ANON_DEPARTMENT) : t(lang, 'groupNote', { min: def.minGroupSize })}</td></tr>`}
    </tbody></table>`;
    const charts = await Promise.all(
      rows
        .filter((r) => r.cells.filter((c) => c.v !== null).length >= 2)
        .map(async (r) =>
          renderTrendChart({
            title: `${departmentWords(app, r.d, lang)}: ${pick(q.text, lang)}`,
            points: r.cells.map((c, i) => ({ label: perWave[i]!.label, value: c.v })),
            domain: q.type === 'nps' ? [-100, 100] : [1, 5],
            lang,
          }),
        ),
    );
    blocks.push(html`<div class="trend" data-question="${q.id}"><h4>${pick(q.text, lang)}</h4>
    ${overall ? html`<div class="chart">${raw(overall)}</div>` : ''}
    ${table(main, rows)}
    ${charts.length ? html`<div>${charts.map((svg) => html`<div class="chart">${raw(svg)}</div>`)}</div>` : ''}
    ${rows.length ? more.map((f) => table(f, rowsOf(f))) : ''}
    </div>`);
  }
  return html`<div class="qgrid">${blocks}</div>`;
}

export function registerSurveyPages(router: express.Router, ctx: AdminContext): void {
  const { app } = ctx;
  const tz = () => app.config.ITBOT_TIMEZONE;

  router.get('/surveys', (req, res) => {
    const { lang } = locals(res);
    const repo = new SurveyRepo(app.db);
    const list = repo.all().map((s) => ({ s, runs: repo.runs(s.def.id), res: surveyResults(app, s.def.id) }));
    const body = html`<h2>${t(lang, 'surveysTitle')}</h2><section class="card">
${list.length
  ? html`<table id="surveys"><thead><tr><th>${t(lang, 'colSurvey')}</th><th>${t(lang, 'colAnonymity')}</th><th class="num">${t(lang, 'colMinGroup')}</th><th class="num">${t(lang, 'colWaves')}</th><th class="num">${t(lang, 'colResponses')}</th><th class="num">${t(lang, 'colRate')}</th></tr></thead><tbody>
    ${list.map(({ s, runs, res: r }) => html`<tr data-survey="${s.def.id}"><td><a href="/admin/surveys/${encodeURIComponent(s.def.id)}">${pick(s.def.title, lang)}</a><div class="muted">${s.def.id}</div></td>
      <td>${st(lang, `anon_${s.def.anonymity}`)}</td><td class="num">${s.def.minGroupSize}</td><td class="num">${runs.length}</td>
      <td class="num">${soFar(r).responses} / ${r.recipients}</td><td class="num">${pct(soFar(r))}</td></tr>`)}
    </tbody></table>`
  : html`<p class="muted">${t(lang, 'surveysNone')}</p>`}
</section>`;
    sendPage(ctx, req, res, { title: t(lang, 'surveysTitle'), active: 'surveys', body });
  });

  router.get('/surveys/:id', async (req, res, next) => {
    try {
      const { lang, csrf } = locals(res);
      const repo = new SurveyRepo(app.db);
      const stored = repo.get(req.params.id ?? '');
      if (!stored) return next();
      const def = stored.def;
      const runs = repo.runs(def.id);
      // the answers read once for the whole page: the survey, its waves, the charts
      const results = surveyResultsByWave(app, def.id);
      const all = results.all;
      const wanted = typeof req.query.wave === 'string' ? runs.find((r) => r.run_key === req.query.wave) : undefined;
      const run = wanted ?? runs[runs.length - 1];
      const now = app.clock.now();
      const reminders = def.reminders.length ? afterSending(def.reminders, lang) : t(lang, 'none');
      const waves = html`<table id="waves"><thead><tr><th>${t(lang, 'colWave')}</th><th>${t(lang, 'colOpened')}</th><th>${t(lang, 'colCloses')}</th><th class="num">${t(lang, 'colResponses')}</th><th class="num">${t(lang, 'colRate')}</th><th></th></tr></thead><tbody>
${runs.map((r) => {
  const w = all.waves.find((x) => x.runKey === r.run_key);
  const isOpen = !r.closed_at && new Date(r.closes_at) > now;
  // a wave closed (by the scheduler, or early by `itbot survey close`) shows when it did; one past its close not yet recorded, the planned time
  const closes = r.closed_at ? t(lang, 'closedOn', { date: fmtDate(r.closed_at, lang, tz()) }) : `${fmtDate(r.closes_at, lang, tz())} (${isOpen ? t(lang, 'open') : t(lang, 'closed')})`;
  // the button only while the wave has a reminder round left to bring forward
  const roundLeft = nextReminderRound(repo, def, r.id);
  return html`<tr data-wave="${r.run_key}"${run && r.id === run.id ? html` class="selected"` : ''}><td><a href="/admin/surveys/${encodeURIComponent(def.id)}?wave=${encodeURIComponent(r.run_key)}" title="${r.run_key}">${waveWords(def, r, lang)}</a></td>
  <td>${fmtDate(r.opened_at, lang, tz())}</td><td>${closes}</td>
  <td class="num">${w ? `${soFar(w).responses} / ${w.recipients}` : ''}</td><td class="num">${pct(w && soFar(w))}</td>
  <td>${!isOpen || !def.reminders.length
    ? ''
    : w && w.recipients > 0 && soFar(w).responses >= w.recipients
      ? html`<span class="muted">${t(lang, 'remindAllAnswered')}</span>`
    : !roundLeft
      ? html`<span class="muted">${t(lang, 'remindAllSent')}</span>`
      : html`<form method="post" action="/admin/surveys/${encodeURIComponent(def.id)}/remind" class="inline">${csrfField(csrf)}<input type="hidden" name="wave" value="${r.run_key}"><input type="hidden" name="round" value="${roundLeft}"><input type="hidden" name="back" value="${backPath(req)}"><button class="btn" type="submit" data-remind="${r.run_key}" title="${t(lang, 'remindHint', { reminders })}">${t(lang, 'remind')}</button></form>`}</td></tr>`;
})}
</tbody></table>`;
      let detail: SafeHtml = html`<p class="muted" id="no-waves">${t(lang, 'noWaves', { id: def.id })}</p>`;
      // the line on the steps is said once: in the card of the wave shown when that wave moves in steps, else in the head
      const shownWave = run ? results.wave(run.id) : undefined;
      if (run) {
        const one = shownWave!;
        const qs = await Promise.all(def.questions.map((q) => questionBlock(app, def, run, q, one.questions.find((x) => x.id === q.id), results, lang, one.heldBack)));
        detail = html`<section class="card" id="wave-results"><h3>${t(lang, 'waveResults', { wave: waveWords(def, run, lang) })}</h3>
  ${kpis(lang, one)}
  ${one.stepped?.responsesSoFar ? html`<p class="muted stepped">${steppedText(lang, one.stepped, one.responses)}</p>` : ''}
  ${one.heldBack ? html`<p class="muted held-back">${heldBackText(lang, one.heldBack)}</p>` : ''}
  ${one.withheld ? html`<p class="flash error withheld">${withheldSentence(lang, one.withheld, { capital: true })}</p>` : ''}
  <div class="qgrid">${qs}</div>
  ${def.questions.some((q) => NUMERIC.has(q.type)) ? waveDepartments(app, def, one.departments, lang) : ''}
</section>
<section class="card" id="trend"><h3>${t(lang, 'trendTitle')}</h3>${await departmentTrend(app, def, runs, results, lang)}</section>`;
      }
      const body = html`<h2>${pick(def.title, lang)} <span class="muted">${def.id}</span></h2>${runs.length ? tzNote(lang, tz()) : ''}
<section class="card" id="survey-head">
  <p>${def.anonymity === 'anonymous' ? t(lang, 'anonNote', { min: def.minGroupSize }) : t(lang, 'groupNote', { min: def.minGroupSize })}
  (${t(lang, 'colAnonymity')}: ${st(lang, `anon_${def.anonymity}`)})</p>
  ${kpis(lang, all)}
  ${all.stepped?.responsesSoFar && !shownWave?.stepped?.responsesSoFar ? html`<p class="muted stepped">${steppedText(lang, all.stepped, all.responses)}</p>` : ''}
  ${all.heldBack && !shownWave?.heldBack ? html`<p class="muted held-back">${heldBackText(lang, all.heldBack)}</p>` : ''}
  <p><a class="btn btn-primary" id="csv" href="/admin/surveys/${encodeURIComponent(def.id)}/export.csv" download>${t(lang, 'downloadCsv')}</a>
  <span class="muted">${def.reminders.length ? t(lang, 'remindHint', { reminders }) : t(lang, 'remindNoReminders')}</span></p>
  ${runs.length ? waves : ''}
  ${skippedWaves(def, runs, now, tz()).map((w) => html`<p class="muted skipped-wave" data-wave="${w.runKey}">${skippedWaveWords(def, w, lang)}</p>`)}
</section>
${detail}`;
      sendPage(ctx, req, res, { title: pick(def.title, lang), active: 'surveys', body });
    } catch (e) {
      next(e);
    }
  });

  // `itbot survey export ID --format csv` of the figures this page shows: for an anonymous or
  // confidential survey, those of the steps and without the answers after a closed wave's last
  // step, where the command line counts every answer (docs/surveys.md, "Export")
  router.get('/surveys/:id/export.csv', (req, res, next) => {
    const id = req.params.id ?? '';
    if (!new SurveyRepo(app.db).get(id)) return next();
    const csv = exportCsv(app, id);
    res.set('Cache-Control', 'no-store');
    res.set('Content-Disposition', `attachment; filename="${id.replace(/[^a-z0-9-]/gi, '_')}.csv"`);
    res.type('text/csv; charset=utf-8').send(csv);
  });

  router.post('/surveys/:id/remind', (req, res) => {
    const { lang } = locals(res);
    const id = req.params.id ?? '';
    const wave = typeof req.body?.wave === 'string' ? req.body.wave : '';
    // (the round the page offered: a second click of the same button sends nothing more)
    const round = typeof req.body?.round === 'string' && req.body.round ? req.body.round : undefined;
    const back = `/admin/surveys/${encodeURIComponent(id)}`;
    try {
      const r = remindNow(app, id, wave, round);
      const flash =
        r.status === 'queued'
          ? { text: t(lang, 'remindQueued', { offset: afterSending([r.offset], lang), n: r.queued }) }
          : r.status === 'already-sent'
            ? { text: t(lang, 'remindAlreadySent', { offset: afterSending([r.offset], lang) }), error: true }
          : r.status === 'closed'
            ? { text: t(lang, 'remindClosed'), error: true }
            : r.status === 'everyone-answered'
              ? { text: t(lang, 'remindAllAnswered'), error: true }
              : r.reminders.length
                ? { text: t(lang, 'remindNoneLeft', { reminders: afterSending(r.reminders, lang) }), error: true }
                : { text: t(lang, 'remindNoReminders'), error: true };
      redirectBack(ctx, req, res, back, flash);
    } catch (e) {
      if (e instanceof AppError) return redirectBack(ctx, req, res, back, { text: t(lang, 'failed', { reason: e.message }), error: true });
      throw e;
    }
  });
}
