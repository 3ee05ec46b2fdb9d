import type express from 'express';
import type { Lang } from '../../../src/chat/model.ts';
import { decideIssue, listIssues, saveEditorial, viewIssue } from '../../../src/newsletter/admin-api.ts';
import { issueTitle, renderText } from '../../../src/newsletter/render.ts';
import { VARIANTS } from '../../../src/newsletter/model.ts';
import { formatCount } from '../../../src/i18n/index.ts';
import { issuePeriod, MAX_EDITORIAL } from '../../../src/newsletter/issues.ts';
import { type AdminContext, backPath, locals, redirectBack, sendPage } from './context.ts';
import { csrfField, tzNote } from './layout.ts';
import { html, type SafeHtml } from './html.ts';
import { t } from './texts.ts';

/** Who decided, as the newsletter records it: the token login names no person. */
const ADMIN_NAME = 'admin (web)';

function fmt(iso: string | null, lang: Lang, tz: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-CH' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(new Date(iso));
}

/** The plain-text issue as HTML: "# " is its title, "## " a section, every line escaped. */
function preview(text: string): SafeHtml {
  return html`${text.split('\n').map((line) =>
    line.startsWith('# ') ? html`<h4>${line.slice(2)}</h4>` : line.startsWith('## ') ? html`<h5>${line.slice(3)}</h5>` : line.trim() ? html`<div>${line}</div>` : '',
  )}`;
}

/**
 * /admin/newsletter: the issues and one issue's preview (both versions), the editorial
 * introduction and approve / skip, all through the newsletter's own admin surface.
 */
