import type { Lang } from '../../../src/chat/model.ts';
import { html, raw, type SafeHtml, type HtmlValue } from './html.ts';
import { t } from './texts.ts';

/** The small style sheet of the admin pages (inline: one request per page, no static route). */
const CSS = `
:root { --accent:#0b5cad; --bg:#f4f6f9; --card:#fff; --muted:#5f6b7a; --planned:#4c78a8; --done:#2e7d32; --skipped:#9e9e9e; --overdue:#c62828; }
* { box-sizing:border-box; }
body { margin:0; font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:#1d2530; }
header { background:var(--accent); color:#fff; padding:8px 16px; display:flex; gap:14px; align-items:center; flex-wrap:wrap; }
header h1 { font-size:17px; margin:0 12px 0 0; }
header nav { display:flex; gap:4px; flex:1; flex-wrap:wrap; }
header a { color:#fff; text-decoration:none; padding:4px 10px; border-radius:6px; }
header a.active, header a:hover { background:rgba(255,255,255,.18); }
header form { margin:0; }
header .lang a { padding:2px 6px; font-size:13px; }
header .lang a.active { font-weight:700; text-decoration:underline; background:none; }
main { max-width:1180px; margin:0 auto; padding:14px 16px 60px; }
h2 { font-size:20px; margin:8px 0 12px; } h3 { font-size:16px; margin:14px 0 8px; }
section.card { background:var(--card); border-radius:10px; padding:12px 16px; box-shadow:0 1px 3px rgba(0,0,0,.1); margin-bottom:14px; overflow-x:auto; }
table { border-collapse:collapse; width:100%; font-size:14px; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid #e3e7ee; vertical-align:top; }
th { font-size:12px; color:var(--muted); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.muted { color:var(--muted); font-size:13px; }
.flash { padding:8px 12px; border-radius:8px; margin-bottom:12px; background:#d9f5de; }
.flash.error { background:#ffd9d9; }
.btn { font:inherit; font-size:13px; border:1px solid #c5cdd8; background:#fff; border-radius:7px; padding:3px 9px; cursor:pointer; color:#1d2530; text-decoration:none; display:inline-block; }
.btn:hover { background:#eef3fa; } .btn-primary { background:var(--accent); border-color:var(--accent); color:#fff; }
.btn-primary:hover { background:#094c8f; }
header .btn { background:transparent; color:#fff; border-color:rgba(255,255,255,.6); }
input[type=text], input[type=password], input[type=search], select { font:inherit; padding:5px 8px; border:1px solid #c5cdd8; border-radius:7px; max-width:100%; }
form.inline { display:inline-flex; flex-wrap:wrap; gap:4px; align-items:center; margin:2px 0; max-width:100%; }
.pill { display:inline-block; font-size:12px; border-radius:10px; padding:1px 8px; color:#fff; white-space:nowrap; }
.s-planned { background:var(--planned); } .s-done { background:var(--done); } .s-skipped { background:var(--skipped); } .s-overdue { background:var(--overdue); }
.legend { display:flex; gap:8px; flex-wrap:wrap; margin:6px 0; }
.cal { display:grid; grid-template-columns:repeat(7,1fr); gap:3px; }
.cal .dow { font-size:12px; color:var(--muted); text-align:center; }
.cal .day { min-height:86px; background:#fafbfd; border:1px solid #e3e7ee; border-radius:6px; padding:3px 4px; font-size:12px; }
.cal .day.other { opacity:.45; } .cal .day.today { border-color:var(--accent); border-width:2px; }
.cal .day .n { font-weight:600; }
.occ { border-left:4px solid var(--planned); background:#fff; border-radius:4px; padding:2px 4px; margin:2px 0; }
.occ.done { border-color:var(--done); } .occ.skipped { border-color:var(--skipped); } .occ.overdue { border-color:var(--overdue); }
.year { display:grid; grid-template-columns:repeat(auto-fill,minmax(260px,1fr)); gap:10px; }
.year .month h4 { margin:4px 0; font-size:14px; }
.year .month ul { list-style:none; padding:0; margin:0; font-size:12px; }
.year .month li { margin:4px 0; line-height:1.3; }
.chart svg { max-width:100%; height:auto; }
.btn[disabled] { opacity:.45; cursor:default; }
td.record { white-space:nowrap; }
td.record form.inline { margin-right:6px; }
.report { display:flex; flex-wrap:wrap; gap:16px; align-items:flex-start; }
.report > .chart { flex:0 1 520px; min-width:0; } .report th, .report td { padding:4px 5px; } .report > div { flex:1 1 620px; min-width:0; }
.occ.removed { border-left-style:dashed; opacity:.8; } li.removed > b { font-style:italic; }
.chip { display:inline-block; min-width:20px; text-align:center; font-size:11px; border-radius:4px; padding:0 3px; margin:1px 1px 0 0; color:#fff; }
.qgrid { display:grid; grid-template-columns:repeat(auto-fill,minmax(min(470px,100%),1fr)); gap:14px; }
.grid2 { display:grid; grid-template-columns:repeat(auto-fit,minmax(min(320px,100%),1fr)); gap:12px; }
#waves tr.selected td { background:#eef3fa; font-weight:600; }
.kpi { display:flex; gap:18px; flex-wrap:wrap; margin:4px 0 8px; }
.kpi div { background:#eef3fa; border-radius:8px; padding:6px 12px; } .kpi b { display:block; font-size:18px; }
blockquote { margin:4px 0; padding:4px 10px; border-left:3px solid #c5cdd8; background:#fafbfd; }
.bot-answer .card { border:1px solid #e3e7ee; border-radius:10px; padding:8px 12px; margin:8px 0; }
.bot-answer .fields { display:grid; grid-template-columns:repeat(auto-fill,minmax(200px,1fr)); gap:2px 12px; }
.bot-answer .fields dd { overflow-wrap:anywhere; } .bot-answer a .nw { white-space:nowrap; }
.bot-answer .fields dt { font-size:12px; color:var(--muted); } .bot-answer .fields dd { margin:0; }
.bot-answer .badge { font-size:12px; border-radius:10px; padding:1px 8px; background:#e6eefb; margin-right:4px; }
.issue-text h4 { margin:4px 0 8px; font-size:16px; } .issue-text h5 { margin:12px 0 4px; font-size:14px; color:var(--accent); }
.issue-text div { margin:2px 0; }
.flag { color:var(--overdue); font-size:13px; }
.pager { display:flex; gap:10px; align-items:center; margin:8px 0; }
.login { max-width:420px; margin:60px auto; }
.login input { width:100%; margin:6px 0 10px; }
`;