export function registerNewsletterPages(router: express.Router, ctx: AdminContext): void {
  const { app } = ctx;
  const tz = () => app.config.ITBOT_TIMEZONE;

  router.get('/newsletter', (req, res) => {
    const { lang } = locals(res);
    const issues = listIssues(app);
    const body = html`<h2>${t(lang, 'nlTitle')}</h2>${issues.length ? tzNote(lang, tz()) : ''}<section class="card">
${issues.length
  ? html`<table id="issues"><thead><tr><th>${t(lang, 'nlIssue')}</th><th>${t(lang, 'nlDue')}</th><th>${t(lang, 'colState')}</th><th>${t(lang, 'colOwner')}</th><th>${t(lang, 'nlDecided')}</th><th>${t(lang, 'nlPublished')}</th></tr></thead><tbody>
  ${issues.map((i) => html`<tr data-issue="${i.id}"><td><a href="/admin/newsletter/${i.id}">#${i.id}${i.eventId ? ` ${i.eventId}` : ''}</a></td><td>${fmt(i.dueAt, lang, tz())}</td>
    <td>${t(lang, `nl_${i.state}`)}</td><td>${i.owner ?? ''}</td><td>${i.decidedBy ? `${i.decidedBy}, ${fmt(i.decidedAt, lang, tz())}` : ''}</td><td>${i.publishedAt ? fmt(i.publishedAt, lang, tz()) : i.goesOutAt ? t(lang, 'nlGoesOut', { date: fmt(i.goesOutAt, lang, tz()) }) : ''}</td></tr>`)}
  </tbody></table>`
  : html`<p class="muted">${t(lang, 'nlNone')}</p>`}</section>`;
    sendPage(ctx, req, res, { title: t(lang, 'nlTitle'), active: 'newsletter', body });
  });

  router.get('/newsletter/:id', (req, res, next) => {
    const { lang, csrf } = locals(res);
    const id = Number(req.params.id);
    const issue = Number.isSafeInteger(id) ? viewIssue(app, id) : null;
    if (!issue) return next();
    const draft = issue.state === 'draft';
    const hidden = html`${csrfField(csrf)}<input type="hidden" name="back" value="${backPath(req)}">`;
    const body = html`<h2>${issueTitle(issue.content, lang)}</h2>
<section class="card" id="issue-head">
  <p>${t(lang, 'colState')}: <b id="issue-state">${t(lang, `nl_${issue.state}`)}</b> · ${t(lang, 'nlDue')}: ${fmt(issue.dueAt, lang, tz())}${issue.owner ? ` · ${t(lang, 'colOwner')}: ${issue.owner}` : ''}
  ${issue.decidedBy ? ` · ${t(lang, 'nlDecided')}: ${issue.decidedBy}, ${fmt(issue.decidedAt, lang, tz())}` : ''}</p>
  ${tzNote(lang, tz())}
  ${draft
    ? html`<form method="post" action="/admin/newsletter/${issue.id}/decide" class="inline">${hidden}<input type="hidden" name="decision" value="approve"><button class="btn btn-primary" type="submit" id="approve">${t(lang, 'nlApprove')}</button></form>
  <form method="post" action="/admin/newsletter/${issue.id}/decide" class="inline">${hidden}<input type="hidden" name="decision" value="skip"><button class="btn" type="submit" id="skip">${t(lang, `nlSkip_${issuePeriod(app, { event_id: issue.eventId })}`)}</button></form>`
    : ''}
</section>
${draft
  ? html`<section class="card" id="editorial">${(['de', 'en'] as const).map(
      (l) => html`<form method="post" action="/admin/newsletter/${issue.id}/editorial">${hidden}<input type="hidden" name="lang" value="${l}">
  <label for="editorial-${l}"><b>${t(lang, 'nlEditorial', { lang: l.toUpperCase() })}</b></label><br>
  <textarea id="editorial-${l}" name="text" rows="3" maxlength="${MAX_EDITORIAL}" style="width:100%">${issue.editorial[l] ?? ''}</textarea>
  <button class="btn" type="submit">${t(lang, 'nlSave')}</button></form>`,
    )}</section>`
  : ''}
<div class="grid2">${VARIANTS.map(
      (v) => html`<section class="card" data-variant="${v}"><h3>${t(lang, v === 'figures-first' ? 'nlVariant_figures' : 'nlVariant_workplace')}</h3>
  <div class="issue-text">${preview(renderText(issue.variants[v], lang, v, issue.editorial[lang]))}</div></section>`,
    )}</div>`;
    sendPage(ctx, req, res, { title: t(lang, 'nlTitle'), active: 'newsletter', body });
  });

  router.post('/newsletter/:id/editorial', (req, res) => {
    const { lang } = locals(res);
    const id = Number(req.params.id);
    const b = req.body as Record<string, unknown>;
    const l: Lang = b.lang === 'en' ? 'en' : 'de';
    const r = Number.isSafeInteger(id) ? saveEditorial(app, id, l, typeof b.text === 'string' ? b.text : '') : null;
    const flash = r?.saved
      ? { text: t(lang, 'nlSaved') }
      : r?.reason === 'too-long'
        ? { text: t(lang, 'nlTooLong', { length: formatCount(r.length, lang), max: formatCount(r.max, lang) }), error: true }
        : { text: t(lang, 'nlNotDraft'), error: true };
    redirectBack(ctx, req, res, `/admin/newsletter/${id}`, flash);
  });

  router.post('/newsletter/:id/decide', (req, res) => {
    const { lang } = locals(res);
    const id = Number(req.params.id);
    const raw = (req.body as Record<string, unknown>).decision;
    // (a decision cannot be undone: anything but one of the two buttons' values decides nothing)
    if (raw !== 'approve' && raw !== 'skip') return redirectBack(ctx, req, res, `/admin/newsletter/${id}`, { text: t(lang, 'nlNoDecision'), error: true });
    const decision = raw;
    const d = Number.isSafeInteger(id) ? decideIssue(app, id, decision, null, ADMIN_NAME) : null;
    const flash = d?.ok
      ? { text: decision === 'approve' ? t(lang, 'nlApproved', { n: formatCount(d.queued, lang) }) : t(lang, `nlSkipped_${issuePeriod(app, d.issue)}`) }
      : { text: d?.reason === 'decided' ? t(lang, 'nlDecidedAlready') : d?.reason === 'outdated' ? t(lang, !d.ok && d.behind ? 'nlBehind' : 'nlOutdated') : t(lang, 'notFound'), error: true };
    app.log.info({ issue: id, decision, ok: d?.ok }, 'admin: newsletter decision');
    redirectBack(ctx, req, res, `/admin/newsletter/${id}`, flash);
  });
}