export interface PageOptions {
  lang: Lang;
  title: string;
  /** the nav entry to highlight */
  active?: 'plan' | 'surveys' | 'catalog' | 'newsletter' | 'people' | 'health';
  /** present when logged in: the logout form needs it */
  csrf?: string;
  /** the current path and query, for the language switch */
  url: string;
  flash?: { text: string; error?: boolean } | null;
  body: HtmlValue;
}

/** The link to the same page in another language (the choice is then kept in a cookie). */
export function withLang(url: string, lang: Lang): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

/** The hidden CSRF field every form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** The line that says which time zone a page's times are in. */
export function tzNote(lang: Lang, tz: string): SafeHtml {
  return html`<p class="muted tz-note" id="tz-note">${t(lang, 'tzNote', { tz })}</p>`;
}

/** One whole admin page. */
export function layout(o: PageOptions): string {
  const nav: Array<[NonNullable<PageOptions['active']>, string, string]> = [
    ['plan', '/admin/plan', t(o.lang, 'navPlan')],
    ['surveys', '/admin/surveys', t(o.lang, 'navSurveys')],
    ['catalog', '/admin/catalog', t(o.lang, 'navCatalog')],
    ['newsletter', '/admin/newsletter', t(o.lang, 'navNewsletter')],
    ['people', '/admin/people', t(o.lang, 'navPeople')],
    ['health', '/admin/health', t(o.lang, 'navHealth')],
  ];
  const page = html`<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${o.title} · ${t(o.lang, 'title')}</title>
<style>${raw(CSS)}</style>
</head>
<body>
<header>
  <h1>${t(o.lang, 'title')}</h1>
  ${o.csrf
    ? html`<nav>${nav.map(([k, href, label]) => html`<a href="${href}" class="${o.active === k ? 'active' : ''}" id="nav-${k}">${label}</a>`)}<a href="/">${t(o.lang, 'navChat')}</a></nav>`
    : html`<nav></nav>`}
  <span class="lang" aria-label="${t(o.lang, 'language')}">
    <a href="${withLang(o.url, 'de')}" class="${o.lang === 'de' ? 'active' : ''}" hreflang="de" id="lang-de">DE</a>
    <a href="${withLang(o.url, 'en')}" class="${o.lang === 'en' ? 'active' : ''}" hreflang="en" id="lang-en">EN</a>
  </span>
  ${o.csrf
    ? html`<form method="post" action="/admin/logout">${csrfField(o.csrf)}<button class="btn" type="submit" id="logout">${t(o.lang, 'logout')}</button></form>`
    : ''}
</header>
<main>
${o.flash ? html`<div class="flash${o.flash.error ? ' error' : ''}" role="status">${o.flash.text}</div>` : ''}
${o.body}
</main>
</body>
</html>`;
  return page.value;
}
